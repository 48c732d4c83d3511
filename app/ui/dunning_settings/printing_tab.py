"""How letters are printed: the envelope window, the paper, duplex backs, the deadline given."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLineEdit, QSpinBox, QWidget

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
        self.deadline = QSpinBox(self)
        self.deadline.setObjectName("print_deadline")
        self.deadline.setRange(1, 60)
        self.deadline.setSuffix(_(" days"))
        self.agreed = QLineEdit(self)
        self.agreed.setObjectName("print_agreed_rate")
        self.agreed.setPlaceholderText(_("empty: the legal rate (ECB + 10 points)"))
        self.grace = self._days("follow_grace", 0, 60)
        self.courtesy = self._days("follow_courtesy", 0, 30)
        self.dispute_age = self._days("follow_dispute_age", 1, 365)
        form = QFormLayout(self)
        form.addRow(_("Window envelope"), self.envelope)
        form.addRow(_("Paper"), self.paper)
        form.addRow("", self.duplex)
        form.addRow(_("Pay within"), self.deadline)
        form.addRow(_("Late-payment rate in your terms (%)"), self.agreed)
        form.addRow(_("A promise paid late is still kept within"), self.grace)
        form.addRow(_("Propose a courtesy word before a promised date"), self.courtesy)
        form.addRow(_("Show disputes in Today after"), self.dispute_age)

    def _days(self, name: str, low: int, high: int) -> QSpinBox:
        box = QSpinBox(self)
        box.setObjectName(name)
        box.setRange(low, high)
        box.setSuffix(_(" days"))
        return box

    def set_settings(self, settings: LetterSettings) -> None:
        self.envelope.setCurrentIndex(max(self.envelope.findData(settings.envelope), 0))
        self.paper.setCurrentIndex(max(self.paper.findData(settings.paper), 0))
        self.duplex.setChecked(settings.duplex_blanks)
        self.deadline.setValue(settings.deadline_days)
        self.agreed.setText(settings.agreed_rate_percent)
        self.grace.setValue(settings.promise_grace_days)
        self.courtesy.setValue(settings.courtesy_days)
        self.dispute_age.setValue(settings.dispute_age_days)

    def settings(self) -> LetterSettings:
        return LetterSettings(
            envelope=str(self.envelope.currentData()),
            paper=str(self.paper.currentData()),
            duplex_blanks=self.duplex.isChecked(),
            deadline_days=self.deadline.value(),
            agreed_rate_percent=self.agreed.text().strip(),
            promise_grace_days=self.grace.value(),
            courtesy_days=self.courtesy.value(),
            dispute_age_days=self.dispute_age.value(),
        )
