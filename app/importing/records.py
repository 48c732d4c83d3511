"""Turning table rows into typed records, collecting every problem with its line and column."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from app.domain.calendar import DateError, parse_date
from app.domain.civility import NOT_A_CIVILITY, civility_code
from app.domain.identifiers import IdentifierError, country_code, iban_number, siret_number
from app.domain.money import AmountError, ceiling, format_money, parse_amount, too_large
from app.domain.text import EMAIL, has_control, lines_of
from app.i18n import _, current_locale
from app.importing.columns import CUSTOMER_IN_INVOICES, Kind, missing_required
from app.importing.sources import Table, iter_records

ADDRESS_LINES = ("address_line1", "address_line2")
LANGUAGES = {
    "fr": "fr",
    "francais": "fr",
    "français": "fr",
    "en": "en",
    "english": "en",
    "anglais": "en",
}
KINDS = {
    "business": "business",
    "entreprise": "business",
    "societe": "business",
    "société": "business",
    "professionnel": "business",
    "pro": "business",
    "b2b": "business",
    "individual": "individual",
    "particulier": "individual",
    "b2c": "individual",
    "person": "individual",
}


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "reason": self.reason}


@dataclass(frozen=True)
class CustomerRecord:
    line: int
    ref: str
    name: str
    values: dict[str, Any]  # the other customer fields present in the file, already typed
    email: str | None = None
    phone: str | None = None
    contact_name: str | None = None


@dataclass(frozen=True)
class InvoiceRecord:
    line: int
    number: str
    customer_ref: str
    issue_date: date | None
    due_date: date | None
    amount_cents: int | None
    currency: str
    open_cents: int | None


@dataclass(frozen=True)
class PaymentRecord:
    line: int
    received_on: date
    customer_ref: str
    amount_cents: int
    currency: str
    reference: str | None
    invoice_number: str | None
    method: str | None


@dataclass
class Parsed:
    kind: Kind
    records: list[Any] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows_by_line: dict[int, dict[str, str]] = field(default_factory=dict)


class _Row:
    """One row's cells by our field names, recording problems as the values are read."""

    def __init__(
        self, line: int, cells: dict[str, str], mapping: dict[str, str], problems: list[Problem]
    ) -> None:
        self.line = line
        self._cells = cells
        self._mapping = mapping
        self._problems = problems
        self.ok = True
        self.bad: set[str] = set()  # fields already refused: read as empty, not refused again
        self._single_lines()

    def _single_lines(self) -> None:
        """Refuse control characters in every cell read (an address may span two lines)."""
        for name, header in self._mapping.items():
            value = self._cells.get(header, "").strip()
            parts = lines_of(value) if name in ADDRESS_LINES else [value]
            if any(has_control(part) for part in parts):
                self.fail(
                    name,
                    _(
                        "This value holds a line break or another control character, which "
                        "Relance does not accept here."
                    ),
                )
                self.bad.add(name)

    def text(self, name: str) -> str:
        header = self._mapping.get(name)
        if not header or name in self.bad:
            return ""
        return self._cells.get(header, "").strip()

    def has(self, name: str) -> bool:
        return name in self._mapping

    def fail(self, name: str, reason: str) -> None:
        self.ok = False
        self._problems.append(Problem(self.line, self._mapping.get(name, name), reason))

    def required(self, name: str) -> str:
        value = self.text(name)
        if not value and name not in self.bad:
            self.fail(name, _("This value is required."))
        return value

    def typed(self, name: str, convert: Callable[[str], Any], reason: str) -> Any:
        value = self.text(name)
        if not value:
            return None
        try:
            return convert(value)
        except (ValueError, AmountError, DateError):
            self.fail(name, reason.format(value=value))
            return None

    def checked(self, name: str, check: Callable[[str], str]) -> str | None:
        """The canonical value, or None with the check's own sentence recorded."""
        try:
            return check(self.text(name))
        except IdentifierError as exc:
            self.fail(name, str(exc))
            return None

    def amount(self, name: str, currency: str) -> int | None:
        cents = cast(
            int | None,
            self.typed(name, lambda v: parse_amount(v, currency), _("“{value}” is not an amount.")),
        )
        if cents is not None and too_large(cents, currency):
            self.fail(name, over_ceiling(self.text(name), currency))
            return None
        return cents

    def day(self, name: str) -> date | None:
        return cast(
            date | None,
            self.typed(
                name, parse_date, _("“{value}” is not a date (use 2026-11-22 or 22/11/2026).")
            ),
        )


def over_ceiling(value: str, currency: str) -> str:
    return _("“{value}” is more than the largest amount Relance takes ({limit}).").format(
        value=value, limit=format_money(ceiling(currency), currency, current_locale())
    )


def _terms(value: str) -> int:
    days = int(re.sub(r"\s*(j|jours?|days?|d)\s*$", "", value.strip(), flags=re.IGNORECASE))
    if not 0 <= days <= 365:
        raise ValueError(value)
    return days


def _currency(value: str) -> str:
    code = {"€": "EUR", "£": "GBP", "$": "USD"}.get(value.strip(), value.strip().upper())
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise ValueError(value)
    return code


def _customer(row: _Row) -> CustomerRecord | None:
    ref, name = row.required("ref"), row.required("name")
    values: dict[str, Any] = {}
    for plain in ("siret", "vat_number", "postcode", "city", "region", "segment"):
        if row.has(plain):
            values[plain] = row.text(plain) or None
    _address(row, values)
    if row.has("siret") and values["siret"]:
        values["siret"] = row.checked("siret", siret_number)
    if row.has("vat_number") and values["vat_number"]:
        values["vat_number"] = re.sub(r"[\s.-]", "", values["vat_number"]).upper()
    if row.has("iban"):
        values["iban"] = row.checked("iban", iban_number) if row.text("iban") else None
    if row.has("segment"):
        values["segment"] = values["segment"] or "standard"
    if row.has("civility"):  # the individual's, or the named contact's
        values["civility"] = row.typed("civility", civility_code, _(NOT_A_CIVILITY)) or None
    if row.has("kind") and row.text("kind"):
        kind = KINDS.get(row.text("kind").lower())
        if kind is None:
            row.fail("kind", _("The kind is “business” or “individual”."))
        values["kind"] = kind
    if row.has("country"):
        values["country"] = row.checked("country", country_code)
    if row.has("language") and row.text("language"):
        language = LANGUAGES.get(row.text("language").lower())
        if language is None:
            row.fail("language", _("The language is “fr” or “en”."))
        values["language"] = language
    if row.has("payment_terms_days") and row.text("payment_terms_days"):
        values["payment_terms_days"] = row.typed(
            "payment_terms_days", _terms, _("“{value}” is not a number of days.")
        )
    email = row.text("email") or None
    if email and not EMAIL.match(email):
        row.fail("email", _("“{value}” is not an email address.").format(value=email))
    if not row.ok:
        return None
    return CustomerRecord(
        row.line,
        ref,
        name,
        values,
        email,
        row.text("phone") or None,
        row.text("contact_name") or None,
    )


def _address(row: _Row, values: dict[str, Any]) -> None:
    """The two address lines; one cell typed over two lines (Alt+Enter in Excel) fills both."""
    first, second = lines_of(row.text("address_line1")), lines_of(row.text("address_line2"))
    if len(first) == 2 and not second:
        first, second = first[:1], first[1:]
    for name, lines in zip(ADDRESS_LINES, (first, second), strict=True):
        if len(lines) > 1:
            row.fail(
                name,
                _(
                    "An address has at most two lines in Relance (address and address 2), and "
                    "this one has more: put the postcode and the town in their own columns."
                ),
            )
        elif row.has(name) or lines:
            values[name] = lines[0] if lines else None


def customer_of_invoice(
    line: int, cells: dict[str, str], mapping: dict[str, str], problems: list[Problem]
) -> CustomerRecord | None:
    """The customer an invoices row names, checked exactly as a customers import checks it."""
    fields = {CUSTOMER_IN_INVOICES[k]: v for k, v in mapping.items() if k in CUSTOMER_IN_INVOICES}
    return _customer(_Row(line, cells, fields, problems))


def _invoice_fields(mapping: dict[str, str]) -> dict[str, str]:
    """The invoice's own columns: the customer's are read only to create an unknown customer."""
    return {
        k: v for k, v in mapping.items() if k == "customer_ref" or k not in CUSTOMER_IN_INVOICES
    }


def _invoice(row: _Row, default_currency: str) -> InvoiceRecord | None:
    number, customer_ref = row.required("number"), row.required("customer_ref")
    currency = row.typed("currency", _currency, _("“{value}” is not a currency code such as EUR."))
    currency = currency or default_currency
    issue, due = row.day("issue_date"), row.day("due_date")
    amount = row.amount("amount", currency)
    open_cents = row.amount("open_amount", currency)
    if amount is None and open_cents is None and row.ok:
        row.fail("amount", _("An invoice needs its amount (or what is still owed)."))
    if amount is not None and amount <= 0:
        row.fail("amount", _("An invoice amount must be positive."))
    if open_cents is not None and open_cents < 0:
        row.fail("open_amount", _("What is still owed cannot be negative."))
    if amount is not None and open_cents is not None and open_cents > amount:
        row.fail("open_amount", _("What is still owed is more than the invoice amount."))
    if issue and due and due < issue:
        row.fail("due_date", _("The due date is before the issue date."))
    if issue is None and due is None and row.ok:
        row.fail("issue_date", _("An invoice needs its issue date or its due date."))
    if not row.ok:
        return None
    return InvoiceRecord(row.line, number, customer_ref, issue, due, amount, currency, open_cents)


def _payment(row: _Row, default_currency: str) -> PaymentRecord | None:
    received, customer_ref = row.day("date"), row.required("customer_ref")
    if received is None and row.ok and not row.text("date"):
        row.fail("date", _("This value is required."))
    amount = row.amount("amount", default_currency)
    if amount is None and row.ok and not row.text("amount"):
        row.fail("amount", _("This value is required."))
    if amount is not None and amount <= 0:
        row.fail("amount", _("A payment amount must be positive."))
    if not row.ok or received is None or amount is None:
        return None
    return PaymentRecord(
        row.line,
        received,
        customer_ref,
        amount,
        default_currency,
        row.text("reference") or None,
        row.text("invoice_number") or None,
        row.text("method") or None,
    )


def parse(
    kind: Kind, table: Table, mapping: dict[str, str], default_currency: str = "EUR"
) -> Parsed:
    """Every row read into a record, or refused with the reason; nothing is written here."""
    parsed = Parsed(kind)
    for name in missing_required(kind, mapping):
        parsed.problems.append(
            Problem(1, name, _("The required column “{name}” was not found.").format(name=name))
        )
    if parsed.problems:
        return parsed
    seen: dict[str, int] = {}
    key_field = {Kind.CUSTOMERS: "ref", Kind.INVOICES: "number"}.get(kind)
    row_mapping = _invoice_fields(mapping) if kind is Kind.INVOICES else mapping
    for line, cells in iter_records(table):
        parsed.rows_by_line[line] = cells
        row = _Row(line, cells, row_mapping, parsed.problems)
        record: Any
        if kind is Kind.CUSTOMERS:
            record = _customer(row)
        elif kind is Kind.INVOICES:
            record = _invoice(row, default_currency)
        else:
            record = _payment(row, default_currency)
        if record is None:
            continue
        if key_field is not None:
            key = getattr(record, key_field)
            if key in seen:
                row.fail(
                    key_field, _("Already on line {line} of this file.").format(line=seen[key])
                )
                continue
            seen[key] = line
        parsed.records.append(record)
    return parsed
