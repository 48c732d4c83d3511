"""What a letter says of the law, by the creditor's law and in the letter's language.

The law that gives penalties is the creditor's (a French company cites the Code de commerce even
when it writes in English; a British one cites the Late Payment Act even in French); the words
are the letter's. References: Code de commerce L441-10 (rate) and D441-5 (40 € indemnity); Late
Payment of Commercial Debts (Interest) Act 1998 with SI 2002/1675 (rate) and s.5A (fixed sums).
See docs/reminders.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from app.domain.penalties import FR, GB, GB_MARGIN_BP, RateUsed
from app.letters.content import Letter
from app.letters.wording import long_date

NNBSP = "\u202f"  # French puts a narrow no-break space before %
NBSP_SEMI = "\u00a0; "  # and a no-break space before ; as the texts do

LABELS: dict[tuple[str, str], dict[str, str]] = {
    (FR, "fr"): {
        "interest": "Intérêts de retard (art. L441-10 C. com.)",
        "indemnity": "Indemnités forfaitaires pour frais de recouvrement (art. D441-5 C. com.)",
    },
    (FR, "en"): {
        "interest": "Late-payment interest (French Commercial Code, Art. L441-10)",
        "indemnity": "Fixed recovery indemnities (French Commercial Code, Art. D441-5)",
    },
    (GB, "fr"): {
        "interest": "Intérêts légaux (Late Payment of Commercial Debts (Interest) Act 1998)",
        "indemnity": "Indemnités forfaitaires (même loi, section 5A)",
    },
    (GB, "en"): {
        "interest": "Statutory interest (Late Payment of Commercial Debts (Interest) Act 1998)",
        "indemnity": "Fixed-sum compensation (section 5A of the Act)",
    },
}


REGISTERED: dict[tuple[str, str], str] = {
    ("fr", "domestic"): "Lettre recommandée avec accusé de réception",
    ("fr", "abroad"): "Lettre recommandée internationale avec avis de réception",
    ("fr", "uk"): "Lettre recommandée (Recorded Delivery)",
    ("en", "domestic"): "Registered letter with acknowledgement of receipt",
    ("en", "abroad"): "International registered letter with advice of delivery",
    ("en", "uk"): "Recorded Delivery",
}


def registered_mention(letter: Letter) -> str:
    """How the letter goes, in its words: Royal Mail's recorded delivery only from the United
    Kingdom to a recipient there; the international registered letter with advice of delivery
    across a border; else the French "recommandé avec accusé de réception"."""
    posted_from = (letter.posted_from or letter.jurisdiction or FR).upper()
    destination = (letter.recipient_country or posted_from).upper()
    if posted_from == GB and destination == GB:
        route = "uk"
    elif destination != posted_from and not {posted_from, destination} <= {FR, "MC"}:
        route = "abroad"
    else:
        route = "domestic"
    language = letter.language if letter.language == "fr" else "en"
    return REGISTERED[(language, route)]


def labels(jurisdiction: str, language: str) -> dict[str, str]:
    return LABELS.get((jurisdiction, language), LABELS.get((jurisdiction, "en"), {}))


def percent(bp: int, language: str) -> str:
    """Basis points as a percentage with two decimals: "12,15 %" or "12.15%"."""
    whole, cents = divmod(bp, 100)
    if language == "fr":
        return f"{whole},{cents:02d}{NNBSP}%"
    return f"{whole}.{cents:02d}%"


def _half(start: date, language: str) -> str:
    first = start.month <= 6
    if language == "fr":
        return f"{'1er' if first else '2d'} semestre {start.year}"
    return f"the {'first' if first else 'second'} half of {start.year}"


def _reference_day(start: date) -> date:
    """The day whose Bank of England rate is the reference of the half-year `start` opens."""
    return start - timedelta(days=1)


def _french(rates: Sequence[RateUsed], language: str) -> str:
    agreed = next((r.agreed_bp for r in rates if r.agreed_bp is not None), None)
    if agreed is not None and not any(r.floored for r in rates):
        if language == "fr":
            return (
                f"Intérêts de retard au taux de {percent(agreed, 'fr')} l’an convenu dans nos "
                "conditions générales de vente (article L441-10 du Code de commerce), calculés "
                "sur le montant restant dû au prorata des jours de retard."
            )
        return (
            f"Late-payment interest at the rate of {percent(agreed, 'en')} a year agreed in our "
            "terms and conditions (Article L441-10 of the French Commercial Code), on the amount "
            "still due, per day late."
        )
    parts = []
    for r in rates:
        if r.agreed_bp is not None:  # agreed, but under the legal floor for this half-year
            parts.append(
                f"{percent(r.rate_bp, 'fr')} au {_half(r.starts_on, 'fr')} (taux convenu de "
                f"{percent(r.agreed_bp, 'fr')} porté à trois fois le taux d’intérêt légal)"
                if language == "fr"
                else f"{percent(r.rate_bp, 'en')} in {_half(r.starts_on, 'en')} (the agreed "
                f"{percent(r.agreed_bp, 'en')} raised to three times the French legal rate)"
            )
        else:
            parts.append(
                f"{percent(r.rate_bp, 'fr')} au {_half(r.starts_on, 'fr')} (taux de "
                f"refinancement de la BCE de {percent(r.reference_bp, 'fr')} majoré de 10 points)"
                if language == "fr"
                else f"{percent(r.rate_bp, 'en')} in {_half(r.starts_on, 'en')} (ECB main "
                f"refinancing rate of {percent(r.reference_bp, 'en')} plus 10 points)"
            )
    if language == "fr":
        return (
            "Intérêts de retard (article L441-10 du Code de commerce) calculés sur le montant "
            f"restant dû, au prorata des jours de retard, au taux de {NBSP_SEMI.join(parts)}."
        )
    return (
        "Late-payment interest (Article L441-10 of the French Commercial Code) on the amount "
        f"still due, per day late, at {'; '.join(parts)}."
    )


def _british(rates: Sequence[RateUsed], language: str) -> str:
    parts = []
    for r in rates:
        day = long_date(_reference_day(r.starts_on), language)
        base = percent(r.reference_bp, language)
        if language == "fr":
            parts.append(
                f"{percent(r.rate_bp, 'fr')} l’an (taux de référence de la Banque d’Angleterre "
                f"de {base} en vigueur le {day}, majoré de 8 points)"
            )
        else:
            parts.append(
                f"{percent(r.rate_bp, 'en')} a year ({GB_MARGIN_BP // 100}% over the Bank of "
                f"England reference rate of {base} in force on {day})"
            )
    if language == "fr":
        return (
            "Intérêts légaux au titre du Late Payment of Commercial Debts (Interest) Act 1998, "
            f"intérêts simples par jour de retard\u00a0: {NBSP_SEMI.join(parts)}, taux fixé pour "
            "toute la durée du retard de chaque facture."
        )
    return (
        "Statutory interest under the Late Payment of Commercial Debts (Interest) Act 1998, "
        f"simple, per day late: {'; '.join(parts)}, fixed for the whole time each invoice is late."
    )


def rate_text(jurisdiction: str, language: str, rates: Sequence[RateUsed]) -> str:
    """How the interest was computed, in words: the rate actually used for each half-year
    (France), or the reference rate fixed for each debt (UK)."""
    if not rates:
        return ""
    if jurisdiction == GB:
        return _british(rates, language)
    if jurisdiction == FR:
        return _french(rates, language)
    return ""
