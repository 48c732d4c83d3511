"""A small form whose OK button runs one service call in one transaction; refusals show inline."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
)
from sqlalchemy.orm import Session

from app.services.ledger import LedgerError
from app.ui.context import AppContext
from app.ui.date_field import DateField


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(parent: Any, value: date, *, minimum: date | None = None) -> DateField:
    """A calendar-popup date field in the day-first format, starting at `value`; a date before
    `minimum` is refused when the dialog is submitted, not corrected while it is typed."""
    return DateField(value, parent, minimum=minimum)


class ServiceDialog(QDialog):
    """Subclasses fill `form`, then implement `write`: the service call, returning a status text.

    A `LedgerError` raised by `write` (or by `check`, before any transaction) is shown under the
    form and the dialog stays open with everything the user typed; nothing is written.
    """

    def __init__(self, context: AppContext, title: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.context = context
        self.result_text = ""
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.problem = QLabel(self)
        self.problem.setObjectName("dialog_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addLayout(self.form)

    def finish_layout(self) -> None:
        """Call once the subclass has added its own widgets below the form."""
        self.body.addWidget(self.problem)
        self.body.addWidget(self.buttons)

    def check(self) -> None:
        """Refuse what can be refused before opening a transaction (raise LedgerError)."""

    def write(self, session: Session) -> str:
        raise NotImplementedError

    def show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()

    def submit(self) -> None:
        for field in self.findChildren(DateField):
            if field.isEnabled() and (problem := field.problem()):
                self.show_problem(problem)
                field.setFocus()
                return
        try:
            self.check()
            with self.context.database.session_factory.begin() as session:
                self.result_text = self.write(session)
        except LedgerError as exc:
            self.show_problem(str(exc))
            return
        self.accept()
