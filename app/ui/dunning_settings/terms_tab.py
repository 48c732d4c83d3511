"""Payment terms and promises: the deadline a reminder gives, your rate, how promises are kept."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from app.i18n import _
from app.services.letter_settings import LetterSettings


class TermsTab(QWidget):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("terms_tab")
        self.deadline = self._days("print_deadline", 1, 60)
        self.agreed = QLineEdit(self)
        self.agreed.setObjectName("print_agreed_rate")
        self.agreed.setPlaceholderText(_("empty: the legal rate (ECB + 10 points)"))
        self.grace = self._days("follow_grace", 0, 60)
        self.courtesy = self._days("follow_courtesy", 0, 30)
        self.dispute_age = self._days("follow_dispute_age", 1, 365)
        terms = QGroupBox(_("Payment terms"), self)
        terms_form = QFormLayout(terms)
        terms_form.addRow(_("Pay within"), self.deadline)
        terms_form.addRow(_("Late-payment rate in your terms (%)"), self.agreed)
        promises = QGroupBox(_("Promises and disputes"), self)
        promises_form = QFormLayout(promises)
        promises_form.addRow(_("A promise paid late is still kept within"), self.grace)
        promises_form.addRow(_("Propose a courtesy word before a promised date"), self.courtesy)
        promises_form.addRow(_("Show disputes in Today after"), self.dispute_age)
        layout = QVBoxLayout(self)
        layout.addWidget(terms)
        layout.addWidget(promises)
        layout.addStretch(1)

    def _days(self, name: str, low: int, high: int) -> QSpinBox:
        box = QSpinBox(self)
        box.setObjectName(name)
        box.setRange(low, high)
        box.setSuffix(_(" days"))
        return box

    def set_settings(self, settings: LetterSettings) -> None:
        self.deadline.setValue(settings.deadline_days)
        self.agreed.setText(settings.agreed_rate_percent)
        self.grace.setValue(settings.promise_grace_days)
        self.courtesy.setValue(settings.courtesy_days)
        self.dispute_age.setValue(settings.dispute_age_days)

    def applied_to(self, settings: LetterSettings) -> LetterSettings:
        """`settings` with this tab's terms and promise delays in place of its own."""
        return replace(
            settings,
            deadline_days=self.deadline.value(),
            agreed_rate_percent=self.agreed.text().strip(),
            promise_grace_days=self.grace.value(),
            courtesy_days=self.courtesy.value(),
            dispute_age_days=self.dispute_age.value(),
        )
