"""Customers page: everyone who owes, searchable as you type, sortable by what matters."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QPushButton, QVBoxLayout

from app.db.queries import CustomerRow, customer_rows
from app.i18n import _, ngettext
from app.services import ledger_entry
from app.services.ledger import LedgerError
from app.ui.background import BackgroundOp, Latest
from app.ui.context import AppContext
from app.ui.dialogs.ledger_dialogs import CustomerDialog, InvoiceDialog
from app.ui.dialogs.service_dialog import ServiceDialog
from app.ui.icons import icon
from app.ui.models.customers import CustomerTableModel
from app.ui.views.empty_book import EmptyBook
from app.ui.views.table_page import TablePage


def _count(shown: int, total: int) -> str:
    if shown == total:
        return ngettext("{n} customer", "{n} customers", total).format(n=total)
    return ngettext("{shown} of {total} customers", "{shown} of {total} customers", shown).format(
        shown=shown, total=total
    )


class CustomersView(TablePage):
    open_customer = Signal(int)  # customer id: the customer file
    show_invoices = Signal(object)  # CustomerRow
    record_payment = Signal(object)  # CustomerRow
    loaded = Signal()
    changed = Signal(str)  # a customer or an invoice was typed, corrected or deleted
    import_requested = Signal()  # from the empty book's actions
    demo_requested = Signal()

    def __init__(self, context: AppContext, parent: Any = None) -> None:
        super().__init__(
            CustomerTableModel(),
            _("Search by name, reference, city or email"),
            _count,
            parent,
        )
        self._reloads = Latest()  # overlapping reloads: only the last one is shown
        self.setObjectName("customers_view")
        self.model.setParent(self)
        self._context = context
        self._select_after_load: int | None = None
        self.search.setObjectName("customer_search")
        self.table.setObjectName("customer_table")

        self.file_button = QPushButton(_("Customer file"), self)
        self.file_button.setIcon(icon("contact-round"))
        self.file_button.setObjectName("open_customer_file")
        self.invoices_button = QPushButton(_("Invoices"), self)
        self.invoices_button.setIcon(icon("receipt"))
        self.payment_button = QPushButton(_("Record a payment…"), self)
        self.payment_button.setIcon(icon("banknote"))
        self.payment_button.setObjectName("record_payment")
        self.new_button = QPushButton(_("New customer…"), self)
        self.new_button.setIcon(icon("user-plus"))
        self.new_button.setObjectName("new_customer")
        self.new_button.setToolTip(_("New customer (Ctrl+N)"))
        self.new_invoice_button = QPushButton(_("New invoice…"), self)
        self.new_invoice_button.setIcon(icon("file-plus"))
        self.new_invoice_button.setObjectName("new_invoice")
        # Pencil and bin alone, their words in the tooltip: the search keeps its room at 1366 px.
        self.edit_button = QPushButton(icon("pencil"), "", self)
        self.edit_button.setObjectName("edit_customer")
        self.delete_button = QPushButton(icon("trash-2"), "", self)
        self.delete_button.setObjectName("delete_customer")
        for button, words in (
            (self.edit_button, _("Edit the customer…")),
            (self.delete_button, _("Delete the customer…")),
        ):
            button.setToolTip(words)
            button.setAccessibleName(words)
        self.toolbar.addWidget(self.new_button)
        self.row_buttons = (
            self.file_button,
            self.invoices_button,
            self.payment_button,
            self.new_invoice_button,
            self.edit_button,
            self.delete_button,
        )
        for button in self.row_buttons:
            button.setEnabled(False)
            self.toolbar.addWidget(button)
        self.toolbar.addStretch()  # takes the room when the search box is hidden (empty book)
        # Owned by the view: Ctrl+N works whenever the customers page is the one shown.
        self.new_action = QAction(_("New customer…"), self)
        self.new_action.setIcon(icon("user-plus"))
        self.new_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.new_action.triggered.connect(self.new_customer)
        self.addAction(self.new_action)
        self.new_button.clicked.connect(self.new_customer)
        self.new_invoice_button.clicked.connect(self.new_invoice)
        self.edit_button.clicked.connect(self.edit_customer)
        self.delete_button.clicked.connect(self.delete_customer)
        self.last_dialog: ServiceDialog | None = None
        self.invoices_button.clicked.connect(lambda: self._emit(self.show_invoices))
        self.payment_button.clicked.connect(lambda: self._emit(self.record_payment))
        self.file_button.clicked.connect(self._open_selected)
        self.activated.connect(lambda row: self.open_customer.emit(row.id))
        self.empty = EmptyBook(self)
        self.empty.hide()
        page = self.layout()
        assert isinstance(page, QVBoxLayout)
        page.insertWidget(1, self.empty, 1)  # in place of the table while there is none
        self.empty.import_file[0].clicked.connect(self.import_requested.emit)
        self.empty.new_customer[0].clicked.connect(self.new_customer)
        self.empty.open_demo[0].clicked.connect(self.demo_requested.emit)
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
        for button in self.row_buttons:
            button.setEnabled(has_row)

    # --- typing by hand ----------------------------------------------------------------------
    def _open(self, dialog: ServiceDialog) -> ServiceDialog:
        def accepted() -> None:
            self.changed.emit(dialog.result_text)
            saved = getattr(dialog, "saved_id", None)
            if saved is not None:
                self._select_after_load = saved
            self.reload()

        dialog.accepted.connect(accepted)
        dialog.finished.connect(dialog.deleteLater)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def new_customer(self) -> ServiceDialog:
        return self._open(CustomerDialog(self._context, parent=self))

    def edit_customer(self) -> ServiceDialog | None:
        row = self.selected_row()
        if row is None:
            return None
        return self._open(CustomerDialog(self._context, row.id, parent=self))

    def new_invoice(self) -> ServiceDialog | None:
        row = self.selected_row()
        if row is None:
            return None
        return self._open(InvoiceDialog(self._context, row.id, parent=self))

    def delete_customer(self, *, confirm: bool = True) -> str | None:
        """Delete the selected customer after asking; a refusal is said in a message box."""
        row = self.selected_row()
        if row is None:
            return None
        if confirm:
            answer = QMessageBox.question(
                self,
                _("Delete the customer"),
                _("Delete {name} and its contacts? This cannot be undone.").format(name=row.name),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        try:
            with self._context.database.session_factory.begin() as session:
                name = ledger_entry.delete_customer(session, row.id)
        except LedgerError as exc:
            if confirm:
                QMessageBox.information(self, _("Delete the customer"), str(exc))
            return str(exc)
        text = _("Customer {name} deleted.").format(name=name)
        self.changed.emit(text)
        self.reload()
        return text

    def load_rows(self) -> list[CustomerRow]:
        with self._context.database.session_factory() as session:
            return customer_rows(session, self._context.clock.today(), self._context.currency)

    def reload(self) -> None:
        """Query in the background; the table keeps what it shows until the new rows arrive."""
        BackgroundOp(self, self.load_rows, latest=self._reloads).success(self._show).run()

    def _show(self, rows: list[CustomerRow]) -> None:
        selected = self._select_after_load or self.selected_id()
        self._select_after_load = None
        self.model.set_rows(rows)
        empty = not rows
        self.empty.setVisible(empty)
        for widget in (self.table, self.search, self.count_label, *self.row_buttons):
            widget.setVisible(not empty)
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
