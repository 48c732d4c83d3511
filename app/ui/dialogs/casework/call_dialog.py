"""Log a call in a few keystrokes: who, what came of it, a note, and when to follow up."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QPlainTextEdit
from sqlalchemy.orm import Session

from app.db.casework import CallOutcome
from app.i18n import _
from app.services import interactions
from app.services.customer_file import contacts
from app.ui.context import AppContext
from app.ui.dialogs.service_dialog import ServiceDialog, date_edit, to_date

FOLLOW_UPS = {
    CallOutcome.PROMISED: lambda: _("Log and record the promise…"),
    CallOutcome.DISPUTE: lambda: _("Log and open a dispute…"),
}


class CallDialog(ServiceDialog):
    def __init__(self, context: AppContext, customer_id: int, parent: Any = None) -> None:
        super().__init__(context, _("Log a call"), parent)
        self.setObjectName("call_dialog")
        self._customer_id = customer_id
        self.outcome = CallOutcome.REACHED
        with context.database.session_factory() as session:
            people = contacts(session, customer_id)
        self.contact = QComboBox(self)
        self.contact.setObjectName("call_contact")
        for person in people:
            label = f"{person.name} ({person.role})" if person.role else person.name
            if person.phone:
                label += f" — {person.phone}"
            self.contact.addItem(label, person.id)
        self.contact.addItem(_("Not a listed contact"), None)
        self.outcome_box = QComboBox(self)
        self.outcome_box.setObjectName("call_outcome")
        for outcome in CallOutcome:
            self.outcome_box.addItem(interactions.outcome_label(outcome), outcome.value)
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("call_note")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(_("What was said"))
        self.note.setFixedHeight(80)
        today = context.clock.today()
        self.has_next = QCheckBox(_("On"), self)
        self.has_next.setObjectName("call_has_next")
        self.next_on = date_edit(self, today + timedelta(days=7), minimum=today)
        self.next_on.setObjectName("call_next_on")
        self.next_on.setEnabled(False)
        self.has_next.toggled.connect(self.next_on.setEnabled)
        next_row = QHBoxLayout()
        next_row.addWidget(self.has_next)
        next_row.addWidget(self.next_on, 1)
        self.form.addRow(_("Outcome"), self.outcome_box)
        self.form.addRow(_("Spoke with"), self.contact)
        self.form.addRow(_("Note"), self.note)
        self.form.addRow(_("Next action"), next_row)
        self.outcome_box.currentIndexChanged.connect(self._outcome_changed)
        self.finish_layout()
        self._outcome_changed()
        self.outcome_box.setFocus()
        self.resize(480, 300)

    def chosen_outcome(self) -> CallOutcome:
        return CallOutcome(self.outcome_box.currentData())

    def _outcome_changed(self) -> None:
        follow_up = FOLLOW_UPS.get(self.chosen_outcome())
        self.ok_button.setText(follow_up() if follow_up else _("Log the call"))

    def write(self, session: Session) -> str:
        self.outcome = self.chosen_outcome()
        next_on = to_date(self.next_on.date()) if self.has_next.isChecked() else None
        interactions.log_call(
            session,
            self.context.clock,
            self._customer_id,
            self.outcome,
            contact_id=self.contact.currentData(),
            note=self.note.toPlainText(),
            next_action_on=next_on,
        )
        return _("Call logged: {outcome}.").format(outcome=interactions.outcome_label(self.outcome))
