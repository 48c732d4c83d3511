"""What an invoicing tool's status column says about an invoice: owed, paid, or not an invoice.

Exports list drafts and cancelled invoices beside the real ones, and mark the paid ones. A paid
invoice is imported settled; a draft or a cancelled (void) invoice is left out, reported as
skipped rather than refused, since there is nothing to correct. Any other status (sent, overdue,
partially paid, viewed…) leaves the amounts to say what is owed.
"""

from __future__ import annotations

import enum
from functools import lru_cache

from app.importing.columns import normal


class Status(enum.StrEnum):
    OWED = "owed"
    PARTIAL = "partial"  # partly paid: only a balance or a paid column says how much is owed
    PAID = "paid"
    DRAFT = "draft"
    CANCELLED = "cancelled"


SKIPPED = frozenset({Status.DRAFT, Status.CANCELLED})

# In the normal form of `columns.normal` (no case, accents or punctuation), French and English,
# as Pennylane, Axonaut, Sellsy, Tiime, Henrri, Evoliz, Zervant, EBP, Sage, QuickBooks, Zoho,
# Invoice Ninja, FreshBooks and Akaunting write them.
_WORDS = {
    Status.PAID: (
        "paid",
        "fully paid",
        "paid in full",
        "auto paid",  # FreshBooks: paid by the card it keeps on file
        "autopaid",
        "closed",
        "settled",
        "payee",
        "paye",
        "payee totalement",
        "reglee",
        "regle",
        "soldee",
        "solde",
        "acquittee",
        "acquitte",
        "encaissee",
        "facture payee",
    ),
    Status.DRAFT: (
        "draft",
        "brouillon",
        "en brouillon",
        "not sent",
        "non envoyee",
        "proforma",
        "pending approval",  # Zoho: not sent yet
        "approved",
        "en attente de validation",
    ),
    Status.PARTIAL: (
        "partial",
        "partially paid",
        "part paid",
        "partiellement payee",
        "partiellement reglee",
        "paiement partiel",
        "payee partiellement",
        "reglee partiellement",
    ),
    Status.CANCELLED: (
        "cancelled",
        "canceled",
        "void",
        "voided",
        "deleted",
        "annulee",
        "annule",
        "supprimee",
        "facture annulee",
    ),
}
_STATUS = {word: status for status, words in _WORDS.items() for word in words}


@lru_cache(maxsize=1024)  # a file writes a handful of statuses, on every one of its rows
@lru_cache(maxsize=256)  # a file's statuses are a few words, on every row
def status_of(text: str) -> Status:
    """The status a cell names; an empty cell or another word leaves the invoice owed."""
    return _STATUS.get(normal(text), Status.OWED)
