"""The thank-you Relance proposes after a reminded customer pays: read it, change it, send it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit
from sqlalchemy.orm import Session

from app.i18n import _
from app.services import thanks
from app.services.ledger import LedgerError
from app.ui.context import AppContext
from app.ui.dialogs.service_dialog import ServiceDialog


class ThankYouDialog(ServiceDialog):
    def __init__(self, context: AppContext, draft: thanks.ThankYouDraft, parent: Any = None):
        super().__init__(context, _("Thank the customer"), parent)
        self.setObjectName("thank_you_dialog")
        self._draft = draft
        note = QLabel(
            _("This customer has paid after a reminder. A short thank-you keeps the relationship."),
            self,
        )
        note.setWordWrap(True)
        self.channel = QComboBox(self)
        self.channel.setObjectName("thanks_channel")
        self.channel.addItem(_("Email to {address}").format(address=draft.email or "—"), "email")
        self.channel.addItem(_("Letter"), "letter")
        self.channel.setCurrentIndex(self.channel.findData(draft.channel))
        if not draft.email:
            self.channel.model().item(0).setEnabled(False)  # type: ignore[attr-defined]
        self.subject = QLineEdit(draft.subject, self)
        self.subject.setObjectName("thanks_subject")
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("thanks_text")
        self.text.setPlainText(draft.body)
        self.body.insertWidget(0, note)
        self.form.addRow(_("Send by"), self.channel)
        self.form.addRow(_("Subject"), self.subject)
        self.form.addRow(_("Text"), self.text)
        self.ok_button.setText(_("Send the thank-you"))
        self.finish_layout()
        self.resize(560, 420)

    def write(self, session: Session) -> str:
        raw = self.text.document().toRawText().replace("\u2029", "\n")
        chosen = replace(
            self._draft,
            channel=str(self.channel.currentData()),
            subject=self.subject.text().strip(),
            body=raw,
        )
        try:
            return thanks.send(
                session, self.context.clock, chosen, Path(self.context.database.path).parent
            )
        except ValueError as exc:
            raise LedgerError(str(exc)) from exc
