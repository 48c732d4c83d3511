"""The wording of one reminder, changed by hand before it is sent: only its free text paragraphs;
the figures and the legal mentions stay generated."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from app.i18n import _
from app.services.dunning_run import paragraphs_of


def letter_note() -> str:
    return _(
        "Only the paragraphs below are yours to change. The invoices table, the totals, the "
        "QR code and the legal mentions stay generated. Separate paragraphs with an empty line. "
        "The change is for this letter only, and is dropped if you change this reminder's level."
    )


def email_note() -> str:
    return _(
        "Only the paragraphs below are yours to change. The invoices, the totals and how to pay "
        "stay generated below them. Separate paragraphs with an empty line. The change is for "
        "this email only, and is dropped if you change this reminder's level."
    )


class EditTextDialog(QDialog):
    """The paragraphs of one letter or one email in a text box, with the generated ones a click
    away."""

    def __init__(
        self,
        title: str,
        note: str,
        paragraphs: Sequence[str],
        generated: Sequence[str],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("edit_reminder_text")
        self.setWindowTitle(title)
        self._generated = tuple(generated)
        self.note = QLabel(note, self)
        self.note.setObjectName("edit_note")
        self.note.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("edit_text")
        self.text.setPlainText("\n\n".join(paragraphs))
        self.problem = QLabel(_("A reminder needs at least one paragraph."), self)
        self.problem.setStyleSheet("color: #a1260d;")
        self.problem.hide()
        self.restore = QPushButton(_("Restore the generated text"), self)
        self.restore.setObjectName("edit_restore")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.addButton(self.restore, QDialogButtonBox.ButtonRole.ResetRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.restore.clicked.connect(lambda: self.text.setPlainText("\n\n".join(self._generated)))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.resize(620, 460)

    def typed(self) -> str:
        """The text as typed: the raw text keeps the non-breaking spaces the plain one drops."""
        return self.text.document().toRawText().replace("\u2029", "\n").replace("\u2028", "\n")

    def paragraphs(self) -> tuple[str, ...]:
        return paragraphs_of(self.typed())

    def edited(self) -> tuple[str, ...] | None:
        """The user's paragraphs, or None when they are the generated ones."""
        typed = self.paragraphs()
        return None if typed == paragraphs_of("\n\n".join(self._generated)) else typed

    def _accept(self) -> None:
        if not self.paragraphs():
            self.problem.show()
            return
        self.accept()
