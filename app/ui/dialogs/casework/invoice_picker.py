"""A checkable list of a customer's open invoices, with an optional amount typed for each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from app.db.queries import InvoiceRow
from app.domain.money import AmountError, parse_amount
from app.i18n import _
from app.services.ledger import LedgerError
from app.ui.formatting import date_text, money_text

NUMBER, DUE, OWED, DISPUTED, AMOUNT = range(5)
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class InvoicePicker(QTableWidget):
    """Invoices to tick; with `amount_title`, a last column takes an amount per ticked invoice."""

    changed = Signal()

    def __init__(
        self, invoices: Sequence[InvoiceRow], amount_title: str | None = None, parent: Any = None
    ) -> None:
        columns = [_("Invoice"), _("Due"), _("Still owed"), _("Disputed")]
        if amount_title is not None:
            columns.append(amount_title)
        super().__init__(len(invoices), len(columns), parent)
        self.invoices = list(invoices)
        self._filling = True
        self.setHorizontalHeaderLabels(columns)
        self.verticalHeader().setVisible(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for row, invoice in enumerate(self.invoices):
            check = QTableWidgetItem(invoice.number)
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Unchecked)
            self.setItem(row, NUMBER, check)
            disputed = invoice.disputed_cents
            for column, text in (
                (DUE, date_text(invoice.due_date)),
                (OWED, money_text(invoice.open_cents, invoice.currency)),
                (DISPUTED, money_text(disputed, invoice.currency) if disputed else ""),
            ):
                cell = QTableWidgetItem(text)
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
                cell.setTextAlignment(RIGHT)
                self.setItem(row, column, cell)
            if amount_title is not None:
                amount = QTableWidgetItem("")
                amount.setTextAlignment(RIGHT)
                amount.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsEditable)
                self.setItem(row, AMOUNT, amount)
        self._filling = False
        self.itemChanged.connect(self._item_changed)

    def _item_changed(self, _item: QTableWidgetItem) -> None:
        if not self._filling:
            self.changed.emit()

    def _check(self, row: int) -> QTableWidgetItem:
        item = self.item(row, NUMBER)
        assert item is not None  # every row is filled in __init__
        return item

    def set_checked(self, invoice_ids: Sequence[int]) -> None:
        for row, invoice in enumerate(self.invoices):
            state = Qt.CheckState.Checked if invoice.id in invoice_ids else Qt.CheckState.Unchecked
            self._check(row).setCheckState(state)

    def row_of(self, invoice_id: int) -> int:
        return next(r for r, i in enumerate(self.invoices) if i.id == invoice_id)

    def checked(self) -> list[InvoiceRow]:
        return [
            invoice
            for row, invoice in enumerate(self.invoices)
            if self._check(row).checkState() == Qt.CheckState.Checked
        ]

    def typed_amounts(self) -> dict[int, int | None]:
        """Ticked invoices with the amount typed for each (None where left empty)."""
        amounts: dict[int, int | None] = {}
        for invoice in self.checked():
            row = self.row_of(invoice.id)
            cell = self.item(row, AMOUNT) if self.columnCount() > AMOUNT else None
            text = cell.text().strip() if cell is not None else ""
            if not text:
                amounts[invoice.id] = None
                continue
            try:
                amounts[invoice.id] = parse_amount(text, invoice.currency)
            except AmountError:
                raise LedgerError(
                    _("“{text}” is not an amount (invoice {number}).").format(
                        text=text, number=invoice.number
                    )
                ) from None
        return amounts
