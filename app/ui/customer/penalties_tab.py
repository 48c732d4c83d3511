"""The penalties tab: invoices paid late and what the law gave on each, to claim or to waive."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.late_penalties import Decision, PaidLate
from app.ui.formatting import date_text, money_text
from app.ui.icons import icon
from app.ui.models.row_table import RIGHT, ROW_ROLE, Column, RowTableModel
from app.ui.views.table_page import TablePage

DECISIONS = {
    Decision.OWED: lambda: _("Not claimed"),
    Decision.CLAIMED: lambda: _("Claimed"),
    Decision.WAIVED: lambda: _("Waived"),
}


def _status(row: PaidLate) -> str:
    text = DECISIONS[row.decision]()
    if row.decided_on is not None:
        text += " " + _("on {day}").format(day=date_text(row.decided_on))
    return text


COLUMNS: list[Column[PaidLate]] = [
    Column(lambda: _("Invoice"), lambda p: p.number, lambda p: p.number),
    Column(lambda: _("Due"), lambda p: date_text(p.due_date), lambda p: p.due_date),
    Column(lambda: _("Paid on"), lambda p: date_text(p.paid_on), lambda p: p.paid_on),
    Column(lambda: _("Days late"), lambda p: str(p.days_late), lambda p: p.days_late, RIGHT),
    Column(
        lambda: _("Interest"),
        lambda p: money_text(p.interest_cents, p.currency),
        lambda p: p.interest_cents,
        RIGHT,
    ),
    Column(
        lambda: _("Indemnity"),
        lambda p: money_text(p.fixed_cents, p.fixed_currency),
        lambda p: p.fixed_cents,
        RIGHT,
    ),
    Column(lambda: _("Status"), _status, lambda p: p.decision.value),
]


class PenaltiesTab(QWidget):
    claim = Signal(object)  # the invoice ids
    waive = Signal(object)  # the invoice ids

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("penalties_tab")
        model: RowTableModel[PaidLate] = RowTableModel(
            COLUMNS, lambda p: p.number, lambda p: p.invoice_id
        )
        self.page = TablePage(model, "", lambda shown, total: "", self)
        self.page.search.hide()
        self.page.count_label.hide()
        self.page.table.setObjectName("penalties_table")
        self.page.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.page.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # oldest due first
        self.page.fit_columns({0: 140, 1: 100, 2: 100, 3: 120, 4: 110, 5: 110}, stretch=6)
        self.explain = QLabel(
            _(
                "The law gives interest and a fixed indemnity on every invoice paid after its due "
                "date. Claim them with a letter, or waive them as a gesture: either way the "
                "decision and its amount go into the history. Select invoices, or none for all "
                "those not yet decided."
            ),
            self,
        )
        self.explain.setWordWrap(True)
        self.claim_button = QPushButton(_("Claim by letter…"), self)
        self.claim_button.setIcon(icon("file-text"))
        self.claim_button.setObjectName("claim_penalties")
        self.waive_button = QPushButton(_("Waive…"), self)
        self.waive_button.setIcon(icon("ban"))
        self.waive_button.setObjectName("waive_penalties")
        self.claim_button.clicked.connect(lambda: self.claim.emit(self.chosen()))
        self.waive_button.clicked.connect(lambda: self.waive.emit(self.chosen()))
        buttons = QHBoxLayout()
        buttons.addWidget(self.claim_button)
        buttons.addWidget(self.waive_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addLayout(buttons)
        layout.addWidget(self.page, 1)

    def set_rows(self, rows: Sequence[PaidLate]) -> None:
        self.page.model.set_rows(rows)
        owed = any(r.decision is Decision.OWED for r in rows)
        self.claim_button.setEnabled(owed)
        self.waive_button.setEnabled(owed)

    def chosen(self) -> list[int]:
        """The selected invoices not decided yet; none selected: all those not decided yet."""
        rows: list[PaidLate] = [
            index.data(ROW_ROLE) for index in self.page.table.selectionModel().selectedRows()
        ]
        if not rows:
            rows = self.page.model.rows()
        return [r.invoice_id for r in rows if r.decision is Decision.OWED]
