"""What to do after an import, offered on the wizard's last page: the next file, or reminders."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.i18n import _
from app.importing.columns import Kind
from app.ui.dialogs.import_job import FEC

REMINDERS = "reminders"


def next_steps(kind: str) -> list[str]:
    """The steps that follow an import of this kind, the usual one first."""
    return {
        Kind.CUSTOMERS.value: [Kind.INVOICES.value],
        Kind.INVOICES.value: [Kind.PAYMENTS.value, REMINDERS],
        Kind.PAYMENTS.value: [REMINDERS],
        FEC: [REMINDERS],
    }[kind]


def step_label(step: str) -> str:
    return {
        Kind.INVOICES.value: _("Import invoices"),
        Kind.PAYMENTS.value: _("Import payments"),
        REMINDERS: _("Go to Reminders"),
    }[step]


class NextSteps(QWidget):
    """A row of buttons, one a step; `chosen` says which ("invoices", "payments", "reminders")."""

    chosen = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_next_steps")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(QLabel(_("Next step:"), self))
        self.buttons: dict[str, QPushButton] = {}
        self._layout.addStretch(1)

    def show_for(self, kind: str) -> None:
        for button in self.buttons.values():
            button.deleteLater()
        self.buttons = {}
        for index, step in enumerate(next_steps(kind)):
            button = QPushButton(step_label(step), self)
            button.setObjectName(f"import_next_{step}")
            button.clicked.connect(lambda _checked=False, step=step: self.chosen.emit(step))
            self._layout.insertWidget(1 + index, button)
            self.buttons[step] = button
        self.show()
