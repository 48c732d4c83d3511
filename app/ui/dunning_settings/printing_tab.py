"""How letters are printed: the envelope window, the paper, duplex backs."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QWidget

from app.i18n import _
from app.letters.geometry import LAYOUTS, PAPERS
from app.services.letter_settings import LetterSettings


class PrintingTab(QWidget):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("printing_tab")
        self.envelope = QComboBox(self)
        self.envelope.setObjectName("print_envelope")
        for key, layout in LAYOUTS.items():
            self.envelope.addItem(layout.label, key)
        self.paper = QComboBox(self)
        self.paper.setObjectName("print_paper")
        self.paper.addItem(_("The envelope's own (A4, or US Letter for #10)"), "")
        for key in PAPERS:
            self.paper.addItem(key.replace("LETTER", "US Letter"), key)
        self.duplex = QCheckBox(_("Add blank backs for duplex printers"), self)
        self.duplex.setObjectName("print_duplex")
        form = QFormLayout(self)
        form.addRow(_("Window envelope"), self.envelope)
        form.addRow(_("Paper"), self.paper)
        form.addRow("", self.duplex)

    def set_settings(self, settings: LetterSettings) -> None:
        self.envelope.setCurrentIndex(max(self.envelope.findData(settings.envelope), 0))
        self.paper.setCurrentIndex(max(self.paper.findData(settings.paper), 0))
        self.duplex.setChecked(settings.duplex_blanks)

    def applied_to(self, settings: LetterSettings) -> LetterSettings:
        """`settings` with this tab's envelope, paper and duplex choice in place of its own."""
        return replace(
            settings,
            envelope=str(self.envelope.currentData()),
            paper=str(self.paper.currentData()),
            duplex_blanks=self.duplex.isChecked(),
        )
