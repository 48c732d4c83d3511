"""Customers page: everyone who owes, searchable as you type, sortable by what matters."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPushButton

from app.db.queries import CustomerRow, customer_rows
from app.i18n import _, ngettext
from app.ui.background import BackgroundOp
from app.ui.context import AppContext
from app.ui.models.customers import CustomerTableModel
from app.ui.views.table_page import TablePage


def _count(shown: int, total: int) -> str:
    if shown == total:
        return ngettext("{n} customer", "{n} customers", total).format(n=total)
    return _("{shown} of {total} customers").format(shown=shown, total=total)


class CustomersView(TablePage):
    open_customer = Signal(int)  # customer id: the customer file
    show_invoices = Signal(object)  # CustomerRow
    record_payment = Signal(object)  # CustomerRow
    loaded = Signal()

    def __init__(self, context: AppContext, parent: Any = None) -> None:
        super().__init__(
            CustomerTableModel(),
            _("Search by name, reference, city or email"),
            _count,
            parent,
        )
        self.setObjectName("customers_view")
        self.model.setParent(self)
        self._context = context
        self.search.setObjectName("customer_search")
        self.table.setObjectName("customer_table")

        self.file_button = QPushButton(_("Customer file"), self)
        self.file_button.setObjectName("open_customer_file")
        self.invoices_button = QPushButton(_("Invoices"), self)
        self.payment_button = QPushButton(_("Record a payment…"), self)
        self.payment_button.setObjectName("record_payment")
        for button in (self.file_button, self.invoices_button, self.payment_button):
            button.setEnabled(False)
            self.toolbar.addWidget(button)
        self.invoices_button.clicked.connect(lambda: self._emit(self.show_invoices))
        self.payment_button.clicked.connect(lambda: self._emit(self.record_payment))
        self.file_button.clicked.connect(self._open_selected)
        self.activated.connect(lambda row: self.open_customer.emit(row.id))
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.fit_columns({0: 90, 2: 140, 3: 190, 4: 115, 5: 115, 6: 105, 7: 130}, stretch=1)
        # Who to chase first: the most overdue at the top.
        self.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)

    def _emit(self, signal: Any) -> None:
        row = self.selected_row()
        if row is not None:
            signal.emit(row)

    def _open_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.open_customer.emit(row.id)

    def _selection_changed(self, *_args: object) -> None:
        has_row = self.selected_row() is not None
        self.file_button.setEnabled(has_row)
        self.invoices_button.setEnabled(has_row)
        self.payment_button.setEnabled(has_row)

    def load_rows(self) -> list[CustomerRow]:
        with self._context.database.session_factory() as session:
            return customer_rows(session, self._context.clock.today(), self._context.currency)

    def reload(self) -> None:
        """Query in the background; the table keeps what it shows until the new rows arrive."""
        BackgroundOp(self, self.load_rows).success(self._show).run()

    def _show(self, rows: list[CustomerRow]) -> None:
        selected = self.selected_id()
        self.model.set_rows(rows)
        if selected is not None:
            self.select_id(selected)
        self._selection_changed()
        self.loaded.emit()

    def select_id(self, customer_id: int) -> None:
        row = self.model.row_for_id(customer_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectRow(index.row())
