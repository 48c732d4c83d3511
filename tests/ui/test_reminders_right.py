"""The reminders' lifecycle in the window: a hold-back that lasts, a stale rates table said, no
letters without a profile, a decision on Today that becomes a formal notice by hand, a hand-over,
and penalties on invoices paid late claimed or waived from the customer file."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models import Customer, HistoryEvent, Invoice, Reminder, ReminderItem, Setting
from app.domain.calendar import Clock
from app.services import ledger
from app.services.dunning import propose
from app.services.today import TodayKind
from app.ui.context import AppContext
from app.ui.dialogs.casework.hand_over_dialog import HandOverDialog
from app.ui.dialogs.casework.waive_dialog import WaiveDialog
from app.ui.main_window import MainWindow
from app.ui.reminders.proposals_model import SEND
from app.ui.reminders.reminders_view import RemindersView
from app.ui.reminders.run_dialog import RunDialog


def open_reminders(qtbot: QtBot, window: MainWindow) -> RemindersView:
    with qtbot.waitSignal(window.reminders.loaded, timeout=10000):
        window.navigation.show("reminders")
    return window.reminders


def names(view: RemindersView) -> list[str]:
    return [view.model.index(r, 1).data() for r in range(view.model.rowCount())]


def customer_id(context: AppContext, ref: str) -> int:
    with context.database.session_factory() as session:
        return session.scalars(select(Customer.id).where(Customer.ref == ref)).one()


def noticed_history(context: AppContext, ref: str, rank: int, days_ago: int) -> None:
    """The customer's invoices had the level `rank`, `days_ago` days before today."""
    today = context.clock.today()
    sent = today - timedelta(days=days_ago)
    with context.database.session_factory.begin() as session:
        cid = customer_id(context, ref)
        ids = session.scalars(select(Invoice.id).where(Invoice.customer_id == cid)).all()
        session.add(
            Reminder(
                customer_id=cid,
                batch="earlier",
                policy_key="standard_business",
                level_rank=rank,
                level_name="",
                template="",
                sent_on=sent,
                created_at=datetime.combine(sent, datetime.min.time()).astimezone(),
                channels="letter",
                currency="EUR",
                total_cents=0,
                items=[ReminderItem(invoice_id=i, open_cents=0, days_overdue=0) for i in ids],
            )
        )


def test_a_held_back_reminder_stays_held_back_until_its_day(
    qtbot: QtBot, window: MainWindow, context: AppContext, tmp_path: Path
) -> None:
    view = open_reminders(qtbot, window)
    legrand = names(view).index("Legrand Transports")
    view.table.selectRow(legrand)
    view.model.setData(
        view.model.index(legrand, SEND), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole
    )
    view.preview.show_row(view.model.row_at(legrand), view.day())
    view.preview.reason.setText("New owner, address to confirm")
    until = context.clock.today() + timedelta(days=9)
    view.preview.until.setDate(QDate(until.year, until.month, until.day))
    view.preview.reason.editingFinished.emit()
    dialog = view.open_run_dialog()
    dialog.path.setText(str(tmp_path / "letters.pdf"))
    with qtbot.waitSignal(dialog.finished_run, timeout=20000):
        dialog.start()
    with context.database.session_factory.begin() as session:
        for offset, held in ((1, True), (9, True), (10, False)):
            plan = propose(session, context.clock.today() + timedelta(days=offset))
            proposed = {p.proposal.customer.ref for p in plan.proposals}
            reasons = {s.customer.ref: s.reason.value for s in plan.skipped}
            assert ("411LEG" not in proposed) is held, offset
            assert (reasons.get("411LEG") == "held_back") is held, offset
        event = session.scalars(
            select(HistoryEvent).where(HistoryEvent.kind == "reminder_skipped")
        ).one()
        assert "New owner, address to confirm" in event.summary
        assert event.payload["until"] == until.isoformat()
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.reload()
    skipped = {
        view.skipped.index(r, 0).data(): view.skipped.index(r, 2).data()
        for r in range(view.skipped.rowCount())
    }
    assert skipped["411LEG"] == f"Held back until {until:%d/%m/%Y}"


def test_the_reminders_page_says_which_half_year_of_rates_is_missing(
    qtbot: QtBot, window: MainWindow
) -> None:
    view = open_reminders(qtbot, window)  # 22 November 2026: the table stops at 2026 H1
    assert view.warnings.isVisible()
    assert "2026-H2" in view.warnings.text() and "Reminder settings" in view.warnings.text()


def test_no_letters_without_a_company_profile(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    with context.database.session_factory.begin() as session:
        session.execute(Setting.__table__.delete().where(Setting.key == "company"))
    view = open_reminders(qtbot, window)
    dialog = view.open_run_dialog()
    assert not dialog.run_button.isEnabled()
    assert dialog.problem.isVisible()
    assert "company name, address, postcode, city, signatory" in dialog.problem.text()
    dialog.close()


def test_an_expired_formal_notice_becomes_a_decision_then_a_notice_by_hand(
    qtbot: QtBot, window: MainWindow, context: AppContext, tmp_path: Path
) -> None:
    noticed_history(context, "411LEG", 4, 30)  # FA-4, 174 days late: last amicable a month ago
    noticed_history(context, "411LEG", 5, 20)  # then the formal notice, expired since
    with qtbot.waitSignal(window.today.loaded, timeout=10000):
        window.navigation.show("today")
    today = window.today
    rows = [today.model.row_at(r) for r in range(today.model.rowCount())]
    (decision,) = [r for r in rows if r.kind is TodayKind.DECISION]
    assert decision.customer_name == "Legrand Transports"
    assert "Formal notice expired" in decision.summary
    row = today.proxy.mapFromSource(today.model.index(rows.index(decision), 0)).row()
    today.table.selectRow(row)
    assert today.decisions.isVisible()
    assert not today.decision_buttons["notice"].isEnabled()  # the notice was already sent
    today.decision_buttons["hand_over"].click()
    dialog = window.customer_view.casework.last_dialog
    assert isinstance(dialog, HandOverDialog)
    dialog.who.setText("Cabinet Durand")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    header = window.customer_view.header
    assert header.hold_badge.text().startswith("Handed over to a collection agency on")
    with context.database.session_factory.begin() as session:
        plan = propose(session, context.clock.today())
        assert not plan.decisions
        assert ("411LEG", "handed_over") in {(s.customer.ref, s.reason.value) for s in plan.skipped}


def test_the_gentle_policys_notice_by_hand_from_today_to_the_reminders_page(
    qtbot: QtBot, window: MainWindow, context: AppContext, tmp_path: Path
) -> None:
    with context.database.session_factory.begin() as session:
        legrand = session.get_one(Customer, customer_id(context, "411LEG"))
        legrand.dunning_policy = "gentle"
    noticed_history(context, "411LEG", 3, 25)  # Gentle's last automatic level
    with qtbot.waitSignal(window.today.loaded, timeout=10000):
        window.navigation.show("today")
    rows = [window.today.model.row_at(r) for r in range(window.today.model.rowCount())]
    (decision,) = [r for r in rows if r.kind is TodayKind.DECISION]
    assert decision.manual_rank == 4
    window.today.table.selectRow(
        window.today.proxy.mapFromSource(window.today.model.index(rows.index(decision), 0)).row()
    )
    assert window.today.decision_buttons["notice"].isEnabled()
    with qtbot.waitSignal(window.reminders.loaded, timeout=10000):
        window.today.decision_buttons["notice"].click()
    view = window.reminders
    assert names(view)[0] == "Legrand Transports"
    item = view.model.row_at(0).item
    assert item.proposal.level.formal_notice and item.proposal.level.manual_only
    for r in range(1, view.model.rowCount()):  # send only the notice
        view.model.setData(
            view.model.index(r, SEND), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole
        )
    dialog = view.open_run_dialog()
    assert isinstance(dialog, RunDialog)
    dialog.path.setText(str(tmp_path / "notice.pdf"))
    assert dialog.last_rates.isVisible()  # interest over 2026 H2, not in the table
    assert not dialog.run_button.isEnabled()
    dialog.last_rates.setChecked(True)
    assert dialog.run_button.isEnabled()
    with qtbot.waitSignal(dialog.finished_run, timeout=20000):
        dialog.start()
    with context.database.session_factory() as session:
        notice = session.scalars(select(Reminder).where(Reminder.batch != "earlier")).one()
        assert (notice.level_rank, notice.template) == (4, "formal_notice")
        assert notice.interest_cents > 0 and notice.fixed_cents == 4_000


def test_penalties_on_an_invoice_paid_late_claimed_or_waived_from_the_customer_file(
    qtbot: QtBot, context: AppContext, clock: Clock
) -> None:
    opened: list[Path] = []
    window = MainWindow(context, opener=lambda path: opened.append(path) or True)
    qtbot.addWidget(window)
    window.show()
    cid = customer_id(context, "411MAR")
    with context.database.session_factory.begin() as session:
        for number, due in (("FA-5", date(2026, 3, 31)), ("FA-6", date(2026, 4, 30))):
            invoice = ledger.add_invoice(
                session,
                clock,
                customer_id=cid,
                number=number,
                issue_date=due - timedelta(days=30),
                due_date=due,
                amount_cents=100_000,
            )
            ledger.record_payment(
                session,
                Clock.fixed(date(2026, 6, 10)),
                customer_id=cid,
                amount_cents=100_000,
                received_on=date(2026, 6, 10),
                allocate_to={invoice.id: None},
            )
    view = window.open_customer(cid)
    assert view.tabs.tabText(3) == "Paid late (2)"
    tab = view.penalties
    assert [tab.page.model.row_at(r).number for r in range(2)] == ["FA-5", "FA-6"]
    tab.page.table.selectRow(0)
    tab.waive_button.click()
    dialog = view.casework.last_dialog
    assert isinstance(dialog, WaiveDialog)
    dialog.reason.setText("Loyal customer since 2019")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    statuses = [tab.page.model.row_at(r).decision.value for r in range(2)]
    assert statuses == ["waived", "owed"]
    tab.page.table.clearSelection()
    tab.claim_button.click()  # none selected: all not decided yet, here FA-6
    assert len(opened) == 1 and opened[0].suffix == ".pdf"
    assert [tab.page.model.row_at(r).decision.value for r in range(2)] == ["waived", "claimed"]
    assert not tab.claim_button.isEnabled()
    with context.database.session_factory() as session:
        kinds = session.scalars(
            select(HistoryEvent.kind).where(HistoryEvent.customer_id == cid)
        ).all()
        assert "penalties_waived" in kinds and "penalties_claimed" in kinds


def test_taking_a_debt_back_resumes_the_reminders(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    view = window.open_customer(customer_id(context, "411DUP"))
    assert view.hand_over_action.isVisible() and not view.take_back_action.isVisible()
    view.hand_over_action.trigger()
    dialog = view.casework.last_dialog
    assert isinstance(dialog, HandOverDialog)
    dialog.to.setCurrentIndex(dialog.to.findData("lawyer"))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert view.take_back_action.isVisible()
    assert "a lawyer" in view.header.hold_badge.text()
    view.take_back_action.trigger()
    assert not view.take_back_action.isVisible()
    with context.database.session_factory.begin() as session:
        plan = propose(session, context.clock.today())
        assert "411DUP" in {p.proposal.customer.ref for p in plan.proposals}
