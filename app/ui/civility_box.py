"""The civility chooser of the customer and contact forms: not known, Madame, Monsieur or Mx."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from app.domain.civility import MR, MRS, MX, UNKNOWN
from app.i18n import _


class CivilityBox(QComboBox):
    """A civility to choose; `code()` is app.domain.civility's code, "" when not known."""

    def __init__(self, code: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("civility")
        self.addItem(_("Not known"), UNKNOWN)
        self.addItem(_("Madame (Mrs, Ms)"), MRS)
        self.addItem(_("Monsieur (Mr)"), MR)
        self.addItem(_("Mx"), MX)
        self.set_code(code)

    def set_code(self, code: str) -> None:
        self.setCurrentIndex(max(self.findData(code or UNKNOWN), 0))

    def code(self) -> str:
        return str(self.currentData() or UNKNOWN)
