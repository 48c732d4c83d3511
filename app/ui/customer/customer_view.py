"""The customer file: header, pinned notes, actions; timeline, invoices and contacts tabs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.db.models import HistoryEvent
from app.db.queries import InvoiceRow
from app.i18n import _
from app.services import ledger_entry, notice_tracking
from app.services.customer_file import CustomerFile, invoice_history, load_customer_file
from app.services.ledger import LedgerError
from app.services.receipts import receipt_pdf
from app.ui.context import AppContext
from app.ui.customer.actions import CustomerActions
from app.ui.customer.contacts_tab import ContactsTab
from app.ui.customer.header import CustomerHeaderPanel
from app.ui.customer.invoices_tab import InvoicesTab
from app.ui.customer.penalties_tab import PenaltiesTab
from app.ui.customer.pinned_notes import PinnedNotesBand
from app.ui.customer.timeline_tab import Opener, TimelineTab, open_with_system
from app.ui.dialogs.ledger_dialogs import InvoiceDialog
from app.ui.icons import icon

TIMELINE, INVOICES, CONTACTS, PENALTIES = range(4)


class CustomerView(QWidget):
    back = Signal()
    changed = Signal(str)  # something was written (status text): other pages reload
    record_payment = Signal(int, object, str)  # customer id, invoice ids, currency
    formal_notice = Signal(int, object)  # customer id, level rank (None: the policy's notice)

    def __init__(
        self, context: AppContext, opener: Opener = open_with_system, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customer_view")
        self._context = context
        self.customer_id: int | None = None
        self.file: CustomerFile | None = None
        self.casework = CustomerActions(context, self)

        self.header = CustomerHeaderPanel(self)
        self.pinned = PinnedNotesBand(self)
        self._opener = opener
        self.timeline = TimelineTab(context.database.path.parent, opener, self)
        self.invoices = InvoicesTab(self)
        self.contacts = ContactsTab(self)
        self.penalties = PenaltiesTab(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("customer_tabs")
        self.tabs.addTab(self.timeline, _("Timeline"))
        self.tabs.addTab(self.invoices, _("Invoices"))
        self.tabs.addTab(self.contacts, _("Contacts"))
        self.tabs.addTab(self.penalties, _("Paid late"))

        self.back_button = self._button(_("Back"), "customer_back", "Alt+Left", icon("arrow-left"))
        self.call_button = self._button(_("Log a call…"), "log_call", "Ctrl+L", icon("phone"))
        self.note_button = self._button(
            _("Add a note…"), "add_note", "Ctrl+Shift+N", icon("sticky-note")
        )
        self.email_button = self._button(
            _("Write an email…"), "write_email", "Ctrl+E", icon("mail")
        )
        self.dispute_button = self._button(
            _("Open a dispute…"), "open_dispute", "Ctrl+D", icon("message-square-warning")
        )
        self.promise_button = self._button(
            _("Record a promise…"), "record_promise", "", icon("handshake")
        )
        self.plan_button = self._button(
            _("Payment plan…"), "payment_plan", "", icon("calendar-clock")
        )
        self.hold_button = self._button(_("Put on hold…"), "hold", "", icon("pause"))
        self.payment_button = self._button(
            _("Record a payment…"), "customer_payment", "", icon("banknote")
        )
        self.policy_button = self._button(
            _("Dunning policy…"), "customer_policy", "", icon("list-checks")
        )
        self.next_button = QToolButton(self)
        self.next_button.setObjectName("what_next")
        self.next_button.setText(_("What next"))
        self.next_button.setIcon(icon("signpost"))
        self.next_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.next_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.next_menu = QMenu(self.next_button)
        self.notice_action = self.next_menu.addAction(_("Formal notice by hand…"))
        self.hand_over_action = self.next_menu.addAction(_("Hand over to an agency or a lawyer…"))
        self.take_back_action = self.next_menu.addAction(_("Take back from the agency or lawyer"))
        self.write_off_action = self.next_menu.addAction(_("Write the debt off…"))
        self.receipt_action = self.next_menu.addAction(
            _("Registered letter: tracking and receipt…")
        )
        self.receipt_action.setIcon(icon("mail-check"))
        self.notice_action.setIcon(icon("scale"))
        self.hand_over_action.setIcon(icon("briefcase"))
        self.write_off_action.setIcon(icon("archive-x"))
        self.next_button.setMenu(self.next_menu)
        bar = QHBoxLayout()
        bar.addWidget(self.back_button)
        bar.addSpacing(12)
        for button in (
            self.call_button,
            self.note_button,
            self.email_button,
            self.promise_button,
            self.dispute_button,
            self.payment_button,
        ):
            bar.addWidget(button)
        bar.addStretch(1)
        # What concerns the account as a whole sits beside its name, so the window stays narrow.
        for account_button in (
            self.plan_button,
            self.hold_button,
            self.policy_button,
            self.next_button,
        ):
            self.header.title_row.addWidget(account_button)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.header)
        layout.addWidget(self.pinned)
        layout.addWidget(self.tabs, 1)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.back.emit)
        self._connect()

    def _button(self, text: str, name: str, shortcut: str, drawn: QIcon) -> QPushButton:
        button = QPushButton(drawn, text, self)
        button.setObjectName(name)
        if shortcut:
            button.setShortcut(QKeySequence(shortcut))
            button.setToolTip(
                QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
            )
        return button

    def _connect(self) -> None:
        actions = self.casework
        self.back_button.clicked.connect(self.back.emit)
        self.call_button.clicked.connect(actions.log_call)
        self.note_button.clicked.connect(actions.add_note)
        self.email_button.clicked.connect(actions.write_email)
        self.promise_button.clicked.connect(lambda: actions.record_promise())
        self.plan_button.clicked.connect(lambda: actions.payment_plan(self._opener))
        self.dispute_button.clicked.connect(self._open_dispute)
        self.hold_button.clicked.connect(self._hold_clicked)
        self.payment_button.clicked.connect(lambda: self._payment(()))
        self.policy_button.clicked.connect(actions.choose_policy)
        self.pinned.unpin.connect(actions.unpin)
        self.timeline.show_invoice.connect(self.show_invoice)
        self.timeline.receipt_requested.connect(self.open_receipt)
        self.invoices.selected.connect(self._invoice_selected)
        self.invoices.open_dispute.connect(lambda i: actions.open_dispute((i.id,)))
        self.invoices.close_dispute.connect(lambda i: actions.close_dispute_of(i.id))
        self.invoices.record_payment.connect(lambda i: self._payment((i.id,)))
        self.invoices.new_invoice.connect(lambda: self.invoice_form(None))
        self.invoices.edit_invoice.connect(lambda i: self.invoice_form(i.id))
        self.invoices.delete_invoice.connect(lambda i: self.delete_invoice(i.id, i.number))
        self.contacts.add.connect(actions.add_contact)
        self.contacts.edit.connect(actions.edit_contact)
        self.contacts.make_primary.connect(actions.make_primary)
        self.contacts.remove.connect(actions.remove_contact)
        self.penalties.claim.connect(lambda ids: actions.claim_penalties(ids, self._opener))
        self.penalties.waive.connect(self._waive)
        self.notice_action.triggered.connect(self._notice_by_hand)
        self.hand_over_action.triggered.connect(actions.hand_over)
        self.take_back_action.triggered.connect(actions.take_back)
        self.write_off_action.triggered.connect(self._write_off)
        self.receipt_action.triggered.connect(lambda: actions.notice_receipt())
        actions.done.connect(self._written)

    # --- loading -----------------------------------------------------------------------------
    def show_customer(self, customer_id: int) -> None:
        """Read the whole file in one session and show it; the timeline starts unfiltered."""
        if customer_id != self.customer_id:
            self.timeline.search.clear()
            self.timeline.set_groups(set())
            self.tabs.setCurrentIndex(TIMELINE)
        self.customer_id = customer_id
        self.casework.customer_id = customer_id
        self.reload()

    def reload(self) -> None:
        if self.customer_id is None:
            return
        with self._context.database.session_factory() as session:
            self.file = load_customer_file(session, self.customer_id, self._context.clock.today())
            registered = bool(notice_tracking.registered_notices(session, self.customer_id))
        self.receipt_action.setVisible(registered)
        header = self.file.header
        self.header.show_header(header)
        self.pinned.show_notes(header.pinned_notes)
        self.timeline.set_events(self.file.events)
        self.invoices.set_invoices(self.file.invoices)
        self.contacts.set_contacts(self.file.contacts)
        open_count = sum(1 for i in self.file.invoices if i.open_cents)
        self.tabs.setTabText(
            INVOICES,
            _("Invoices ({n} open)").format(n=open_count),
        )
        self.tabs.setTabText(CONTACTS, _("Contacts ({n})").format(n=len(self.file.contacts)))
        self.penalties.set_rows(self.file.paid_late)
        self.tabs.setTabText(PENALTIES, _("Paid late ({n})").format(n=len(self.file.paid_late)))
        handed = bool(header.handed_over_to)
        self.hand_over_action.setVisible(not handed)
        self.take_back_action.setVisible(handed)
        self.notice_action.setVisible(not handed)
        self.write_off_action.setEnabled(any(i.open_cents for i in self.file.invoices))
        self.hold_button.setText(_("Lift the hold") if header.on_hold else _("Put on hold…"))
        self.hold_button.setIcon(icon("play") if header.on_hold else icon("pause"))
        self.hold_button.setObjectName("lift_hold" if header.on_hold else "hold")
        owing = any(i.open_cents > i.disputed_cents for i in self.file.invoices)
        self.dispute_button.setEnabled(owing)
        self.payment_button.setEnabled(any(i.open_cents for i in self.file.invoices))

    # --- actions -----------------------------------------------------------------------------
    def _hold_clicked(self) -> None:
        if self.file is not None and self.file.header.on_hold:
            self.casework.lift_hold()
        else:
            self.casework.put_on_hold()

    def _open_dispute(self) -> None:
        chosen = self.invoices.selected_invoice() if self.tabs.currentIndex() == INVOICES else None
        self.casework.open_dispute((chosen.id,) if chosen is not None else ())

    def _notice_by_hand(self) -> None:
        if self.customer_id is not None:
            self.formal_notice.emit(self.customer_id, None)

    def _write_off(self) -> None:
        if self.file is not None:
            owed: dict[str, int] = {}
            for invoice in self.file.invoices:
                owed[invoice.currency] = owed.get(invoice.currency, 0) + invoice.open_cents
            self.casework.write_off(owed)

    def _waive(self, invoice_ids: list[int]) -> None:
        if self.file is not None:
            chosen = [p for p in self.file.paid_late if p.invoice_id in invoice_ids]
            if chosen:
                self.casework.waive_penalties(chosen)

    def _payment(self, invoice_ids: tuple[int, ...]) -> None:
        if self.file is not None and self.customer_id is not None:
            self.record_payment.emit(self.customer_id, invoice_ids, self.file.header.currency)

    def invoice_form(self, invoice_id: int | None) -> InvoiceDialog | None:
        """A new invoice for this customer, or the corrections of one of its invoices."""
        if self.customer_id is None:
            return None
        dialog = InvoiceDialog(self._context, self.customer_id, invoice_id, parent=self)
        dialog.accepted.connect(lambda: self._written(dialog.result_text))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def delete_invoice(self, invoice_id: int, number: str, *, confirm: bool = True) -> str:
        """Delete an invoice typed by mistake, after asking; a refusal says why."""
        if confirm:
            answer = QMessageBox.question(
                self,
                _("Delete the invoice"),
                _("Delete invoice {number}? This cannot be undone.").format(number=number),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return ""
        try:
            with self._context.database.session_factory.begin() as session:
                deleted = ledger_entry.delete_invoice(session, self._context.clock, invoice_id)
        except LedgerError as exc:
            if confirm:
                QMessageBox.information(self, _("Delete the invoice"), str(exc))
            return str(exc)
        text = _("Invoice {number} deleted.").format(number=deleted)
        self._written(text)
        return text

    def _written(self, text: str) -> None:
        self.reload()
        self.changed.emit(text)

    def open_receipt(self, event_id: int) -> Path | None:
        """Draw the receipt of the payment an event is about, keep it, and open it."""
        with self._context.database.session_factory() as session:
            event = session.get_one(HistoryEvent, event_id)
            payment_id = (event.payload or {}).get("payment_id")
            if payment_id is None:
                return None
            path = receipt_pdf(
                session, self._context.clock, int(payment_id), self._context.database.path.parent
            )
        self._opener(path)
        return path

    def show_invoice(self, invoice_id: int) -> None:
        self.tabs.setCurrentIndex(INVOICES)
        self.invoices.select_invoice(invoice_id)

    def _invoice_selected(self, invoice: InvoiceRow | None) -> None:
        if invoice is None:
            self.invoices.set_history(None, [])
            return
        with self._context.database.session_factory() as session:
            events = invoice_history(session, invoice.id)
        self.invoices.set_history(invoice, events)
