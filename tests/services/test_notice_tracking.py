"""A registered formal notice's tracking number and receipt: kept, in the history, asked for on
Today, and the notice's deadline counted from the receipt."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import i18n
from app.db.dunning import Reminder
from app.db.migrate import Database
from app.db.models import Customer, HistoryEvent
from app.domain.calendar import Clock
from app.domain.dunning import DecisionReason
from app.services import notice_tracking
from app.services.dunning import propose
from app.services.dunning_run import run_reminders
from app.services.history_text import event_text
from app.services.notice_tracking import TrackingError
from app.services.today import TodayItem, TodayKind, worklist
from app.ui.context import AppContext
from app.ui.views.today_view import TodayView
from tests.registered_book import NOTICES, TODAY, fill


@pytest.fixture
def sent(db: Database, tmp_path_factory: pytest.TempPathFactory) -> Database:
    """The day's run done: three formal notices went by registered letter, one ordinary letter."""
    i18n.set_language("en")
    fill(db)
    clock = Clock.fixed(TODAY)
    folder = tmp_path_factory.mktemp("run")
    with db.session_factory.begin() as session:
        plan = propose(session, TODAY)
        run_reminders(
            session,
            clock,
            plan.proposals,
            as_of=TODAY,
            database_dir=db.path.parent,
            letters_pdf=folder / "letters.pdf",
        )
    return db


def notice_of(db: Database, ref: str) -> int:
    with db.session_factory() as session:
        return session.scalars(
            select(Reminder.id)
            .join(Customer, Customer.id == Reminder.customer_id)
            .where(Customer.ref == ref, Reminder.registered)
        ).one()


def decisions_on(db: Database, day: date) -> set[str]:
    with db.session_factory() as session:
        return {
            d.customer.ref
            for d in propose(session, day).decisions
            if d.reason is DecisionReason.NOTICE_EXPIRED
        }


def test_the_run_marks_formal_notices_by_post_as_registered_and_nothing_else(
    sent: Database,
) -> None:
    with sent.session_factory() as session:
        registered = set(
            session.scalars(
                select(Customer.ref)
                .join(Reminder, Reminder.customer_id == Customer.id)
                .where(Reminder.registered)
            )
        )
    assert registered == set(NOTICES)


def test_today_asks_for_the_receipt_from_the_next_day_until_it_is_entered(sent: Database) -> None:
    clock = Clock.fixed(TODAY + timedelta(days=3))
    with sent.session_factory() as session:
        assert not notice_tracking.awaiting_receipt(session, TODAY)  # posted today
        asked = [i for i in worklist(session, clock.today()) if i.kind is TodayKind.NOTICE_RECEIPT]
    assert {i.customer_ref for i in asked} == set(NOTICES)
    assert all(i.reminder_id is not None for i in asked)
    assert "posted by registered letter" in asked[0].summary
    with sent.session_factory.begin() as session:
        notice_tracking.record_receipt(
            session, clock, notice_of(sent, "411NOT"), "1a 123 456-7890 1", TODAY + timedelta(1)
        )
    with sent.session_factory() as session:
        left = {i.customer_ref for i in notice_tracking_lines(session, clock.today())}
    assert left == set(NOTICES) - {"411NOT"}


def notice_tracking_lines(session: Session, day: date) -> list[TodayItem]:
    return [i for i in worklist(session, day) if i.kind is TodayKind.NOTICE_RECEIPT]


def test_the_deadline_runs_from_the_receipt_when_it_is_known(sent: Database) -> None:
    clock = Clock.fixed(TODAY + timedelta(days=6))
    with sent.session_factory() as session:
        notice = notice_tracking.registered_notices(session, customer_id(sent, "411NOT"))[0]
        days = (notice.deadline - notice.sent_on).days
    assert 8 <= days <= 15
    expired_if_sent = TODAY + timedelta(days=days + 1)
    assert "411NOT" in decisions_on(sent, expired_if_sent)  # no receipt: counted from posting
    received = TODAY + timedelta(days=5)
    with sent.session_factory.begin() as session:
        text = notice_tracking.record_receipt(
            session, clock, notice_of(sent, "411NOT"), "1A12345678901", received
        )
    assert "received on" in text
    assert "411NOT" not in decisions_on(sent, expired_if_sent)  # still within its time
    assert "411NOT" not in decisions_on(sent, received + timedelta(days=days))
    assert "411NOT" in decisions_on(sent, received + timedelta(days=days + 1))
    assert "411MUL" in decisions_on(sent, expired_if_sent)  # the others: from posting still


def customer_id(db: Database, ref: str) -> int:
    with db.session_factory() as session:
        return session.scalars(select(Customer.id).where(Customer.ref == ref)).one()


def test_tracking_and_receipt_go_into_the_history_in_the_windows_language(
    sent: Database,
) -> None:
    clock = Clock.fixed(TODAY + timedelta(days=4))
    with sent.session_factory.begin() as session:
        notice_tracking.record_receipt(
            session, clock, notice_of(sent, "411NOT"), "1A 123 456 7890 1", date(2026, 11, 25)
        )
    with sent.session_factory() as session:
        event = session.scalars(
            select(HistoryEvent).where(HistoryEvent.kind == "notice_tracked")
        ).one()
    english = event_text(event.kind, event.payload, event.summary)
    assert "tracking number 1A12345678901" in english
    assert "received on 25 Nov 2026: to be paid by" in english
    i18n.set_language("fr")
    try:
        french = event_text(event.kind, event.payload, event.summary)
    finally:
        i18n.set_language("en")
    assert "reçue le 25 nov. 2026" in french and "received" not in french


def test_a_bad_number_or_an_impossible_day_is_refused_and_nothing_is_kept(
    sent: Database,
) -> None:
    clock = Clock.fixed(TODAY + timedelta(days=4))
    reminder = notice_of(sent, "411NOT")
    for number, day, said in (
        ("12?", None, "not a tracking number"),
        ("1A12345678901", TODAY - timedelta(days=1), "between the day it was posted"),
        ("1A12345678901", TODAY + timedelta(days=5), "between the day it was posted"),
    ):
        with pytest.raises(TrackingError, match=said), sent.session_factory.begin() as session:
            notice_tracking.record_receipt(session, clock, reminder, number, day)
    with sent.session_factory() as session:
        kept = session.get_one(Reminder, reminder)
        assert (kept.tracking_number, kept.received_on) == (None, None)
        assert (
            session.scalars(select(HistoryEvent).where(HistoryEvent.kind == "notice_tracked")).all()
            == []
        )


def test_the_receipt_is_typed_from_todays_line(qtbot: QtBot, sent: Database) -> None:
    clock = Clock.fixed(TODAY + timedelta(days=3))
    view = TodayView(AppContext(sent, clock))
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=20000):
        view.reload()
    line = next(
        i
        for i in view.model.rows()
        if i.kind is TodayKind.NOTICE_RECEIPT and i.customer_ref == "411NOT"
    )
    dialog = view.enter_receipt(line)
    chosen = dialog.notice()
    assert chosen is not None and chosen.reminder_id == line.reminder_id
    dialog.number.setText("1A 123 456 7890 1")
    dialog.received.setChecked(True)
    dialog.received_on.set_value(TODAY + timedelta(days=2))
    assert "run from its receipt" in dialog.deadline.text()
    with qtbot.waitSignal(view.loaded, timeout=20000):
        dialog.submit()
    assert "411NOT" not in {
        i.customer_ref for i in view.model.rows() if i.kind is TodayKind.NOTICE_RECEIPT
    }
    with sent.session_factory() as session:
        kept = session.get_one(Reminder, line.reminder_id)
        assert (kept.tracking_number, kept.received_on) == (
            "1A12345678901",
            TODAY + timedelta(days=2),
        )
