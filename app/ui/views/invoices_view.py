"""Invoices page: open, overdue or all invoices, within a date range, for one customer or all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QLabel, QPushButton, QToolButton

from app.db.queries import InvoiceFilter, InvoiceRow, invoice_rows
from app.i18n import _, ngettext
from app.ui.background import BackgroundOp, Latest
from app.ui.context import AppContext
from app.ui.formatting import DATE_FORMAT
from app.ui.icons import icon
from app.ui.models.invoices import InvoiceTableModel
from app.ui.views.table_page import TablePage


@dataclass(frozen=True)
class InvoiceQuery:
    status: InvoiceFilter
    date_from: date | None
    date_to: date | None
    customer_id: int | None


def _count(shown: int, total: int) -> str:
    if shown == total:
        return ngettext("{n} invoice", "{n} invoices", total).format(n=total)
    return ngettext("{shown} of {total} invoices", "{shown} of {total} invoices", shown).format(
        shown=shown, total=total
    )


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class InvoicesView(TablePage):
    record_payment = Signal(object)  # InvoiceRow
    loaded = Signal()

    def __init__(self, context: AppContext, parent: Any = None) -> None:
        super().__init__(
            InvoiceTableModel(), _("Search by invoice number or customer"), _count, parent
        )
        self._reloads = Latest()  # overlapping reloads: only the last one is shown
        self.setObjectName("invoices_view")
        self.model.setParent(self)
        self._context = context
        self._customer: tuple[int, str] | None = None
        self._stale = True  # a large book has many open invoices: load them when first shown
        self.table.setObjectName("invoice_table")
        self.search.setObjectName("invoice_search")

        self.status = QComboBox(self)
        self.status.setObjectName("invoice_status")
        for value, label in (
            (InvoiceFilter.OPEN, _("Open")),
            (InvoiceFilter.OVERDUE, _("Overdue")),
            (InvoiceFilter.ALL, _("All")),
        ):
            self.status.addItem(label, value)
        today = context.clock.today()
        self.from_check = QCheckBox(_("Issued from"), self)
        self.date_from = self._date_edit(QDate(today.year - 1, today.month, 1))
        self.to_check = QCheckBox(_("to"), self)
        self.date_to = self._date_edit(QDate(today.year, today.month, today.day))
        self.customer_label = QLabel(self)
        self.clear_customer = QToolButton(self)
        self.clear_customer.setText(_("All customers"))
        self.clear_customer.clicked.connect(lambda: self.set_customer(None))
        self.payment_button = QPushButton(_("Record a payment…"), self)
        self.payment_button.setIcon(icon("banknote"))
        self.payment_button.setEnabled(False)
        for widget in (
            self.status,
            self.from_check,
            self.date_from,
            self.to_check,
            self.date_to,
            self.customer_label,
            self.clear_customer,
            self.payment_button,
        ):
            self.toolbar.addWidget(widget)
        self.customer_label.hide()
        self.clear_customer.hide()

        self.status.currentIndexChanged.connect(self.reload)
        for check, edit in ((self.from_check, self.date_from), (self.to_check, self.date_to)):
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(self.reload)
            edit.dateChanged.connect(self.reload)
        self.payment_button.clicked.connect(self._record_payment)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.payment_button.setEnabled(self.selected_row() is not None)
        )
        self.fit_columns({0: 130, 2: 100, 3: 100, 4: 120, 5: 120, 6: 105, 7: 90}, stretch=1)
        self.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _date_edit(self, value: QDate) -> QDateEdit:
        edit = QDateEdit(value, self)
        edit.setDisplayFormat(DATE_FORMAT)
        edit.setCalendarPopup(True)
        edit.setEnabled(False)
        return edit

    def set_customer(self, customer: tuple[int, str] | None) -> None:
        """Show only one customer's invoices (id, name), or everyone's."""
        self._customer = customer
        self.customer_label.setText(
            _("Customer: {name}").format(name=customer[1]) if customer else ""
        )
        self.customer_label.setVisible(customer is not None)
        self.clear_customer.setVisible(customer is not None)
        self.reload()

    def set_status(self, status: InvoiceFilter) -> None:
        self.status.setCurrentIndex(self.status.findData(status))

    def current_query(self) -> InvoiceQuery:
        return InvoiceQuery(
            InvoiceFilter(self.status.currentData()),
            _to_date(self.date_from.date()) if self.from_check.isChecked() else None,
            _to_date(self.date_to.date()) if self.to_check.isChecked() else None,
            self._customer[0] if self._customer else None,
        )

    def load_rows(self, query: InvoiceQuery) -> list[InvoiceRow]:
        with self._context.database.session_factory() as session:
            return invoice_rows(
                session,
                self._context.clock.today(),
                query.status,
                query.date_from,
                query.date_to,
                query.customer_id,
            )

    def reload(self) -> None:
        """Query again; while the page is hidden, only remember to do it when it is shown."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        query = self.current_query()
        BackgroundOp(self, lambda: (query, self.load_rows(query)), latest=self._reloads).success(
            self._show
        ).run()

    def _show(self, result: tuple[InvoiceQuery, list[InvoiceRow]]) -> None:
        query, rows = result
        if query != self.current_query():
            return  # an older answer arriving after the filters changed again
        self.model.set_rows(rows)
        self.payment_button.setEnabled(False)
        self.loaded.emit()

    def _record_payment(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.record_payment.emit(row)
