"""Write a debt off: its open invoices settled by a write-off, in the history with the reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit
from sqlalchemy.orm import Session

from app.i18n import _
from app.services import collection_end
from app.services.ledger import LedgerError
from app.ui.context import AppContext
from app.ui.dialogs.service_dialog import ServiceDialog
from app.ui.formatting import money_text


class WriteOffDialog(ServiceDialog):
    def __init__(
        self, context: AppContext, customer_id: int, owed: dict[str, int], parent: Any = None
    ) -> None:
        super().__init__(context, _("Write the debt off"), parent)
        self.setObjectName("write_off_dialog")
        self._customer_id = customer_id
        amounts = ", ".join(money_text(c, cur) for cur, c in sorted(owed.items()) if c)
        explain = QLabel(
            _(
                "Every open invoice of this customer ({amount}) will be settled as a loss: no "
                "more reminders. The accounts need their own entry."
            ).format(amount=amounts or "—"),
            self,
        )
        explain.setWordWrap(True)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("write_off_reason")
        self.reason.setPlaceholderText(_("e.g. liquidation closed for lack of assets"))
        self.form.addRow(explain)
        self.form.addRow(_("Why"), self.reason)
        self.ok_button.setText(_("Write off"))
        self.finish_layout()
        self.resize(480, 170)

    def check(self) -> None:
        if not self.reason.text().strip():
            raise LedgerError(_("Say why the debt is written off (kept in the history)."))

    def write(self, session: Session) -> str:
        collection_end.write_off(session, self.context.clock, self._customer_id, self.reason.text())
        return _("Debt written off.")
