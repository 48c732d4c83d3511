"""From FEC customer lines to a receivables book: invoices, credits and what settles what.

Pure rules, no database. Debit lines are what the customer owes (an invoice, or a returned
cheque), grouped by piece; credit lines are grouped by entry and are a payment when the entry
touches a bank or cash account, a credit note when it touches sales or collected VAT, and an
accounting adjustment otherwise (write-off, discount, opening balance, transfer). Lettering
says which credits settle which debits; what the lettering leaves goes oldest first, as a
credit manager would assume.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, count

from app.importing.fec import Counterpart, FecFile, FecLine


class CreditKind(enum.StrEnum):
    PAYMENT = "payment"
    CREDIT_NOTE = "credit_note"
    ADJUSTMENT = "adjustment"


@dataclass
class BookCustomer:
    ref: str
    name: str
    balance_cents: int = 0  # debit minus credit on the customer's account


@dataclass
class BookInvoice:
    number: str
    customer_ref: str
    issue_date: date
    line: int
    cents: int = 0
    portions: dict[str, int] = field(default_factory=dict)  # lettering code → cents ("" = none)


@dataclass
class BookCredit:
    """A payment, credit note or adjustment; `key` is its identity across imports."""

    key: str
    kind: CreditKind
    customer_ref: str
    on: date
    line: int
    reference: str
    label: str
    method: str | None
    cents: int = 0
    portions: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BookAllocation:
    invoice_number: str
    credit_key: str
    cents: int
    applied_on: date


@dataclass
class FecBook:
    customers: dict[str, BookCustomer] = field(default_factory=dict)
    invoices: dict[str, BookInvoice] = field(default_factory=dict)
    credits: dict[str, BookCredit] = field(default_factory=dict)


def payment_key(line: FecLine) -> str:
    journal, number, day = line.entry
    return f"FEC {journal} {number} {day} {line.customer_ref}"


def _credit_kind(counterpart: Counterpart) -> tuple[CreditKind, str | None]:
    if Counterpart.BANK in counterpart:
        return CreditKind.PAYMENT, "cash" if Counterpart.CASH in counterpart else None
    if Counterpart.SALES in counterpart:
        return CreditKind.CREDIT_NOTE, None
    return CreditKind.ADJUSTMENT, None


class _Numbers:
    """Document numbers unique in the file: a number met again elsewhere gets a suffix."""

    def __init__(self) -> None:
        self._owner: dict[str, object] = {}

    def assign(self, wanted: str, owner: object, suffix: str) -> str:
        candidates = chain(
            (wanted, f"{wanted} ({suffix})"), (f"{wanted} ({suffix} {i})" for i in count(2))
        )
        for number in candidates:
            if self._owner.setdefault(number, owner) == owner:
                return number
        raise AssertionError("unreachable")


def build_book(fec: FecFile) -> FecBook:
    book = FecBook()
    invoice_numbers, credit_numbers = _Numbers(), _Numbers()
    invoices_by_piece: dict[tuple[str, str], BookInvoice] = {}
    for line in fec.lines:
        customer = book.customers.setdefault(
            line.customer_ref, BookCustomer(line.customer_ref, line.customer_name)
        )
        customer.balance_cents += line.cents
        journal, entry_number, _day = line.entry
        piece = line.piece_ref or f"{journal}{entry_number}"
        if line.cents > 0:
            invoice = invoices_by_piece.get((line.customer_ref, piece))
            if invoice is None:
                number = invoice_numbers.assign(piece, line.customer_ref, line.customer_ref)
                invoice = BookInvoice(number, line.customer_ref, line.piece_date, line.line)
                invoices_by_piece[(line.customer_ref, piece)] = invoice
                book.invoices[number] = invoice
            invoice.issue_date = min(invoice.issue_date, line.piece_date)
            invoice.cents += line.cents
            invoice.portions[line.letter] = invoice.portions.get(line.letter, 0) + line.cents
            continue
        kind, method = _credit_kind(fec.counterparts.get(line.entry, Counterpart.NONE))
        key = payment_key(line)
        if kind is CreditKind.CREDIT_NOTE:
            key = credit_numbers.assign(piece, (line.entry, line.customer_ref), entry_number)
        credit = book.credits.get(key)
        if credit is None:
            on = line.piece_date if kind is CreditKind.CREDIT_NOTE else line.entry_date
            credit = BookCredit(
                key, kind, line.customer_ref, on, line.line, line.piece_ref, line.label, method
            )
            book.credits[key] = credit
        credit.cents -= line.cents
        credit.portions[line.letter] = credit.portions.get(line.letter, 0) - line.cents
    return book


def match(book: FecBook, room: Mapping[str, int] | None = None) -> list[BookAllocation]:
    """Allocate credits to invoices: same lettering code first, then oldest first.

    `room`: how much of an invoice the FEC may still settle (less than its amount when Relance
    already holds other allocations on it); the whole invoice when absent.
    """
    left = {n: (room or {}).get(n, inv.cents) for n, inv in book.invoices.items()}
    credit_left = {k: c.cents for k, c in book.credits.items()}
    allocations: dict[tuple[str, str], int] = defaultdict(int)

    def settle(invoice: BookInvoice, credit: BookCredit, wanted: int) -> int:
        cents = min(wanted, left[invoice.number], credit_left[credit.key])
        if cents > 0:
            left[invoice.number] -= cents
            credit_left[credit.key] -= cents
            allocations[(invoice.number, credit.key)] += cents
        return max(cents, 0)

    lettered: dict[tuple[str, str], list[BookInvoice]] = defaultdict(list)
    portion_left: dict[tuple[str, str], int] = {}
    for invoice in sorted(book.invoices.values(), key=_invoice_order):
        for letter, cents in invoice.portions.items():
            if letter:
                lettered[(invoice.customer_ref, letter)].append(invoice)
                portion_left[(invoice.number, letter)] = cents
    for credit in sorted(book.credits.values(), key=_credit_order):
        for letter, credit_cents in credit.portions.items():
            for invoice in lettered.get((credit.customer_ref, letter), []) if letter else []:
                if credit_cents <= 0:
                    break
                portion = (invoice.number, letter)
                done = settle(invoice, credit, min(credit_cents, portion_left[portion]))
                portion_left[portion] -= done
                credit_cents -= done

    open_by_customer: dict[str, list[BookInvoice]] = defaultdict(list)
    for invoice in sorted(book.invoices.values(), key=_invoice_order):
        open_by_customer[invoice.customer_ref].append(invoice)
    for credit in sorted(book.credits.values(), key=_credit_order):
        for invoice in open_by_customer[credit.customer_ref]:
            if credit_left[credit.key] <= 0:
                break
            settle(invoice, credit, credit_left[credit.key])
    return [
        BookAllocation(
            number, key, cents, max(book.invoices[number].issue_date, book.credits[key].on)
        )
        for (number, key), cents in allocations.items()
    ]


def _invoice_order(invoice: BookInvoice) -> tuple[date, int]:
    return invoice.issue_date, invoice.line


def _credit_order(credit: BookCredit) -> tuple[date, int]:
    return credit.on, credit.line
