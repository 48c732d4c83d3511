"""Record a payment: amount, date, reference, and where it goes (oldest first or chosen)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.domain import ledger as rules
from app.domain.money import AmountError, parse_amount
from app.i18n import N_, _
from app.services import ledger
from app.ui.context import AppContext
from app.ui.formatting import DATE_FORMAT, date_text, money_text

CHECK, NUMBER, DUE, OWED, ALLOCATE = range(5)
METHODS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("transfer", lambda: _("Bank transfer")),
    ("cheque", lambda: _("Cheque")),
    ("card", lambda: _("Card")),
    ("direct_debit", lambda: _("Direct debit")),
    ("cash", lambda: _("Cash")),
)


class PaymentDialog(QDialog):
    def __init__(
        self,
        context: AppContext,
        customer_id: int,
        *,
        invoice_ids: tuple[int, ...] = (),
        currency: str | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("payment_dialog")
        self._context = context
        self._customer_id = customer_id
        self._currency = currency or context.currency
        self._updating = False
        self._typed_rows: set[int] = set()  # allocation cells the user typed a figure into
        self.result_text = ""
        self._paid: tuple[int, int, str] | None = None
        with context.database.session_factory() as session:
            customer = ledger.get_customer(session, customer_id)
            self._customer_label = f"{customer.name} ({customer.ref})"
            self._items = rules.oldest_first(
                ledger.open_items(session, customer_id, self._currency)
            )
        self.setWindowTitle(_("Record a payment"))

        self.amount = QLineEdit(self)
        self.amount.setObjectName("payment_amount")
        self.amount.setPlaceholderText(_("e.g. 1 234,50"))
        today = context.clock.today()
        self.received_on = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.received_on.setObjectName("payment_date")
        self.received_on.setDisplayFormat(DATE_FORMAT)
        self.received_on.setCalendarPopup(True)
        self.received_on.setMaximumDate(QDate(today.year, today.month, today.day))
        self.reference = QLineEdit(self)
        self.reference.setObjectName("payment_reference")
        self.reference.setPlaceholderText(_("bank reference, cheque number…"))
        self.method = QComboBox(self)
        for key, label in METHODS:
            self.method.addItem(label(), key)

        self.automatic = QRadioButton(_("Oldest due first"), self)
        self.automatic.setObjectName("allocate_automatic")
        self.chosen = QRadioButton(_("Invoices I choose"), self)
        self.chosen.setObjectName("allocate_chosen")
        group = QButtonGroup(self)
        group.addButton(self.automatic)
        group.addButton(self.chosen)

        self.table = QTableWidget(len(self._items), 5, self)
        self.table.setObjectName("allocation_table")
        self.table.setHorizontalHeaderLabels(
            ["", _("Invoice"), _("Due"), _("Still owed"), _("Allocated")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(NUMBER, QHeaderView.ResizeMode.Stretch)
        self._fill_table()

        self.summary = QLabel(self)
        self.summary.setObjectName("payment_summary")
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Record payment"))
        self.buttons.accepted.connect(self._record)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(_("Customer"), QLabel(self._customer_label, self))
        form.addRow(_("Amount ({currency})").format(currency=self._currency), self.amount)
        form.addRow(_("Received on"), self.received_on)
        form.addRow(_("Reference"), self.reference)
        form.addRow(_("Method"), self.method)
        choice = QHBoxLayout()
        choice.addWidget(self.automatic)
        choice.addWidget(self.chosen)
        choice.addStretch(1)
        form.addRow(_("Allocate to"), choice)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.resize(640, 480)

        self.amount.textChanged.connect(self._refresh)
        self.automatic.toggled.connect(self._mode_changed)
        self.table.itemChanged.connect(self._item_changed)
        preselected = {i for i in invoice_ids if any(it.invoice_id == i for it in self._items)}
        if preselected:
            self.chosen.setChecked(True)
            for row, item in enumerate(self._items):
                if item.invoice_id in preselected:
                    self._set_checked(row, True)
        else:
            self.automatic.setChecked(True)
        self._refresh()

    # --- table -----------------------------------------------------------------------------
    def _fill_table(self) -> None:
        self._updating = True
        for row, item in enumerate(self._items):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Unchecked)
            self.table.setItem(row, CHECK, check)
            for column, text in (
                (NUMBER, item.number),
                (DUE, date_text(item.due_date)),
                (OWED, money_text(item.open_cents, self._currency)),
            ):
                cell = QTableWidgetItem(text)
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
                if column == OWED:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, cell)
            allocated = QTableWidgetItem("")
            allocated.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, ALLOCATE, allocated)
        self.table.resizeColumnToContents(CHECK)
        self._updating = False

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        """A cell of the invoice table; `_fill_table` gives every row all its cells."""
        cell = self.table.item(row, column)
        assert cell is not None, (row, column)
        return cell

    def _set_checked(self, row: int, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self._cell(row, CHECK).setCheckState(state)

    def _is_checked(self, row: int) -> bool:
        return self._cell(row, CHECK).checkState() == Qt.CheckState.Checked

    def _mode_changed(self) -> None:
        manual = self.chosen.isChecked()
        self._updating = True
        for row in range(len(self._items)):
            check_flags = Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
            self._cell(row, CHECK).setFlags(check_flags if manual else Qt.ItemFlag.NoItemFlags)
            editable = manual and self._is_checked(row)
            self._cell(row, ALLOCATE).setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsEditable
                if editable
                else Qt.ItemFlag.ItemIsEnabled
            )
        self._updating = False
        self._refresh()

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._updating:
            return
        if item.column() == ALLOCATE:
            if item.text().strip():
                self._typed_rows.add(item.row())
            else:
                self._typed_rows.discard(item.row())
        if item.column() == CHECK:
            row = item.row()
            self._typed_rows.discard(row)
            self._updating = True
            cell = self._cell(row, ALLOCATE)
            if self._is_checked(row):
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsEditable)
                cell.setText("")  # filled by _refresh with what remains
            else:
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
                cell.setText("")
            self._updating = False
        self._refresh()

    # --- computing -------------------------------------------------------------------------
    def _amount(self) -> int | None:
        text = self.amount.text().strip()
        if not text:
            return None
        try:
            return parse_amount(text, self._currency)
        except AmountError:
            return None

    def plan(self) -> rules.AllocationPlan:
        """The allocation the dialog would record now; raises AllocationError when impossible."""
        amount = self._amount()
        if amount is None or amount <= 0:
            raise rules.AllocationError(N_("Type the amount received, like 1234,50."))
        if self.automatic.isChecked():
            return rules.allocate_oldest_first(amount, self._items)
        return rules.allocate_to_chosen(amount, self._items, self.requested())

    def requested(self) -> dict[int, int | None]:
        """Chosen invoices, with the amount typed for each (None: as much as remains)."""
        requested: dict[int, int | None] = {}
        for row, item in enumerate(self._items):
            if not self._is_checked(row):
                continue
            text = self._cell(row, ALLOCATE).text().strip()
            if row not in self._typed_rows or not text:
                requested[item.invoice_id] = None
                continue
            try:
                requested[item.invoice_id] = parse_amount(text, self._currency)
            except AmountError as exc:
                raise rules.AllocationError(
                    N_("“{text}” is not an amount (invoice {number})."),
                    text=text,
                    number=item.number,
                ) from exc
        return requested

    def _refresh(self) -> None:
        try:
            plan = self.plan()
        except rules.AllocationError as exc:
            self._show_plan(None)
            self._show_problem(exc.translated(_))
            return
        self._show_plan(plan)
        text = _("Allocated: {allocated}").format(
            allocated=money_text(plan.allocated_cents, self._currency)
        )
        if plan.unallocated_cents:
            text += " · " + _("kept as the customer's credit: {credit}").format(
                credit=money_text(plan.unallocated_cents, self._currency)
            )
        self.summary.setStyleSheet("")
        self.summary.setText(text)
        self.ok_button.setEnabled(True)

    def _show_problem(self, message: str) -> None:
        self.summary.setStyleSheet("color: #b00020;")
        self.summary.setText(message)
        self.ok_button.setEnabled(False)

    def _show_plan(self, plan: rules.AllocationPlan | None) -> None:
        shares = {a.invoice_id: a.cents for a in plan.allocations} if plan else {}
        manual = self.chosen.isChecked()
        self._updating = True
        for row, item in enumerate(self._items):
            cell = self._cell(row, ALLOCATE)
            if manual and row in self._typed_rows:
                continue  # the user's own figure stays as typed
            share = shares.get(item.invoice_id)
            cell.setText(money_text(share, self._currency) if share else "")
        self._updating = False

    def _record(self) -> None:
        try:
            plan = self.plan()
        except rules.AllocationError as exc:
            self._show_problem(exc.translated(_))
            return
        received = self.received_on.date()
        allocate_to: dict[int, int | None] | None = None
        if self.chosen.isChecked():
            allocate_to = {a.invoice_id: a.cents for a in plan.allocations}
        try:
            with self._context.database.session_factory.begin() as session:
                result = ledger.record_payment(
                    session,
                    self._context.clock,
                    customer_id=self._customer_id,
                    amount_cents=plan.allocated_cents + plan.unallocated_cents,
                    received_on=date(received.year(), received.month(), received.day()),
                    currency=self._currency,
                    reference=self.reference.text().strip() or None,
                    method=self.method.currentData(),
                    allocate_to=allocate_to,
                )
                self.result_text = ledger.describe_posting(session, result, self._currency)
                self._paid = (
                    self._customer_id,
                    plan.allocated_cents + plan.unallocated_cents,
                    self._currency,
                )
        except ledger.LedgerError as exc:
            self._show_problem(str(exc))
            return
        self.accept()

    def paid(self) -> tuple[int, int, str] | None:
        """The customer, amount and currency recorded, once the payment is saved."""
        return self._paid
