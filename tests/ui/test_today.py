"""Today: a promise taken on a call shows up on its day, and opens the customer."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.cli import main
from app.db.casework import CallOutcome
from app.db.models import Customer
from app.domain.calendar import Clock
from app.services import hold, interactions, outbox
from app.ui.context import AppContext
from app.ui.dialogs.casework.call_dialog import CallDialog
from app.ui.dialogs.casework.promise_dialog import PromiseDialog
from app.ui.main_window import MainWindow
from app.ui.views.today_view import TodayView


def test_a_promise_from_a_call_outcome_is_in_today_on_its_day(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    with context.database.session_factory() as session:
        dupont = session.scalars(select(Customer.id).where(Customer.ref == "411DUP")).one()
    view = window.open_customer(dupont)
    view.call_button.click()
    call = view.casework.last_dialog
    assert isinstance(call, CallDialog)
    call.outcome_box.setCurrentIndex(call.outcome_box.findData(CallOutcome.PROMISED.value))
    call.ok_button.click()
    promise = view.casework.last_dialog
    assert isinstance(promise, PromiseDialog)
    promise.amount.setText("300,00")
    promised_on = context.clock.today() + timedelta(days=7)
    promise.ok_button.click()
    later = AppContext(context.database, Clock.fixed(promised_on), "EUR")
    today = TodayView(later)
    qtbot.addWidget(today)
    with qtbot.waitSignal(today.loaded, timeout=5000):
        today.reload()
    rows = [
        (
            today.model.index(r, 0).data(),
            today.model.index(r, 1).data(),
            today.model.index(r, 3).data(),
        )
        for r in range(today.model.rowCount())
    ]
    assert ("Promise due today", "Dupont et Fils SARL", "Promised €300.00 for today") in rows
    due = next(r for r, row in enumerate(rows) if row[0] == "Promise due today")
    with qtbot.waitSignal(today.open_customer, timeout=1000) as opened:
        today.activated.emit(today.model.row_at(due))
    assert opened.args == [dupont]


def test_today_json_lists_calls_failed_emails_and_holds_ending(
    context: AppContext, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = context.clock
    with context.database.session_factory.begin() as session:
        legrand = session.scalars(select(Customer).where(Customer.ref == "411LEG")).one()
        interactions.log_call(
            session,
            clock,
            legrand.id,
            CallOutcome.VOICEMAIL,
            note="Rappeler jeudi",
            next_action_on=clock.today() + timedelta(days=2),
        )
        hold.set_hold(session, clock, legrand.id, "Rachat", clock.today() + timedelta(days=3))
        message = outbox.queue_email(
            session,
            clock,
            customer_id=legrand.id,
            to_address="x@legrand.example",
            to_name="",
            subject="Relance",
            body="…",
        )
        message.status, message.last_error = "failed", "550 no such user"
    context.database.dispose()
    as_of = (clock.today() + timedelta(days=2)).isoformat()
    assert main(["--db", str(db_path), "today", "--as-of", as_of, "--format", "json"]) == 0
    items = json.loads(capsys.readouterr().out)
    kinds = [(i["kind"], i["customer_ref"]) for i in items]
    assert kinds == [
        ("reminders", ""),
        ("call", "411LEG"),
        ("email_failed", "411LEG"),
        ("hold_ends", "411LEG"),
    ]
    assert items[0]["summary"] == "1 reminder proposed, 1 by post"
    assert items[2]["summary"] == "Relance — 550 no such user"


def test_promises_exported_to_a_calendar_from_the_window(
    qtbot: QtBot, window: MainWindow, context: AppContext, tmp_path: Path
) -> None:
    from icalendar import Calendar

    from app.services import promises as promise_service

    with context.database.session_factory.begin() as session:
        dupont = session.scalars(select(Customer).where(Customer.ref == "411DUP")).one()
        promise_service.record_promise(
            session,
            context.clock,
            dupont.id,
            amount_cents=30_000,
            promised_on=context.clock.today() + timedelta(days=5),
        )
    target = window.export_promises(str(tmp_path / "p.ics"))
    assert target is not None
    events = [c for c in Calendar.from_ical(target.read_bytes()).walk() if c.name == "VEVENT"]
    assert [str(e["summary"]) for e in events] == ["Dupont et Fils SARL (411DUP) promised €300.00"]


def test_broken_promises_since_the_previous_day_of_visit(context: AppContext) -> None:
    from datetime import date

    from app.services.today import last_visit, mark_visit

    with context.database.session_factory.begin() as session:
        assert last_visit(session) is None
        mark_visit(session, date(2026, 11, 20))
        mark_visit(session, date(2026, 11, 22))
        mark_visit(session, date(2026, 11, 22))  # several visits a day keep the previous day
        since = last_visit(session)
    assert since is not None and since.date() == date(2026, 11, 20)
