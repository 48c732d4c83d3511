"""Add a note to the customer file; a pinned note stays in sight under the header."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QPlainTextEdit
from sqlalchemy.orm import Session

from app.i18n import _
from app.services import interactions
from app.ui.context import AppContext
from app.ui.dialogs.service_dialog import ServiceDialog


class NoteDialog(ServiceDialog):
    def __init__(self, context: AppContext, customer_id: int, parent: Any = None) -> None:
        super().__init__(context, _("Add a note"), parent)
        self.setObjectName("note_dialog")
        self._customer_id = customer_id
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("note_text")
        self.text.setPlaceholderText(_("e.g. call the owner after 5 pm, never the accountant"))
        self.pinned = QCheckBox(_("Pin this note under the customer's header"), self)
        self.pinned.setObjectName("note_pinned")
        self.form.addRow(_("Note"), self.text)
        self.form.addRow("", self.pinned)
        self.ok_button.setText(_("Add the note"))
        self.finish_layout()
        self.resize(480, 260)

    def write(self, session: Session) -> str:
        pinned = self.pinned.isChecked()
        interactions.add_note(
            session, self.context.clock, self._customer_id, self.text.toPlainText(), pinned=pinned
        )
        return _("Note pinned.") if pinned else _("Note added.")
