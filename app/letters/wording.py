"""The fixed words a letter prints around its text, in the letter's own language.

A letter speaks the customer's language whatever language the window is in, so these are not
gettext strings but a small table per language.
"""

from __future__ import annotations

from datetime import date

from app.domain.calendar import format_date
from app.domain.civility import MR, MRS, surname, title
from app.domain.money import format_money

LOCALES = {"fr": "fr_FR", "en": "en_GB"}

WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "subject": "Objet",
        "your_ref": "Votre compte client",
        "place_date": "{city}, le {day}",
        "date_only": "Le {day}",
        "registered": "Lettre recommandée avec accusé de réception",
        "from": "Expéditeur",
        "invoice": "Facture",
        "issued": "Date",
        "due": "Échéance",
        "amount": "Montant",
        "paid": "Réglé",
        "still_due": "Reste dû",
        "late": "Retard",
        "days": "{n} j",
        "total": "Total restant dû",
        "disputed": "En litige",
        "disputed_apart": " (en outre {amount} en litige, non réclamés)",
        "credit": "Avoir / règlement non affecté",
        "also_due": (
            "Autres factures échues, non visées par le présent courrier et restant à régler\u00a0:"
        ),
        "paid_apart": " (en {currency}, à régler en sus)",
        "penalties": "Pénalités de retard",
        "interest": "Intérêts de retard",
        "interest_detail": "Facture {number}\u00a0: {days} jours de retard",
        "indemnity": "Indemnités forfaitaires pour frais de recouvrement",
        "total_penalties": "Total, pénalités comprises",
        "how_to_pay": "Règlement par virement",
        "iban": "IBAN",
        "bic": "BIC",
        "reference": "Référence à indiquer",
        "scan": "Scannez pour payer",
        "page": "Page {page}/",
        "capital": "au capital de {capital}",
        "siret": "SIRET {number}",
        "vat": "TVA {number}",
        "continued": "{company} — compte {ref} — suite",
        "salutation": "Madame, Monsieur,",
        "closing": (
            "Nous vous prions d’agréer, {whom}, l’expression de nos salutations distinguées."
        ),
        "closing_formal": "Veuillez agréer, {whom}, l’expression de nos salutations distinguées.",
    },
    "en": {
        "subject": "Subject",
        "your_ref": "Your account",
        "place_date": "{city}, {day}",
        "date_only": "{day}",
        "registered": "Recorded delivery",
        "from": "From",
        "invoice": "Invoice",
        "issued": "Date",
        "due": "Due",
        "amount": "Amount",
        "paid": "Paid",
        "still_due": "Still due",
        "late": "Late",
        "days": "{n} d",
        "total": "Total due",
        "disputed": "Disputed",
        "disputed_apart": " (and {amount} under dispute, not claimed)",
        "credit": "Credit note / unallocated payment",
        "also_due": "Other overdue invoices, not covered by this letter, still to be paid:",
        "paid_apart": " (in {currency}, payable in addition)",
        "penalties": "Late-payment charges",
        "interest": "Statutory interest",
        "interest_detail": "Invoice {number}: {days} days late",
        "indemnity": "Fixed-sum compensation",
        "total_penalties": "Total including charges",
        "how_to_pay": "Payment by bank transfer",
        "iban": "IBAN",
        "bic": "BIC",
        "reference": "Reference to quote",
        "scan": "Scan to pay",
        "page": "Page {page}/",
        "capital": "share capital {capital}",
        "siret": "SIRET {number}",
        "vat": "VAT {number}",
        "continued": "{company} — account {ref} — continued",
        "salutation": "Dear Sir or Madam,",
        "closing": "Yours faithfully,",
        "closing_formal": "Yours faithfully,",
    },
}


def words(language: str) -> dict[str, str]:
    return WORDS.get(language, WORDS["en"])


def locale_of(language: str) -> str:
    return LOCALES.get(language, "en_GB")


def money(cents: int, currency: str, language: str) -> str:
    """An amount as the letter's language writes it, never broken over two lines: ReportLab
    breaks at the narrow no-break space Babel puts in "1 100,00 €", not at a no-break space."""
    return format_money(cents, currency, locale_of(language)).replace("\u202f", NBSP)


NBSP = "\u00a0"
COLON = {"fr": NBSP + ": "}  # French puts a no-break space before a colon


def label(name: str, language: str) -> str:
    """A generated label with its colon, spaced as the texts are: "Objet\u00a0: ", "IBAN: "."""
    return words(language)[name] + COLON.get(language, ": ")


def long_date(day: date, language: str) -> str:
    """ "1er octobre 2026", "3 décembre 2026", never broken across two lines."""
    text = format_date(day, locale_of(language), "long")
    if language == "fr" and day.day == 1:
        text = "1er" + text[1:]  # French writes the first of the month as an ordinal
    return text.replace(" ", NBSP)


def unbroken(text: str) -> str:
    """A phone number or a reference kept on one line."""
    return text.replace(" ", NBSP)


_FRENCH_GREETING = {MR: "Monsieur", MRS: "Madame"}


def salutation(language: str, contact_name: str, civility: str = "") -> str:
    """The greeting from the civility when it is known: "Madame," and "Dear Ms Favre,"; else
    "Madame, Monsieur," in French and the name, or "Sir or Madam", in English."""
    if language == "fr":
        return f"{_greeted(civility)},"
    if contact_name and title(civility, "en"):
        return f"Dear {title(civility, 'en')} {surname(contact_name)},"
    if contact_name:
        return f"Dear {contact_name},"
    return words(language)["salutation"]


def _greeted(civility: str) -> str:
    return _FRENCH_GREETING.get(civility, "Madame, Monsieur")


def closing(language: str, contact_name: str, formal: bool, civility: str = "") -> str:
    """The closing formula, which in French repeats the greeting ("agréer, Madame, …")."""
    if language == "en":
        return "Yours sincerely," if contact_name else "Yours faithfully,"
    return words(language)["closing_formal" if formal else "closing"].format(
        whom=_greeted(civility)
    )
