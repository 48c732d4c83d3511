"""A text Relance proposes to send a customer: choose email or letter, read it, change it, send it.

Subclasses say what the text is for (`note`) and send it in `write`; nothing leaves without the
user pressing the button.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, TypeVar

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit

from app.i18n import _
from app.ui.context import AppContext
from app.ui.dialogs.service_dialog import ServiceDialog

Draft = TypeVar("Draft")  # a dataclass with `channel`, `subject` and `body`


class DraftDialog(ServiceDialog):
    def __init__(
        self,
        context: AppContext,
        title: str,
        note: str,
        *,
        channel: str,
        email: str,
        subject: str,
        body: str,
        parent: Any = None,
    ) -> None:
        super().__init__(context, title, parent)
        explanation = QLabel(note, self)
        explanation.setWordWrap(True)
        self.channel = QComboBox(self)
        self.channel.addItem(_("Email to {address}").format(address=email or "—"), "email")
        self.channel.addItem(_("Letter"), "letter")
        self.channel.setCurrentIndex(self.channel.findData(channel))
        if not email:
            self.channel.model().item(0).setEnabled(False)  # type: ignore[attr-defined]
        self.subject = QLineEdit(subject, self)
        self.text = QPlainTextEdit(self)
        self.text.setPlainText(body)
        self.body.insertWidget(0, explanation)
        self.form.addRow(_("Send by"), self.channel)
        self.form.addRow(_("Subject"), self.subject)
        self.form.addRow(_("Text"), self.text)
        self.finish_layout()
        self.resize(560, 420)

    def chosen_channel(self) -> str:
        return str(self.channel.currentData())

    def chosen_subject(self) -> str:
        return self.subject.text().strip()

    def chosen_text(self) -> str:
        """The text as typed, paragraphs separated by empty lines."""
        return self.text.document().toRawText().replace("\u2029", "\n")

    def edited(self, draft: Draft) -> Draft:
        """The draft as the dialog now has it: the channel, subject and text chosen."""
        return replace(  # type: ignore[type-var]
            draft,
            channel=self.chosen_channel(),
            subject=self.chosen_subject(),
            body=self.chosen_text(),
        )
