"""Put a customer on hold: no reminder until the hold is lifted or its end date passes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit
from sqlalchemy.orm import Session

from app.i18n import _
from app.services import hold
from app.ui.context import AppContext
from app.ui.dialogs.service_dialog import ServiceDialog, date_edit, to_date
from app.ui.formatting import date_text


class HoldDialog(ServiceDialog):
    def __init__(self, context: AppContext, customer_id: int, parent: Any = None) -> None:
        super().__init__(context, _("Put on hold"), parent)
        self.setObjectName("hold_dialog")
        self._customer_id = customer_id
        today = context.clock.today()
        self.reason = QLineEdit(self)
        self.reason.setObjectName("hold_reason")
        self.reason.setPlaceholderText(_("e.g. takeover in progress, agreement being negotiated"))
        self.has_end = QCheckBox(_("Until"), self)
        self.has_end.setObjectName("hold_has_end")
        self.until = date_edit(self, today + timedelta(days=30), minimum=today)
        self.until.setObjectName("hold_until")
        self.until.setEnabled(False)
        self.has_end.toggled.connect(self.until.setEnabled)
        end = QHBoxLayout()
        end.addWidget(self.has_end)
        end.addWidget(self.until, 1)
        self.form.addRow(_("Reason"), self.reason)
        self.form.addRow(_("End"), end)
        self.ok_button.setText(_("Put on hold"))
        self.finish_layout()
        self.resize(460, 150)

    def write(self, session: Session) -> str:
        until = to_date(self.until.date()) if self.has_end.isChecked() else None
        customer = hold.set_hold(
            session, self.context.clock, self._customer_id, self.reason.text(), until
        )
        if until is None:
            return _("{name} is on hold: no reminder until the hold is lifted.").format(
                name=customer.name
            )
        return _("{name} is on hold until {day}.").format(name=customer.name, day=date_text(until))
