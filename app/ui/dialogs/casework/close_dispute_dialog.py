"""Close a dispute: resolved in the customer's favour (with a credit note) or rejected."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
)
from sqlalchemy.orm import Session

from app.db.models import Dispute
from app.domain.disputes import DisputeStatus
from app.i18n import _
from app.services import disputes, ledger
from app.ui.context import AppContext
from app.ui.dialogs.service_dialog import ServiceDialog
from app.ui.formatting import date_text, money_text


class CloseDisputeDialog(ServiceDialog):
    def __init__(self, context: AppContext, dispute_id: int, parent: Any = None) -> None:
        super().__init__(context, _("Close a dispute"), parent)
        self.setObjectName("close_dispute_dialog")
        self._dispute_id = dispute_id
        with context.database.session_factory() as session:
            dispute = session.get_one(Dispute, dispute_id)
            self.customer_id = dispute.customer_id
            self.currency = dispute.items[0].invoice.currency
            self.numbers = [item.invoice.number for item in dispute.items]
            self.cents = sum(item.amount_cents for item in dispute.items)
            reason, opened, note = dispute.reason, dispute.opened_on, dispute.note or ""
        summary = _("{invoices}: {amount} disputed since {day} ({reason})").format(
            invoices=", ".join(self.numbers),
            amount=money_text(self.cents, self.currency),
            day=date_text(opened),
            reason=disputes.reason_label(reason),
        )
        if note:
            summary += f"\n{note}"
        described = QLabel(summary, self)
        described.setObjectName("dispute_summary")
        described.setWordWrap(True)
        self.resolved_button = QRadioButton(_("Resolved in the customer's favour"), self)
        self.resolved_button.setObjectName("dispute_resolved")
        self.rejected_button = QRadioButton(_("Rejected: reminders resume"), self)
        self.rejected_button.setObjectName("dispute_rejected")
        group = QButtonGroup(self)
        group.addButton(self.resolved_button)
        group.addButton(self.rejected_button)
        self.rejected_button.setChecked(True)
        self.credit = QCheckBox(
            _("Issue a credit note for {amount}").format(
                amount=money_text(self.cents, self.currency)
            ),
            self,
        )
        self.credit.setObjectName("dispute_credit_note")
        self.credit.setChecked(True)
        self.credit_number = QLineEdit(f"AV-{self.numbers[0]}", self)
        self.credit_number.setObjectName("credit_note_number")
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("dispute_closing_note")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(60)
        self.form.addRow(_("Dispute"), described)
        self.form.addRow(_("Outcome"), self.resolved_button)
        self.form.addRow("", self.rejected_button)
        self.form.addRow("", self.credit)
        self.form.addRow(_("Credit note number"), self.credit_number)
        self.form.addRow(_("Note"), self.note)
        self.resolved_button.toggled.connect(self._outcome_changed)
        self.credit.toggled.connect(self._outcome_changed)
        self.finish_layout()
        self._outcome_changed()
        self.resize(520, 320)

    def _outcome_changed(self) -> None:
        resolved = self.resolved_button.isChecked()
        self.credit.setEnabled(resolved)
        self.credit_number.setEnabled(resolved and self.credit.isChecked())
        self.ok_button.setText(_("Close the dispute"))

    def write(self, session: Session) -> str:
        resolved = self.resolved_button.isChecked()
        outcome = DisputeStatus.RESOLVED if resolved else DisputeStatus.REJECTED
        closed = disputes.close_dispute(
            session, self.context.clock, self._dispute_id, outcome, self.note.toPlainText()
        )
        if outcome is DisputeStatus.REJECTED:
            return _("Dispute rejected: reminders resume.")
        suggested = sum(closed.credit_suggestions.values())
        if not self.credit.isChecked() or not suggested:
            return _("Dispute resolved in the customer's favour.")
        ledger.add_credit_note(
            session,
            self.context.clock,
            customer_id=self.customer_id,
            number=self.credit_number.text().strip(),
            issued_on=self.context.clock.today(),
            amount_cents=suggested,
            currency=self.currency,
            reason=_("Dispute on {invoices} resolved").format(invoices=", ".join(self.numbers)),
            allocate_to=dict(closed.credit_suggestions),
        )
        return _("Dispute resolved: credit note {number} of {amount} issued.").format(
            number=self.credit_number.text().strip(),
            amount=money_text(suggested, self.currency),
        )
