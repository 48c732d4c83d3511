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


@dataclass(frozen=True)
class Placed:
    """Where a letter's pages ended up in the batch (1-based, inclusive)."""

    first_page: int
    last_page: int


@dataclass(frozen=True)
class SlipLine:
    """One registered letter as the slip lists it: what it claims, in integer minor units."""

    recipient: tuple[str, ...]  # the postal block printed in the envelope's window
    customer_ref: str
    reference: str  # the payment reference the letter asks to quote
    currency: str
    amount_cents: int  # what the letter asks to be paid (principal, interest, fixed sums)
    apart_cents: int = 0  # fixed sums in the law's other currency, claimed in addition
    apart_currency: str = ""
    name: str = ""  # the customer's name, which a long one spreads over the block's first lines

    @classmethod
    def of(cls, letter: Letter, name: str = "") -> SlipLine:
        apart = 0 if letter.fixed_in_total else letter.fixed_cents
        return cls(
            letter.recipient,
            letter.customer_ref,
            letter.payment_reference,
            letter.currency,
            letter.total_with_penalties_cents,
            apart,
            letter.fixed_currency if apart else "",
            name,
        )

    def name_lines(self) -> int:
        """How many lines of the postal block the name takes (at least the first)."""
        wanted, taken = " ".join(self.name.split()), 1
        while taken < len(self.recipient):
            so_far = " ".join(" ".join(self.recipient[: taken + 1]).split())
            if not wanted.startswith(so_far):
                break
            taken += 1
        return taken
