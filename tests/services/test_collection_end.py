"""After the last level: a decision on Today, a formal notice by hand, a hand-over, a write-off."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.migrate import Database
from app.db.models import Contact, HistoryEvent, Invoice, Promise, Reminder
from app.domain.calendar import Clock
from app.services import collection_end, ledger, promises
from app.services.collection_end import HandedTo
from app.services.dunning import manual_proposal, propose
from app.services.dunning_run import run_reminders
from app.services.ledger import LedgerError
from app.services.promise_followup import evaluate_promises
from app.services.today import TodayKind, worklist

START = date(2026, 3, 1)


@pytest.fixture
def book(db: Database, sign_letters: Callable[[Session], object]) -> tuple[Database, int]:
    clock = Clock.fixed(START)
    with db.session_factory.begin() as session:
        sign_letters(session)
        customer = ledger.create_customer(session, clock, ref="411SIL", name="Silence SA")
        session.add(
            Contact(customer_id=customer.id, name="Compta", email="c@silence.fr", is_primary=True)
        )
        ledger.add_invoice(
            session,
            clock,
            customer_id=customer.id,
            number="FA-1",
            issue_date=date(2026, 1, 31),
            due_date=date(2026, 2, 28),
            amount_cents=250_000,
        )
        return db, customer.id


def walk(db: Database, tmp_path: Path, first: date, days: int) -> None:
    for offset in range(days):
        day = first + timedelta(days=offset)
        with db.session_factory.begin() as session:
            run_reminders(
                session,
                Clock.fixed(day),
                propose(session, day).proposals,
                as_of=day,
                database_dir=tmp_path,
                letters_pdf=None,
                accept_last_rates=True,
            )


def test_an_expired_formal_notice_is_on_today_with_its_choices(
    book: tuple[Database, int], tmp_path: Path
) -> None:
    db, customer_id = book
    walk(db, tmp_path, START, 70)
    with db.session_factory() as session:
        notice = session.scalars(select(Reminder).where(Reminder.template == "formal_notice")).one()
    expired = notice.sent_on + timedelta(days=11)  # 10 days given (8 to 15), then one more
    with db.session_factory.begin() as session:
        items = worklist(session, expired)
        plan = propose(session, expired)
    (decision,) = [i for i in items if i.kind is TodayKind.DECISION]
    assert decision.customer_id == customer_id and "2 500,00" not in decision.summary
    assert "€2,500.00" in decision.summary
    assert [d.reason.value for d in plan.decisions] == ["notice_expired"]
    assert plan.to_json()["decisions"] == [
        {
            "customer_ref": "411SIL",
            "customer_name": "Silence SA",
            "reason": "notice_expired",
            "since": expired.isoformat(),
            "amount": "2500.00",
            "currency": "EUR",
            "manual_level": None,
        }
    ]
    with db.session_factory.begin() as session:  # the day before, the notice still runs
        assert not propose(session, expired - timedelta(days=1)).decisions


def test_a_debt_handed_over_is_not_reminded_until_taken_back(
    book: tuple[Database, int], tmp_path: Path
) -> None:
    db, customer_id = book
    clock = Clock.fixed(date(2026, 3, 10))
    with db.session_factory.begin() as session:
        collection_end.hand_over(session, clock, customer_id, HandedTo.AGENCY, "Cabinet Durand")
        plan = propose(session, clock.today())
        assert [(s.customer.ref, s.reason.value) for s in plan.skipped] == [
            ("411SIL", "handed_over")
        ]
        with pytest.raises(LedgerError):
            collection_end.hand_over(session, clock, customer_id, HandedTo.LAWYER, "")
    with db.session_factory.begin() as session:
        collection_end.take_back(session, clock, customer_id)
        assert [p.proposal.customer.ref for p in propose(session, clock.today()).proposals] == [
            "411SIL"
        ]
        kinds = session.scalars(
            select(HistoryEvent.kind).where(HistoryEvent.kind.in_(("handed_over", "taken_back")))
        ).all()
        assert kinds == ["handed_over", "taken_back"]


def test_a_write_off_settles_the_debt_without_keeping_any_promise(
    book: tuple[Database, int],
) -> None:
    db, customer_id = book
    clock = Clock.fixed(date(2026, 3, 10))
    with db.session_factory.begin() as session:
        promises.record_promise(
            session, clock, customer_id, amount_cents=250_000, promised_on=date(2026, 3, 20)
        )
        totals = collection_end.write_off(session, clock, customer_id, "Liquidation closed")
        assert totals == {"EUR": 250_000}
        assert session.scalars(select(Invoice.open_cents)).all() == [0]
        assert propose(session, clock.today()).proposals == []
    with db.session_factory.begin() as session:
        evaluate_promises(session, Clock.fixed(date(2026, 3, 30)))
        assert session.scalars(select(Promise.status)).one() == "broken"
        event = session.scalars(
            select(HistoryEvent).where(HistoryEvent.kind == "written_off")
        ).one()
        assert "Liquidation closed" in event.summary and "€2,500.00" in event.summary
    with db.session_factory.begin() as session, pytest.raises(LedgerError):
        collection_end.write_off(session, clock, customer_id, "again")


def test_a_formal_notice_by_hand_is_refused_before_the_amicable_steps(
    book: tuple[Database, int],
) -> None:
    db, customer_id = book
    with db.session_factory.begin() as session, pytest.raises(Exception, match="amicable"):
        manual_proposal(session, customer_id, 5, date(2026, 3, 10))
