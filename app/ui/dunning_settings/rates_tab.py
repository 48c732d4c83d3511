"""The dated table of late-payment reference rates, half-year by half-year."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.calendar import parse_date
from app.domain.penalties import RatePeriod
from app.i18n import _
from app.services.ledger import LedgerError
from app.services.letter_settings import rate_bp
from app.ui.formatting import date_text

COUNTRY, STARTS, REFERENCE, LEGAL = range(4)


def percent(bp: int | None) -> str:
    return "" if bp is None else f"{bp // 100},{bp % 100:02d}"


class RatesTab(QWidget):
    def __init__(self, today: date, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("rates_tab")
        self._today = today
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("rate_table")
        self.table.setHorizontalHeaderLabels(
            [
                _("Country"),
                _("From (day/month/year)"),
                _("Reference rate %"),
                _("Legal rate % (France)"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        add = QPushButton(_("Add a half-year"), self)
        remove = QPushButton(_("Remove"), self)
        add.clicked.connect(self._add)
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        note = QLabel(
            _(
                "France: the ECB main refinancing rate in force on 1 January or 1 July (interest "
                "= that rate + 10 points), and the legal interest rate for professionals (a rate "
                "agreed in your terms may not be below three times it). United Kingdom: the Bank "
                "of England rate on 31 December or 30 June (interest = that rate + 8 points, "
                "fixed for each debt by the day it became late). After the last half-year listed, "
                "letters use its rates only once you have said so."
            ),
            self,
        )
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        self.warning = QLabel(self)
        self.warning.setObjectName("rates_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(
            "background: #fff4ce; border: 1px solid #e0c36a; padding: 6px; color: #4a3b00;"
        )
        self.warning.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(note)

    def show_warnings(self, messages: list[str]) -> None:
        """Say which half-year the table lacks, above the table where it is entered."""
        self.warning.setText("\n".join(messages))
        self.warning.setVisible(bool(messages))

    def set_rates(self, periods: list[RatePeriod]) -> None:
        self.table.setRowCount(0)
        for period in periods:
            self._append(period)

    def _append(self, period: RatePeriod) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in (
            (COUNTRY, period.jurisdiction),
            (STARTS, date_text(period.starts_on)),
            (REFERENCE, percent(period.reference_bp)),
            (LEGAL, percent(period.legal_bp)),
        ):
            self.table.setItem(row, column, QTableWidgetItem(text))

    def _add(self) -> None:
        starts = date(self._today.year, 1 if self._today.month <= 6 else 7, 1)
        self._append(RatePeriod("FR", starts, 0, 0))

    def rates(self) -> list[RatePeriod]:
        periods = []
        for row in range(self.table.rowCount()):

            def cell(column: int, row: int = row) -> str:
                item = self.table.item(row, column)
                return item.text().strip() if item is not None else ""

            try:
                starts = parse_date(cell(STARTS))
                reference = rate_bp(cell(REFERENCE))
                legal = rate_bp(cell(LEGAL)) if cell(LEGAL) else None
            except ValueError:  # DateError is one
                raise LedgerError(
                    _("Row {n}: a date like {date} and rates like 2,15.").format(
                        n=row + 1, date=date_text(date(2026, 7, 1))
                    )
                ) from None
            periods.append(RatePeriod(cell(COUNTRY).upper(), starts, reference, legal))
        return periods
