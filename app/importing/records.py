"""Turning table rows into typed records, collecting every problem with its line and column."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from operator import itemgetter
from typing import Any, NamedTuple

from app.domain.calendar import DateError
from app.domain.civility import NOT_A_CIVILITY, civility_code
from app.domain.identifiers import IdentifierError, country_code, iban_number, siret_number
from app.domain.money import (
    AmountError,
    ceiling,
    currency_named,
    format_money,
    parse_amount,
    split_currency,
    too_large,
)
from app.domain.text import EMAIL, has_control, lines_of
from app.i18n import _, current_locale
from app.importing.columns import CUSTOMER_IN_INVOICES, Kind
from app.importing.dates import ColumnOrder, Order, read_date
from app.importing.statuses import SKIPPED, Status, status_of

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


class InvoiceRecord(NamedTuple):  # a tuple: made once or twice for each row of a large file
    line: int
    number: str
    customer_ref: str
    issue_date: date | None
    due_date: date | None
    amount_cents: int | None
    currency: str
    open_cents: int | None
    paid_cents: int | None = None  # a "Paid" column: what was paid, the open balance follows
    line_cents: int | None = None  # an item line's total, in exports of one row per item line
    status: Status = Status.OWED
    lines: tuple[int, ...] = ()  # every line of the file the invoice was read from

    @property
    def skipped(self) -> bool:
        """A draft or a cancelled invoice: left out of the book, not refused."""
        return self.status in SKIPPED


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
    headers: list[str] = field(default_factory=list)
    # each row's cells, one per header (lists: a dictionary per row of a large file is a lot)
    rows_by_line: dict[int, list[str]] = field(default_factory=dict)
    date_orders: dict[str, ColumnOrder] = field(default_factory=dict)  # date field → its order
    failed: dict[str, int] = field(default_factory=dict)  # invoice number → a refused line of it

    def cells(self, line: int) -> dict[str, str]:
        """A row's cells by header ({} for a line that is not a row of the table)."""
        row = self.rows_by_line.get(line)
        return {} if row is None else dict(zip(self.headers, row, strict=True))

    def column(self, header: str) -> list[str]:
        """Every row's cell under `header` (none when the table has no such column)."""
        at = column_indexes(self.headers).get(header)
        return [] if at is None else [row[at] for row in self.rows_by_line.values()]


def column_indexes(headers: list[str]) -> dict[str, int]:
    """Where each header's cell is in a row (the last of two columns with one name, as a
    dictionary of the row keeps it)."""
    return {header: index for index, header in enumerate(headers)}


@dataclass(frozen=True)
class NameRefs:
    """Customers found by their name, for a file without a reference column.

    `refs`: the name as the file writes it → the reference of the customer it names (known, or
    generated for a customer the import creates); `refused`: a name → why it names no customer.
    """

    refs: dict[str, str] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)


class Fields:
    """Reads a row of the table (its cells, one per header) into each mapped field's stripped
    value: the `values` a `Row` reads."""

    def __init__(self, mapping: dict[str, str], headers: list[str]) -> None:
        at = column_indexes(headers)
        self._at = [(name, at[header]) for name, header in mapping.items() if header in at]

    def values(self, cells: list[str]) -> dict[str, str]:
        return {name: cells[index].strip() for name, index in self._at}


def field_values(cells: dict[str, str], mapping: dict[str, str]) -> dict[str, str]:
    """`Fields.values` of a row given by header."""
    return {name: cells[header].strip() for name, header in mapping.items() if header in cells}


class Row:
    """One row's values by our field names, recording problems as the values are read.

    `values`: each mapped field's cell, stripped (`Fields.values`, `field_values`); a field the
    row lacks reads as empty.
    """

    __slots__ = (
        "_extra",
        "_mapping",
        "_orders",
        "_problems",
        "_values",
        "bad",
        "book",
        "line",
        "ok",
    )

    def __init__(
        self,
        line: int,
        values: dict[str, str],
        mapping: dict[str, str],
        problems: list[Problem],
        *,
        extra: dict[str, str] | None = None,
        orders: dict[str, ColumnOrder] | None = None,
        book: str = "EUR",
    ) -> None:
        self.line = line
        self._values = values
        self._mapping = mapping
        self._problems = problems
        self._extra = extra or {}  # values the file does not hold: a generated reference
        self._orders = orders or {}
        self.book = book  # the book's currency
        self.ok = True
        self.bad: set[str] = set()  # fields already refused: read as empty, not refused again
        if has_control("".join(values.values())):  # the common case: no cell holds one
            self._single_lines()
        if extra:
            values.update(extra)

    def _single_lines(self) -> None:
        """Refuse control characters in every cell read (an address may span two lines)."""
        for name in self._mapping:
            value = self._values.get(name, "")
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
                self._values[name] = ""

    def text(self, name: str) -> str:
        return self._values.get(name, "")

    def has(self, name: str) -> bool:
        return name in self._mapping or name in self._extra

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

    def mark(self, name: str) -> str | None:
        """The currency an amount's sign or code names (`$13.50`, `USD 13.50`), or None."""
        value = self._values.get(name)
        if not value:
            return None
        try:
            return _split_currency(value, self.book)[1]
        except AmountError:
            return None  # `amount` refuses the value

    def amount(self, name: str, currency: str) -> int | None:
        value = self._values.get(name)
        if not value:
            return None
        try:  # read inline, not through `typed`: several amounts on each row of a large file
            cents = _cents(value, self.book, currency)
        except (ValueError, AmountError):
            self.fail(name, _("“{value}” is not an amount.").format(value=value))
            return None
        if too_large(cents, currency):
            self.fail(name, over_ceiling(value, currency))
            return None
        return cents

    def day(self, name: str) -> date | None:
        value = self.text(name)
        if not value:
            return None
        known = self._orders.get(name)
        order = known.order if known else Order.DAY_FIRST
        try:
            return read_date(value, order)
        except (ValueError, DateError):
            example = "11/22/2026" if order is Order.MONTH_FIRST else "22/11/2026"
            reason = _("“{value}” is not a date (use 2026-11-22 or {example}).")
            self.fail(name, reason.replace("{example}", example).format(value=value))
            return None


# Remembered: an item-line export repeats its invoice's total and balance on each of its lines,
# and `mark` and `amount` read the same cell. A value that is refused raises, and is not kept.
_split_currency = lru_cache(maxsize=8192)(split_currency)


@lru_cache(maxsize=8192)
def _cents(value: str, book: str, currency: str) -> int:
    return parse_amount(_split_currency(value, book)[0], currency)


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
    code = currency_named(value.strip())
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise ValueError(value)
    return code


AMOUNTS = ("amount", "open_amount", "paid_amount", "line_amount")


def row_currency(row: Row, names: tuple[str, ...], *, other_currencies: bool = True) -> str:
    """The row's currency: its currency column, else its amounts' sign, else the book's.

    A sign (`$13.50`) that names another currency than the book's, in a file without a currency
    column, is refused: it is never silently read as the book's currency. `other_currencies`:
    whether this kind of import takes a currency column at all (payments do not).
    """
    column = row.typed("currency", _currency, _("“{value}” is not a currency code such as EUR."))
    marked = [(name, code) for name in names if (code := row.mark(name)) is not None]
    for name, code in marked[1:]:
        if code != marked[0][1]:
            row.fail(
                name,
                _("“{value}” is in {code}, but “{first}” is in {other}.").format(
                    value=row.text(name),
                    code=code,
                    first=row.text(marked[0][0]),
                    other=marked[0][1],
                ),
            )
    if column is not None:
        return str(column)
    if not marked:
        return row.book
    name, code = marked[0]
    if code != row.book and not row.has("currency"):
        reason = (
            _(
                "“{value}” is an amount in {code}, but the book is kept in {book}: add a "
                "currency column to import amounts in another currency."
            )
            if other_currencies
            else _(
                "“{value}” is an amount in {code}, but the book is kept in {book}: payments are "
                "imported in the book's currency only."
            )
        )
        row.fail(name, reason.format(value=row.text(name), code=code, book=row.book))
    return code


def customer_row(row: Row) -> CustomerRecord | None:
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


def _address(row: Row, values: dict[str, Any]) -> None:
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
    line: int,
    cells: dict[str, str],
    mapping: dict[str, str],
    problems: list[Problem],
    ref: str | None = None,
) -> CustomerRecord | None:
    """The customer an invoices row names, checked exactly as a customers import checks it.

    `ref`: the reference generated for a customer the file names without one.
    """
    fields = {CUSTOMER_IN_INVOICES[k]: v for k, v in mapping.items() if k in CUSTOMER_IN_INVOICES}
    extra = {"ref": ref} if ref is not None and "ref" not in fields else None
    return customer_row(Row(line, field_values(cells, fields), fields, problems, extra=extra))


def invoice_fields(mapping: dict[str, str]) -> dict[str, str]:
    """The invoice's own columns: the customer's are read only to create an unknown customer."""
    return {
        k: v for k, v in mapping.items() if k == "customer_ref" or k not in CUSTOMER_IN_INVOICES
    }


def invoice_row(row: Row) -> InvoiceRecord | None:
    """An invoice row's own values; its amount and balance are settled by `finish_invoice`."""
    status = status_of(row.text("status"))
    # a draft or a void invoice: nothing in it needs to be right, not even its number (French
    # invoices are numbered when they are finalised)
    number = row.text("number") if status in SKIPPED else row.required("number")
    if status in SKIPPED:
        if not row.ok:
            return None
        return InvoiceRecord(
            row.line, number, row.text("customer_ref"), None, None, None, row.book, None,
            status=status, lines=(row.line,),
        )  # fmt: skip
    customer_ref = row.required("customer_ref")
    currency = row_currency(row, AMOUNTS)
    issue, due = row.day("issue_date"), row.day("due_date")
    amount = row.amount("amount", currency)
    open_cents = row.amount("open_amount", currency)
    paid = row.amount("paid_amount", currency)
    line_cents = row.amount("line_amount", currency)
    if open_cents is not None and open_cents < 0:
        row.fail("open_amount", _("What is still owed cannot be negative."))
    if paid is not None and paid < 0:
        row.fail("paid_amount", _("What was paid cannot be negative."))
    if issue and due and due < issue:
        row.fail("due_date", _("The due date is before the issue date."))
    if issue is None and due is None and row.ok:
        row.fail("issue_date", _("An invoice needs its issue date or its due date."))
    if not row.ok:
        return None
    return InvoiceRecord(
        row.line, number, customer_ref, issue, due, amount, currency, open_cents,
        paid_cents=paid, line_cents=line_cents, status=status, lines=(row.line,),
    )  # fmt: skip


class ItemLines:
    """Tells the next item line of an invoice: a row that repeats every cell of the row before
    it but its line's amount.

    Such a row reads into the same record, but for its line and its line's amount, provided its
    line amount carries the same currency mark and holds no control character; `next_item_line`
    then reads only that amount.
    """

    def __init__(self, mapping: dict[str, str], headers: list[str], book: str) -> None:
        at = column_indexes(headers)
        shared = [at[h] for name, h in mapping.items() if name != "line_amount" and h in at]
        self._shared = itemgetter(*shared) if shared else (lambda _cells: ())
        self._line = at.get(mapping.get("line_amount", ""))
        self._book = book

    def repeats(
        self,
        cells: list[str],
        extra: dict[str, str],
        before: list[str],
        before_extra: dict[str, str],
    ) -> bool:
        """Whether the row `cells` repeats the row `before` (read in full, and accepted)."""
        if extra != before_extra or self._shared(cells) != self._shared(before):
            return False
        if self._line is None:
            return True
        amount = cells[self._line]
        return not has_control(amount) and self._mark(amount) == self._mark(before[self._line])

    def amount(self, cells: list[str]) -> str:
        """The row's line amount, as the file writes it."""
        return "" if self._line is None else cells[self._line]

    def _mark(self, amount: str) -> str | None:
        try:
            return _split_currency(amount.strip(), self._book)[1]
        except AmountError:
            return None  # as `Row.mark` reads it


def next_item_line(
    line: int,
    amount: str,
    mapping: dict[str, str],
    problems: list[Problem],
    previous: InvoiceRecord,
    book: str,
) -> InvoiceRecord | None:
    """The record of a row that `ItemLines` found repeats the row `previous` was read from.

    Exactly what `invoice_row` reads, without reading the shared cells again: only the line's
    own amount, in the invoice's currency.
    """
    cents = None
    if not previous.skipped and "line_amount" in mapping:
        text = amount.strip()
        try:
            cents = _cents(text, book, previous.currency) if text else None
            refused = cents is not None and too_large(cents, previous.currency)
        except (ValueError, AmountError):
            refused = True
        if refused:  # read again by `Row.amount`, which says why
            mapped = {"line_amount": mapping["line_amount"]}
            row = Row(line, {"line_amount": amount.strip()}, mapped, problems, book=book)
            cents = row.amount("line_amount", previous.currency)
            if not row.ok:
                return None
    p = previous  # `replace` is several times slower, once per item line
    return InvoiceRecord(
        line, p.number, p.customer_ref, p.issue_date, p.due_date, p.amount_cents, p.currency,
        p.open_cents, p.paid_cents, cents, p.status, (line,),
    )  # fmt: skip


def finish_invoice(
    record: InvoiceRecord, mapping: dict[str, str], problems: list[Problem]
) -> InvoiceRecord | None:
    """The invoice's amount (its total, else the sum of its item lines) and what is still owed.

    What is owed is the balance column when there is one, else the amount less a "Paid" column;
    an invoice whose status says paid owes nothing.
    """
    if record.skipped:
        return record

    def fail(name: str, reason: str) -> None:
        problems.append(Problem(record.line, mapping.get(name, name), reason))

    amount, amount_field = record.amount_cents, "amount"
    if amount is None and record.line_cents is not None:
        amount, amount_field = record.line_cents, "line_amount"
    open_cents = record.open_cents
    before = len(problems)
    if amount is None and open_cents is None:
        fail("amount", _("An invoice needs its amount (or what is still owed)."))
    if amount is not None and amount <= 0:
        fail(amount_field, _("An invoice amount must be positive."))
    if open_cents is None and record.paid_cents is not None and amount is not None:
        if record.paid_cents > amount:
            fail("paid_amount", _("More was paid than the invoice amount."))
        open_cents = amount - record.paid_cents
    if record.status is Status.PARTIAL and open_cents is None:
        fail(
            "status",
            _(
                "The status says the invoice is partly paid, but the file does not say how much "
                "is still owed: add its balance column (or the amount paid), or import the "
                "payments."
            ),
        )
    if record.status is Status.PAID:
        if open_cents:
            fail(
                "status",
                _("The status says the invoice is paid, but its balance says some is still owed."),
            )
        open_cents = 0
    if amount is not None and open_cents is not None and open_cents > amount:
        fail("open_amount", _("What is still owed is more than the invoice amount."))
    if len(problems) > before:
        return None
    if amount == record.amount_cents and open_cents == record.open_cents:
        return record  # the common case: the file gave both
    return record._replace(amount_cents=amount, open_cents=open_cents)


def payment_row(row: Row) -> PaymentRecord | None:
    received, customer_ref = row.day("date"), row.required("customer_ref")
    if received is None and row.ok and not row.text("date"):
        row.fail("date", _("This value is required."))
    currency = row_currency(row, ("amount",), other_currencies=False)
    amount = row.amount("amount", currency)
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
        row.book,
        row.text("reference") or None,
        row.text("invoice_number") or None,
        row.text("method") or None,
    )
