"""Local jobs catch up after days closed: every promise judged and notified exactly once."""

from __future__ import annotations

from datetime import date, timedelta

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import Customer, HistoryEvent, Invoice
from app.domain.calendar import Clock
from app.services import promises
from app.ui.context import AppContext
from app.ui.mail_scheduler import MailScheduler

DUE = date(2026, 11, 25)


def promise_from_dupont(context: AppContext) -> None:
    with context.database.session_factory.begin() as session:
        dupont = session.scalars(select(Customer).where(Customer.ref == "411DUP")).one()
        invoice = session.scalars(select(Invoice).where(Invoice.number == "FA-1")).one()
        promises.record_promise(
            session,
            context.clock,
            dupont.id,
            amount_cents=120_000,
            promised_on=DUE,
            invoice_ids=[invoice.id],
        )


def run(qtbot: QtBot, jobs: MailScheduler) -> list[str]:
    seen: list[str] = []
    jobs.attention.connect(seen.extend)
    jobs.run_once()
    jobs.attention.disconnect(seen.extend)
    return seen


def test_closed_for_days_then_every_reminder_once(qtbot: QtBot, context: AppContext) -> None:
    promise_from_dupont(context)
    jobs = MailScheduler(context)
    context.clock = Clock.fixed(DUE - timedelta(days=2))
    assert run(qtbot, jobs) == [
        "Dupont et Fils SARL — €1,200.00 promised in 2 days: a courtesy word to the customer?"
    ]
    assert run(qtbot, jobs) == []  # the same day again: nothing twice
    context.clock = Clock.fixed(DUE)
    assert run(qtbot, jobs) == ["Dupont et Fils SARL — Promised €1,200.00 for today"]
    # Relance closed for four days: the promise has broken meanwhile
    context.clock = Clock.fixed(DUE + timedelta(days=4))
    assert run(qtbot, jobs) == ["Dupont et Fils SARL — Promise broken: €1,200.00 by 25 Nov 2026"]
    assert run(qtbot, jobs) == []
    restarted = MailScheduler(context)  # a new start remembers what was shown
    assert run(qtbot, restarted) == []
    with context.database.session_factory() as session:
        broken = session.scalars(
            select(HistoryEvent).where(HistoryEvent.kind == "promise_broken")
        ).all()
    assert len(broken) == 1


class Laptop:
    """The two clocks of a laptop: the wall clock, and the monotonic one, which stops in sleep."""

    def __init__(self) -> None:
        self.wall, self.monotonic = 1_790_000_000.0, 5_000.0

    def awake(self, seconds: float) -> None:
        self.wall += seconds
        self.monotonic += seconds

    def asleep(self, seconds: float) -> None:
        self.wall += seconds


def test_a_jump_of_the_wall_clock_is_noticed(qtbot: QtBot, context: AppContext) -> None:
    laptop = Laptop()
    jobs = MailScheduler(context, wall=lambda: laptop.wall, monotonic=lambda: laptop.monotonic)
    assert not jobs.clock_jumped()  # the first look has nothing to compare with
    laptop.awake(120)
    assert not jobs.clock_jumped()
    laptop.asleep(3600)
    assert jobs.clock_jumped()
    laptop.awake(120)
    assert not jobs.clock_jumped()  # noticed once; the next round is an ordinary one
