"""Waive the late-payment penalties of invoices paid late: a gesture, kept in the history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit
from sqlalchemy.orm import Session

from app.i18n import _, ngettext
from app.services import late_penalties
from app.ui.context import AppContext
from app.ui.dialogs.service_dialog import ServiceDialog
from app.ui.formatting import money_text


class WaiveDialog(ServiceDialog):
    def __init__(
        self,
        context: AppContext,
        customer_id: int,
        chosen: Sequence[late_penalties.PaidLate],
        parent: Any = None,
    ) -> None:
        super().__init__(context, _("Waive the penalties"), parent)
        self.setObjectName("waive_dialog")
        self._customer_id = customer_id
        self._invoice_ids = [p.invoice_id for p in chosen]
        interest = sum(p.interest_cents for p in chosen)
        fixed = sum(p.fixed_cents for p in chosen)
        summary = QLabel(
            ngettext(
                "{n} invoice paid late: {interest} of interest and {fixed} of indemnity.",
                "{n} invoices paid late: {interest} of interest and {fixed} of indemnities.",
                len(chosen),
            ).format(
                n=len(chosen),
                interest=money_text(interest, chosen[0].currency),
                fixed=money_text(fixed, chosen[0].fixed_currency),
            ),
            self,
        )
        summary.setWordWrap(True)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("waive_reason")
        self.reason.setPlaceholderText(_("e.g. a loyal customer; agreed during the call of 3 May"))
        self.form.addRow(summary)
        self.form.addRow(_("Why"), self.reason)
        self.ok_button.setText(_("Waive"))
        self.finish_layout()
        self.resize(480, 150)

    def write(self, session: Session) -> str:
        late_penalties.waive(
            session, self.context.clock, self._customer_id, self._invoice_ids, self.reason.text()
        )
        return _("Penalties waived; the gesture is in the customer's history.")
