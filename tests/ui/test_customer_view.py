"""The customer file, driven as a credit manager would: calls, disputes, notes, hold, contacts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.db.casework import CallOutcome
from app.db.models import (
    CreditNote,
    Customer,
    Dispute,
    HistoryEvent,
    Interaction,
    Invoice,
    Promise,
)
from app.domain.calendar import Clock
from app.domain.disputes import DisputeReason, DisputeStatus
from app.domain.events import EventGroup, EventKind
from app.services import disputes, history
from app.ui.context import AppContext
from app.ui.customer.customer_view import CustomerView
from app.ui.dialogs.casework.call_dialog import CallDialog
from app.ui.dialogs.casework.close_dispute_dialog import CloseDisputeDialog
from app.ui.dialogs.casework.dispute_dialog import DisputeDialog
from app.ui.dialogs.casework.hold_dialog import HoldDialog
from app.ui.dialogs.casework.invoice_picker import AMOUNT
from app.ui.dialogs.casework.note_dialog import NoteDialog
from app.ui.dialogs.casework.promise_dialog import PromiseDialog
from app.ui.main_window import MainWindow
from app.ui.models.timeline import DETAILS, WHAT


def customer_id(context: AppContext, ref: str) -> int:
    with context.database.session_factory() as session:
        return session.scalars(select(Customer.id).where(Customer.ref == ref)).one()


def invoice_id(context: AppContext, number: str) -> int:
    with context.database.session_factory() as session:
        return session.scalars(select(Invoice.id).where(Invoice.number == number)).one()


def timeline_rows(view: CustomerView) -> list[tuple[str, str]]:
    proxy = view.timeline.proxy
    return [
        (proxy.index(r, WHAT).data(), proxy.index(r, DETAILS).data())
        for r in range(proxy.rowCount())
    ]


def open_file(window: MainWindow, context: AppContext, ref: str) -> CustomerView:
    return window.open_customer(customer_id(context, ref))


def start_call(view: CustomerView, outcome: CallOutcome) -> CallDialog:
    """Click Log a call and choose the outcome, as the user would in two keystrokes."""
    view.call_button.click()
    call = view.casework.last_dialog
    assert isinstance(call, CallDialog)
    call.outcome_box.setCurrentIndex(call.outcome_box.findData(outcome.value))
    return call


def test_header_shows_identity_contact_and_figures(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    view = open_file(window, context, "411DUP")
    assert window.navigation.current_key() == "customer"
    assert view.header.name.text() == "Dupont et Fils SARL"
    assert "411DUP" in view.header.identity.text()
    assert "compta@dupont.fr" in view.header.contact.text()
    assert "Standard business (from the segment)" in view.header.policy.text()
    assert view.header.due.value.text() == "€1,500.00"
    assert view.header.overdue.value.text() == "€1,500.00"
    assert view.header.disputed.value.text() == "€0.00"
    assert view.header.promises.value.text() == "—"
    assert view.header.hold_badge.isHidden()
    assert not view.pinned.isVisible()
    assert view.tabs.tabText(1) == "Invoices (2 open)"
    assert [what for what, _details in timeline_rows(view)] == [
        "Invoice",
        "Invoice",
        "Customer created",
    ]


def test_a_call_that_raises_a_dispute_leads_into_the_dispute_and_both_are_in_the_timeline(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    view = open_file(window, context, "411DUP")
    call = start_call(view, CallOutcome.DISPUTE)
    assert call.ok_button.text() == "Log and open a dispute…"
    call.note.setPlainText("Says two boxes were missing from the delivery")
    qtbot.mouseClick(call.ok_button, Qt.MouseButton.LeftButton)

    dispute = view.casework.last_dialog
    assert isinstance(dispute, DisputeDialog) and dispute.isVisible()
    row = dispute.invoices.row_of(invoice_id(context, "FA-1"))
    dispute.invoices.set_checked([invoice_id(context, "FA-1")])
    dispute.invoices.item(row, AMOUNT).setText("400,00")
    dispute.reason.setCurrentIndex(dispute.reason.findData(DisputeReason.DELIVERY.value))
    qtbot.mouseClick(dispute.ok_button, Qt.MouseButton.LeftButton)
    assert not dispute.isVisible()

    rows = timeline_rows(view)
    assert rows[0][0] == "Dispute opened"
    assert "FA-1 (€400.00)" in rows[0][1] and "Delivery" in rows[0][1]
    assert rows[1] == (
        "Call",
        "Call with Compta: Raised a dispute — Says two boxes were missing from the delivery",
    )
    assert view.header.disputed.value.text() == "€400.00"
    view.timeline.set_groups({EventGroup.CALLS})
    assert [what for what, _d in timeline_rows(view)] == ["Call"]
    with context.database.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Dispute)) == 1
        assert session.scalar(select(func.count()).select_from(Interaction)) == 1
    assert "Dispute opened" in window.statusBar().currentMessage()


def test_a_promise_heard_on_the_phone_is_recorded_with_its_invoices(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    view = open_file(window, context, "411DUP")
    call = start_call(view, CallOutcome.PROMISED)
    call.ok_button.click()
    promise = view.casework.last_dialog
    assert isinstance(promise, PromiseDialog)
    promise.invoices.set_checked([invoice_id(context, "FA-2")])
    assert promise.amount.text() == "€300.00"
    promise.ok_button.click()
    assert not promise.isVisible()
    with context.database.session_factory() as session:
        made = session.scalars(select(Promise)).one()
        assert (made.amount_cents, made.channel) == (30000, "phone")
    assert timeline_rows(view)[0][0] == "Promise"
    assert "for FA-2" in timeline_rows(view)[0][1]


def test_a_refused_dispute_keeps_the_dialog_open_and_writes_nothing(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    view = open_file(window, context, "411DUP")
    view.dispute_button.click()
    dialog = view.casework.last_dialog
    assert isinstance(dialog, DisputeDialog)
    fa2 = invoice_id(context, "FA-2")
    dialog.invoices.set_checked([fa2])
    dialog.invoices.item(dialog.invoices.row_of(fa2), AMOUNT).setText("301,00")
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert "more than the €300.00 of invoice FA-2" in dialog.problem.text()
    dialog.invoices.item(dialog.invoices.row_of(fa2), AMOUNT).setText("trois cents")
    dialog.ok_button.click()
    assert dialog.problem.text() == "“trois cents” is not an amount (invoice FA-2)."
    with context.database.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Dispute)) == 0
        kinds = set(session.scalars(select(HistoryEvent.kind)))
        assert EventKind.DISPUTE_OPENED.value not in kinds


def test_closing_a_dispute_as_resolved_issues_the_credit_note(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    fa1 = invoice_id(context, "FA-1")
    with context.database.session_factory.begin() as session:
        disputes.open_dispute(
            session, context.clock, invoices={fa1: 25000}, reason=DisputeReason.PRICE
        )
    view = open_file(window, context, "411DUP")
    view.tabs.setCurrentWidget(view.invoices)
    assert view.invoices.select_invoice(fa1)
    assert view.invoices.close_button.isEnabled()
    history_texts = [
        view.invoices.history.index(r, DETAILS).data()
        for r in range(view.invoices.history.rowCount())
    ]
    assert any("Dispute opened (Price)" in t for t in history_texts)
    view.invoices.close_button.click()
    dialog = view.casework.last_dialog
    assert isinstance(dialog, CloseDisputeDialog)
    dialog.resolved_button.setChecked(True)
    assert dialog.credit.isChecked() and dialog.credit_number.text() == "AV-FA-1"
    dialog.ok_button.click()
    with context.database.session_factory() as session:
        assert session.scalars(select(Dispute.status)).one() == DisputeStatus.RESOLVED.value
        assert session.scalars(select(CreditNote.amount_cents)).one() == 25000
        assert session.get_one(Invoice, fa1).open_cents == 120000 - 25000
    assert view.header.disputed.value.text() == "€0.00"
    assert [what for what, _d in timeline_rows(view)][:2] == ["Credit note", "Dispute closed"]


def test_a_pinned_note_shows_under_the_header_until_unpinned(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    view = open_file(window, context, "411MAR")
    view.note_button.click()
    dialog = view.casework.last_dialog
    assert isinstance(dialog, NoteDialog)
    dialog.ok_button.click()
    assert dialog.problem.text() == "A note cannot be empty."
    dialog.text.setPlainText("Appeler le gérant après 17 h, jamais le comptable.")
    dialog.pinned.setChecked(True)
    dialog.ok_button.click()
    assert view.pinned.isVisible()
    assert [label.text() for label in view.pinned.labels] == [
        "Appeler le gérant après 17 h, jamais le comptable."
    ]
    view.timeline.search.setText("GERANT")  # accents and case aside
    assert [what for what, _d in timeline_rows(view)] == ["Note"]
    unpin = view.pinned.findChild(type(view.call_button), "unpin_note")
    assert unpin is not None
    unpin.click()
    assert not view.pinned.isVisible()
    assert [what for what, _d in timeline_rows(view)] == ["Note", "Note"]


def test_hold_with_an_end_date_then_lifted(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    view = open_file(window, context, "411LEG")
    view.hold_button.click()
    dialog = view.casework.last_dialog
    assert isinstance(dialog, HoldDialog)
    dialog.reason.setText("Takeover in progress")
    dialog.has_end.setChecked(True)
    dialog.ok_button.click()
    assert view.header.hold_badge.text() == "On hold until 22/12/2026"
    assert view.hold_button.text() == "Lift the hold"
    view.hold_button.click()
    assert view.header.hold_badge.isHidden()
    with context.database.session_factory() as session:
        assert not session.scalars(select(Customer.on_hold).where(Customer.ref == "411LEG")).one()
    assert [what for what, _d in timeline_rows(view)][:2] == ["Hold lifted", "On hold"]


def test_contacts_added_and_made_primary_show_in_the_header(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    view = open_file(window, context, "411DUP")
    view.tabs.setCurrentWidget(view.contacts)
    view.contacts.add_button.click()
    dialog = view.casework.last_dialog
    assert dialog is not None
    dialog.name.setText("Sylvie Garnier")  # type: ignore[attr-defined]
    dialog.email.setText("not an address")  # type: ignore[attr-defined]
    dialog.ok_button.click()
    assert "is not an email address" in dialog.problem.text()
    dialog.email.setText("s.garnier@dupont.fr")  # type: ignore[attr-defined]
    dialog.best_time.setText("after 5 pm")  # type: ignore[attr-defined]
    dialog.ok_button.click()
    assert view.tabs.tabText(2) == "Contacts (2)"
    assert "Compta" in view.header.contact.text()  # the primary is unchanged
    view.contacts.select_contact(
        next(c.id for c in view.contacts.page.model.rows() if c.name == "Sylvie Garnier")
    )
    view.contacts.primary_button.click()
    assert "Sylvie Garnier" in view.header.contact.text()
    assert "best reached after 5 pm" in view.header.contact.text()


def test_double_clicking_a_letter_opens_its_archived_pdf(
    qtbot: QtBot, context: AppContext, clock: Clock, tmp_path: Path
) -> None:
    opened: list[Path] = []
    window = MainWindow(context, opener=lambda path: opened.append(path) or True)
    qtbot.addWidget(window)
    window.show()
    pdf = context.database.path.parent / "letters" / "relance-1.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(b"%PDF-1.4\n")
    with context.database.session_factory.begin() as session:
        event = history.record(
            session,
            clock,
            customer_id(context, "411DUP"),
            EventKind.LETTER_SENT,
            "Reminder letter (first level) for FA-1",
        )
        event.document_path = "letters/relance-1.pdf"
    view = open_file(window, context, "411DUP")
    table = view.timeline.table
    index = view.timeline.proxy.index(0, DETAILS)
    assert index.data() == "Reminder letter (first level) for FA-1"
    centre = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert opened == [pdf]


def test_disputes_page_lists_open_disputes_and_opens_the_customer(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    with context.database.session_factory.begin() as session:
        disputes.open_dispute(
            session,
            Clock.fixed(context.clock.today().replace(day=2)),
            invoices={invoice_id(context, "FA-4"): None},
            reason=DisputeReason.QUALITY,
            note="Scratched panels",
        )
    with qtbot.waitSignal(window.disputes.loaded, timeout=5000):
        window.navigation.show("disputes")
    model = window.disputes.model
    assert model.rowCount() == 1
    assert [model.index(0, c).data() for c in range(model.columnCount())] == [
        "Legrand Transports",
        "FA-4",
        "Quality",
        "€9,900.00",
        "02/11/2026",
        "20 days",
        "Scratched panels",
    ]
    window.disputes.table.selectRow(0)
    window.disputes.customer_button.click()
    assert window.navigation.current_key() == "customer"
    assert window.customer_view.header.name.text() == "Legrand Transports"
    window.customer_view.back_button.click()
    assert window.navigation.current_key() == "disputes"


def test_removing_a_contact_asks_first(
    qtbot: QtBot, window: MainWindow, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = open_file(window, context, "411DUP")
    only = view.contacts.page.model.rows()[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.No)
    assert not view.casework.remove_contact(only)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    assert view.casework.remove_contact(only)
    assert view.tabs.tabText(2) == "Contacts (0)"
    assert "No contact yet" in view.header.contact.text()
    assert QApplication.activeModalWidget() is None


def test_keyboard_logs_a_call_and_escape_goes_back(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    view = open_file(window, context, "411DUP")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.timeline.table.setFocus()
    qtbot.keyClick(view.timeline.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.casework.last_dialog is not None)  # buttons animate the click
    dialog = view.casework.last_dialog
    assert isinstance(dialog, CallDialog) and dialog.isVisible()
    dialog.reject()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.timeline.search.setFocus()
    qtbot.keyClick(view.timeline.search, Qt.Key.Key_Escape)
    assert window.navigation.current_key() == "customers"


def test_a_policy_chosen_by_hand_replaces_the_segments(
    qtbot: QtBot, window: MainWindow, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    view = open_file(window, context, "411DUP")
    monkeypatch.setattr(
        QInputDialog, "getItem", lambda *_a, **_k: ("Gentle (premium customers)", True)
    )
    assert view.casework.choose_policy()
    assert "Dunning policy: Gentle (premium customers)" in view.header.policy.text()
    assert "(from the segment)" not in view.header.policy.text()
    assert timeline_rows(view)[0] == (
        "Customer changed",
        "Dunning policy: Gentle (premium customers)",
    )
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: ("From the segment", True))
    assert view.casework.choose_policy()
    assert "Standard business (from the segment)" in view.header.policy.text()


def test_a_one_off_email_goes_to_the_outbox_and_the_history(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    from app.db.models import OutboxMessage
    from app.ui.dialogs.casework.email_dialog import EmailDialog

    view = open_file(window, context, "411DUP")
    view.email_button.click()
    dialog = view.casework.last_dialog
    assert isinstance(dialog, EmailDialog)
    assert dialog.to.currentText() == "Compta <compta@dupont.fr>"
    dialog.subject.setText("Copie de la facture FA-1")
    dialog.text.setPlainText("Bonjour,\n\nVoici la copie demandée.")
    dialog.ok_button.click()
    with context.database.session_factory() as session:
        queued = session.scalars(select(OutboxMessage)).one()
        assert (queued.to_address, queued.to_name) == ("compta@dupont.fr", "Compta")
        assert queued.message_id
    assert timeline_rows(view)[0] == (
        "Email queued",
        "Email queued to compta@dupont.fr: Copie de la facture FA-1",
    )
    view.email_button.click()
    bad = view.casework.last_dialog
    assert isinstance(bad, EmailDialog)
    bad.to.setEditText("compta at dupont")
    bad.subject.setText("Relance")
    bad.ok_button.click()
    assert bad.problem.text() == "“compta at dupont” is not an email address."


def test_double_clicking_a_payment_opens_its_receipt(
    qtbot: QtBot, context: AppContext, clock: Clock
) -> None:
    from datetime import date

    import pdfplumber

    from app.services import ledger

    opened: list[Path] = []
    window = MainWindow(context, opener=lambda path: opened.append(path) or True)
    qtbot.addWidget(window)
    window.show()
    with context.database.session_factory.begin() as session:
        ledger.record_payment(
            session,
            clock,
            customer_id=customer_id(context, "411DUP"),
            amount_cents=50_000,
            received_on=date(2026, 11, 20),
            reference="VIR 4411",
        )
    view = open_file(window, context, "411DUP")
    view.timeline.set_groups({EventGroup.PAYMENTS})
    index = view.timeline.proxy.index(0, DETAILS)
    centre = view.timeline.table.visualRect(index).center()
    qtbot.mouseClick(view.timeline.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(view.timeline.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert len(opened) == 1
    with pdfplumber.open(opened[0]) as pdf:
        text = (pdf.pages[0].extract_text() or "").replace("\u202f", " ").replace("\u00a0", " ")
    assert "Reçu de paiement — réf. client 411DUP" in text
    assert "500,00 €" in text, text
    assert "VIR 4411" in text, text
    assert "FA-1" in text
    assert "IBAN" not in text


def test_a_payment_plan_from_the_customer_file(
    qtbot: QtBot, context: AppContext, clock: Clock
) -> None:
    from app.db.models import Promise
    from app.ui.dialogs.casework.plan_dialog import PlanDialog

    opened: list[Path] = []
    window = MainWindow(context, opener=lambda path: opened.append(path) or True)
    qtbot.addWidget(window)
    view = open_file(window, context, "411DUP")
    view.plan_button.click()
    dialog = view.casework.last_dialog
    assert isinstance(dialog, PlanDialog)
    dialog.count.setValue(4)
    assert dialog.schedule.rowCount() == 4
    assert dialog.schedule.item(3, 1).text() == "€375.00"  # 1,500.00 in four
    dialog.schedule.item(0, 1).setText("500,00")  # a larger first instalment, by hand
    dialog.ok_button.click()
    assert "add up to €1,625.00, but €1,500.00 is owed" in dialog.problem.text()
    dialog.schedule.item(3, 1).setText("250,00")
    dialog.ok_button.click()
    with context.database.session_factory() as session:
        amounts = [p.amount_cents for p in session.scalars(select(Promise))]
    assert amounts == [50_000, 37_500, 37_500, 25_000]
    assert len(opened) == 1 and opened[0].suffix == ".pdf"
    assert timeline_rows(view)[0][1].startswith("Payment plan agreed: €1,500.00 in 4 instalments")


def test_the_customer_file_is_the_only_page_shown_when_opened_from_a_list(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    window.activateWindow()
    window.customers.table.setFocus()  # the list had the focus, as after a double-click
    view = open_file(window, context, "411DUP")
    shown = [
        window.navigation.stack.widget(i)
        for i in range(window.navigation.stack.count())
        if window.navigation.stack.widget(i).isVisible()
    ]
    assert shown == [view]  # never two pages painting over each other
    assert window.navigation.list.currentRow() == -1
    window.navigation.show("customers")
    assert window.customers.isVisible() and not view.isVisible()
