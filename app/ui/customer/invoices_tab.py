"""The invoices tab: the customer's invoices, and the whole story of the one selected."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db.queries import InvoiceRow
from app.i18n import _
from app.services.customer_file import TimelineEvent
from app.ui.customer.timeline_tab import timeline_table
from app.ui.header_style import keep_titles_clear
from app.ui.icons import icon
from app.ui.models.invoices import AMOUNT, DISPUTED, DUE, ISSUED, LATE, NUMBER, STILL_OWED
from app.ui.models.row_table import RowTableModel, SearchProxy
from app.ui.models.timeline import TimelineModel

# The customer is the file's own: the list of all invoices without its customer column.
COLUMNS = [NUMBER, ISSUED, DUE, AMOUNT, STILL_OWED, DISPUTED, LATE]


class OpenOnlyProxy(SearchProxy):
    """Hides settled invoices unless asked to show them all."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._open_only = True

    def set_open_only(self, open_only: bool) -> None:
        self.beginFilterChange()
        self._open_only = open_only
        self.endFilterChange(SearchProxy.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Any) -> bool:
        source = self.sourceModel()
        if (
            self._open_only
            and isinstance(source, RowTableModel)
            and not source.row_at(source_row).open_cents
        ):
            return False
        return super().filterAcceptsRow(source_row, source_parent)


class InvoicesTab(QWidget):
    selected = Signal(object)  # InvoiceRow or None
    open_dispute = Signal(object)  # InvoiceRow
    close_dispute = Signal(object)  # InvoiceRow
    record_payment = Signal(object)  # InvoiceRow
    new_invoice = Signal()
    edit_invoice = Signal(object)  # InvoiceRow
    delete_invoice = Signal(object)  # InvoiceRow

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("invoices_tab")
        self.model: RowTableModel[InvoiceRow] = RowTableModel(
            COLUMNS, lambda r: r.number, lambda r: r.id, self
        )
        self.model.sort(2, Qt.SortOrder.AscendingOrder)
        self.proxy = OpenOnlyProxy(self)
        self.proxy.setSourceModel(self.model)
        self.show_settled = QCheckBox(_("Show settled invoices"), self)
        self.show_settled.setObjectName("show_settled")
        self.show_settled.toggled.connect(lambda on: self.proxy.set_open_only(not on))
        self.dispute_button = QPushButton(_("Open a dispute…"), self)
        self.dispute_button.setIcon(icon("message-square-warning"))
        self.dispute_button.setObjectName("invoice_open_dispute")
        self.close_button = QPushButton(_("Close the dispute…"), self)
        self.close_button.setIcon(icon("circle-check"))
        self.close_button.setObjectName("invoice_close_dispute")
        self.payment_button = QPushButton(_("Record a payment…"), self)
        self.payment_button.setIcon(icon("banknote"))
        self.payment_button.setObjectName("invoice_record_payment")
        self.new_button = QPushButton(_("New invoice…"), self)
        self.new_button.setIcon(icon("file-plus"))
        self.new_button.setObjectName("invoice_new")
        self.new_button.clicked.connect(self.new_invoice.emit)
        self.edit_button = QPushButton(_("Correct…"), self)
        self.edit_button.setIcon(icon("pencil"))
        self.edit_button.setObjectName("invoice_edit")
        self.delete_button = QPushButton(_("Delete…"), self)
        self.delete_button.setIcon(icon("trash-2"))
        self.delete_button.setObjectName("invoice_delete")
        for button, signal in (
            (self.dispute_button, self.open_dispute),
            (self.close_button, self.close_dispute),
            (self.payment_button, self.record_payment),
            (self.edit_button, self.edit_invoice),
            (self.delete_button, self.delete_invoice),
        ):
            button.clicked.connect(lambda _c=False, s=signal: self._emit(s))

        self.table = QTableView(self)
        self.table.setObjectName("customer_invoice_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSortIndicator(2, Qt.SortOrder.AscendingOrder)
        keep_titles_clear(self.table.horizontalHeader())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.history_title = QLabel(self)
        self.history_title.setObjectName("invoice_history_title")
        self.history_title.setStyleSheet("font-weight: 600;")
        self.history = TimelineModel(self)
        self.history_table = timeline_table(self.history, self)
        self.history_table.setObjectName("invoice_history")

        actions = QHBoxLayout()
        actions.addWidget(self.show_settled)
        actions.addStretch(1)
        for button in (
            self.new_button,
            self.edit_button,
            self.delete_button,
            self.dispute_button,
            self.close_button,
            self.payment_button,
        ):
            actions.addWidget(button)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.history_title)
        lower_layout.addWidget(self.history_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setSizes([300, 200])
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)
        self._selection_changed()

    def set_invoices(self, rows: Sequence[InvoiceRow]) -> None:
        chosen = self.selected_invoice()
        self.model.set_rows(rows)
        if chosen is not None:
            self.select_invoice(chosen.id)
        self._selection_changed()

    def set_history(self, invoice: InvoiceRow | None, events: Sequence[TimelineEvent]) -> None:
        self.history.set_rows(events)
        self.history_title.setText(
            _("History of invoice {number}").format(number=invoice.number)
            if invoice is not None
            else _("Select an invoice to see its history.")
        )

    def selected_invoice(self) -> InvoiceRow | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        return self.model.row_at(self.proxy.mapToSource(indexes[0]).row())

    def select_invoice(self, invoice_id: int) -> bool:
        row = self.model.row_for_id(invoice_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # a settled invoice while only open ones are shown
            self.show_settled.setChecked(True)
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def _emit(self, signal: Any) -> None:
        invoice = self.selected_invoice()
        if invoice is not None:
            signal.emit(invoice)

    def _selection_changed(self, *_args: object) -> None:
        invoice = self.selected_invoice()
        is_open = invoice is not None and invoice.open_cents > 0
        self.dispute_button.setEnabled(
            is_open and invoice is not None and invoice.disputed_cents < invoice.open_cents
        )
        self.close_button.setEnabled(invoice is not None and invoice.disputed_cents > 0)
        self.payment_button.setEnabled(is_open)
        self.edit_button.setEnabled(invoice is not None)
        self.delete_button.setEnabled(invoice is not None)
        self.selected.emit(invoice)
