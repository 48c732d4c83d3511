"""What a letter says, as plain values: the renderer draws it, it knows nothing of the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Sender:
    name: str
    address_lines: tuple[str, ...] = ()  # street lines, then "postcode city"
    city: str = ""  # for "Lyon, le 23 novembre 2026"
    country: str = "FR"
    phone: str = ""
    email: str = ""
    legal_form: str = ""  # SAS, SARL…
    share_capital: str = ""  # "50 000 €"
    rcs: str = ""  # "RCS Lyon 123 456 789"
    siret: str = ""
    vat_number: str = ""
    iban: str = ""
    bic: str = ""
    logo_path: str = ""
    signatory_name: str = ""
    signatory_title: str = ""
    signature_path: str = ""


@dataclass(frozen=True)
class InvoiceLine:
    number: str
    issue_date: date
    due_date: date
    amount_cents: int
    paid_cents: int
    due_cents: int  # still due (less any disputed part)
    days_late: int  # 0 when not yet due
    disputed_cents: int = 0  # shown on its row: amount − paid − disputed = still due
    settled_cents: int = 0  # what one payment settled of it (a receipt), within `paid_cents`


@dataclass(frozen=True)
class PenaltyLine:
    number: str
    days_late: int
    interest_cents: int
    fixed_cents: int


@dataclass(frozen=True)
class Letter:
    language: str  # "fr" or "en"
    key: str  # the text it was written from
    recipient: tuple[str, ...]  # the postal block, formatted for its country
    customer_ref: str
    day: date
    subject: str
    salutation: str
    paragraphs: tuple[str, ...]
    closing: str
    currency: str
    invoices: tuple[InvoiceLine, ...] = ()
    total_cents: int = 0
    penalties: tuple[PenaltyLine, ...] = ()
    interest_cents: int = 0
    fixed_cents: int = 0
    rate_text: str = ""  # how the interest was computed, in words
    payment_reference: str = ""
    registered: bool = False  # sent by registered post with acknowledgement of receipt
    credit_cents: int = 0  # unallocated payments and credit notes, deducted from the total
    fixed_currency: str = ""  # the law's currency of the fixed sums, when not the letter's
    also_due: tuple[InvoiceLine, ...] = ()  # overdue, listed apart, not claimed by this letter
    jurisdiction: str = ""  # the creditor's law, for the names of the penalties
    recipient_country: str = ""  # ISO code of where the letter goes, for how it is registered
    posted_from: str = ""  # ISO code of the sender's country
    settled_heading: str = ""  # the heading of the `settled_cents` column; empty: no column
    asked_cents: int | None = None  # what the payment block asks now (a plan's first instalment)
    asked_label: str = ""  # that request in words, printed with the bank details
    countersign: str = ""  # the other party's signature caption, beside ours (an agreement)

    @property
    def fixed_in_total(self) -> bool:
        return self.fixed_currency in ("", self.currency)

    @property
    def payable_cents(self) -> int:
        """What the QR code asks to be paid: `asked_cents` when given, else the whole total."""
        return self.total_with_penalties_cents if self.asked_cents is None else self.asked_cents

    @property
    def total_with_penalties_cents(self) -> int:
        """What the letter asks to be paid: `total_cents` is already net of the credit."""
        fixed = self.fixed_cents if self.fixed_in_total else 0
        return self.total_cents + self.interest_cents + fixed
