"""The forms for typing a customer or an invoice by hand, new or corrected."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSpinBox
from sqlalchemy.orm import Session

from app.domain.identifiers import format_iban
from app.domain.money import AmountError, parse_amount
from app.i18n import _
from app.services import ledger_entry
from app.services.ledger import LedgerError, get_customer
from app.services.ledger_entry import CustomerFields, InvoiceFields
from app.ui.civility_box import CivilityBox
from app.ui.context import AppContext
from app.ui.date_field import DateField
from app.ui.dialogs.service_dialog import ServiceDialog
from app.ui.formatting import money_text

_TEXTS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("ref", lambda: _("Reference:")),
    ("name", lambda: _("Name:")),
    ("address_line1", lambda: _("Address:")),
    ("address_line2", lambda: _("Address 2:")),
    ("postcode", lambda: _("Postcode:")),
    ("city", lambda: _("City:")),
    ("region", lambda: _("State or province:")),
    ("country", lambda: _("Country:")),
    ("siret", lambda: _("SIRET:")),
    ("vat_number", lambda: _("VAT number:")),
    ("iban", lambda: _("IBAN:")),
)


class CustomerDialog(ServiceDialog):
    """A new customer, or the corrections of `customer_id`'s details."""

    def __init__(
        self, context: AppContext, customer_id: int | None = None, parent: Any = None
    ) -> None:
        title = _("New customer") if customer_id is None else _("Customer details")
        super().__init__(context, title, parent)
        self.customer_id = customer_id
        self.saved_id: int | None = customer_id
        self.fields: dict[str, QLineEdit] = {}
        for name, label in _TEXTS:
            edit = QLineEdit(self)
            edit.setObjectName(f"customer_{name}")
            self.fields[name] = edit
            self.form.addRow(label(), edit)
        self.fields["country"].setText("FR")
        self.kind = QComboBox(self)
        self.kind.addItem(_("Business"), "business")
        self.kind.addItem(_("Individual"), "individual")
        self.form.insertRow(2, _("Kind:"), self.kind)
        self.civility = CivilityBox("", self)
        self.civility.setObjectName("customer_civility")
        self.civility.setToolTip(_("An individual's, for the greeting of letters"))
        self.form.insertRow(3, _("Civility:"), self.civility)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.language = QComboBox(self)
        self.language.addItem("Français", "fr")
        self.language.addItem("English", "en")
        self.form.addRow(_("Letters in:"), self.language)
        self.terms = QSpinBox(self)
        self.terms.setRange(0, 365)
        self.terms.setValue(30)
        self.terms.setSuffix(_(" days"))
        self.form.addRow(_("Payment terms:"), self.terms)
        self.email = QLineEdit(self)
        self.email.setObjectName("customer_email")
        if customer_id is None:
            self.form.addRow(_("Email:"), self.email)
        else:
            self._fill(customer_id)
        self.setMinimumWidth(460)
        self.finish_layout()

    def _fill(self, customer_id: int) -> None:
        with self.context.database.session_factory() as session:
            customer = get_customer(session, customer_id)
            for name, edit in self.fields.items():
                edit.setText(getattr(customer, name) or "")
            self.fields["iban"].setText(format_iban(customer.iban or ""))
            self.kind.setCurrentIndex(max(0, self.kind.findData(customer.kind)))
            self.civility.set_code(customer.civility or "")
            self.language.setCurrentIndex(max(0, self.language.findData(customer.language)))
            self.terms.setValue(customer.payment_terms_days)

    def _kind_changed(self, *_args: object) -> None:
        """A business is greeted through its contacts: its own civility means nothing."""
        self.civility.setEnabled(self.kind.currentData() == "individual")

    def typed(self) -> CustomerFields:
        texts = {name: edit.text() for name, edit in self.fields.items()}
        individual = self.kind.currentData() == "individual"
        return CustomerFields(
            civility=self.civility.code() if individual else "",
            kind=str(self.kind.currentData()),
            language=str(self.language.currentData()),
            payment_terms_days=self.terms.value(),
            **texts,
        )

    def write(self, session: Session) -> str:
        if self.customer_id is None:
            customer = ledger_entry.add_customer(
                session, self.context.clock, self.typed(), email=self.email.text()
            )
            self.saved_id = customer.id
            return _("Customer {name} added.").format(name=customer.name)
        customer = ledger_entry.update_customer(
            session, self.context.clock, self.customer_id, self.typed()
        )
        return _("Details of {name} saved.").format(name=customer.name)


class InvoiceDialog(ServiceDialog):
    """A new invoice for `customer_id`, or the corrections of `invoice_id`."""

    def __init__(
        self,
        context: AppContext,
        customer_id: int,
        invoice_id: int | None = None,
        parent: Any = None,
    ) -> None:
        title = _("New invoice") if invoice_id is None else _("Correct the invoice")
        super().__init__(context, title, parent)
        self.customer_id = customer_id
        self.invoice_id = invoice_id
        today = context.clock.today()
        with context.database.session_factory() as session:
            customer = get_customer(session, customer_id)
            customer_name, terms = customer.name, customer.payment_terms_days
            current = None
            if invoice_id is not None:
                current = next(i for i in customer.invoices if i.id == invoice_id)
                values = (
                    current.number,
                    current.issue_date,
                    current.due_date,
                    money_text(current.amount_cents, current.currency),  # read back as typed
                    current.currency,
                )
            else:
                values = ("", today, today + timedelta(days=terms), "", context.currency)
        self.form.addRow(_("Customer:"), QLabel(customer_name, self))
        self.number = QLineEdit(values[0], self)
        self.number.setObjectName("invoice_number")
        self.issued = DateField(values[1], self)
        self.issued.setObjectName("invoice_issued")
        self.due = DateField(values[2], self)
        self.due.setObjectName("invoice_due")
        self.amount = QLineEdit(values[3], self)
        self.amount.setObjectName("invoice_amount")
        self.amount.setPlaceholderText("1234,50")
        self.currency = QLineEdit(values[4], self)
        self.currency.setObjectName("invoice_currency")
        self.currency.setMaxLength(3)
        self.form.addRow(_("Number:"), self.number)
        self.form.addRow(_("Issued on:"), self.issued)
        self.form.addRow(_("Due on:"), self.due)
        self.form.addRow(_("Amount:"), self.amount)
        self.form.addRow(_("Currency:"), self.currency)
        if invoice_id is None:  # the customer's terms, until the due date is typed
            self.issued.dateChanged.connect(
                lambda _d: self.due.set_value(self.issued.value() + timedelta(days=terms))
            )
        self.setMinimumWidth(380)
        self.finish_layout()

    def typed(self) -> InvoiceFields:
        currency = self.currency.text().strip().upper() or self.context.currency
        try:
            cents = parse_amount(self.amount.text(), currency)
        except AmountError:
            raise LedgerError(
                _("“{text}” is not an amount (write it like 1234.50 or 1234,50).").format(
                    text=self.amount.text()
                )
            ) from None
        return InvoiceFields(
            self.number.text(), self.issued.value(), self.due.value(), cents, currency
        )

    def check(self) -> None:
        self.typed()

    def write(self, session: Session) -> str:
        clock = self.context.clock
        if self.invoice_id is None:
            invoice = ledger_entry.new_invoice(session, clock, self.customer_id, self.typed())
            return _("Invoice {number} added.").format(number=invoice.number)
        invoice = ledger_entry.update_invoice(session, clock, self.invoice_id, self.typed())
        return _("Invoice {number} corrected.").format(number=invoice.number)
