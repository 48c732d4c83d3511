"""Open a dispute on one or more invoices, for the whole or part of what is open, with a reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit
from sqlalchemy.orm import Session

from app.domain.disputes import DisputeReason
from app.i18n import _
from app.services import disputes
from app.services.customer_file import customer_invoices
from app.ui.context import AppContext
from app.ui.dialogs.casework.invoice_picker import InvoicePicker
from app.ui.dialogs.service_dialog import ServiceDialog


class DisputeDialog(ServiceDialog):
    def __init__(
        self,
        context: AppContext,
        customer_id: int,
        *,
        invoice_ids: tuple[int, ...] = (),
        parent: Any = None,
    ) -> None:
        super().__init__(context, _("Open a dispute"), parent)
        self.setObjectName("dispute_dialog")
        with context.database.session_factory() as session:
            invoices = [
                i
                for i in customer_invoices(session, customer_id, context.clock.today())
                if i.open_cents > i.disputed_cents
            ]
        self.reason = QComboBox(self)
        self.reason.setObjectName("dispute_reason")
        for reason in DisputeReason:
            self.reason.addItem(disputes.reason_label(reason), reason.value)
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("dispute_note")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(_("What the customer says"))
        self.note.setFixedHeight(70)
        self.invoices = InvoicePicker(invoices, _("Disputed"), self)
        self.invoices.setObjectName("dispute_invoices")
        self.invoices.set_checked(invoice_ids)
        self.form.addRow(_("Reason"), self.reason)
        self.form.addRow(_("Note"), self.note)
        hint = QLabel(
            _("Tick the invoices; leave the amount empty to dispute all that is still open."), self
        )
        hint.setWordWrap(True)
        self.body.addWidget(hint)
        self.body.addWidget(self.invoices, 1)
        self.ok_button.setText(_("Open the dispute"))
        self.finish_layout()
        self.resize(620, 400)

    def write(self, session: Session) -> str:
        dispute = disputes.open_dispute(
            session,
            self.context.clock,
            invoices=self.invoices.typed_amounts(),
            reason=self.reason.currentData(),
            note=self.note.toPlainText(),
        )
        numbers = ", ".join(i.invoice.number for i in dispute.items)
        return _("Dispute opened on {invoices}: reminders pause on the disputed amount.").format(
            invoices=numbers
        )
