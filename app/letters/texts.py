"""Letter texts: the shipped ones in `resources/letters/<language>/<key>.txt`, the user's own in the
database; placeholders in braces, checked before anything is saved or printed.

A text file is `Subject: …`, an empty line, then paragraphs separated by empty lines. A number
can choose the words that agree with it: `{invoice_count:la facture|les factures}` prints the
first for one invoice, the second for any other number.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.i18n import N_
from app.paths import resources_dir

PLACEHOLDERS: dict[str, str] = {
    "company_name": N_("your company's name"),
    "customer_name": N_("the customer's name"),
    "customer_ref": N_("the customer's account reference"),
    "total_due": N_("the total reminded, with its currency"),
    "invoice_count": N_("the number of invoices reminded"),
    "oldest_due_date": N_("the due date of the oldest invoice"),
    "deadline": N_("the date by which to pay"),
    "interest": N_("the late-payment interest"),
    "fixed_fees": N_("the fixed recovery indemnities"),
    "total_with_penalties": N_("the total with interest and indemnities"),
    "payment_reference": N_("the reference to give with the transfer"),
    "phone": N_("your phone number"),
    "email": N_("your email address"),
    "today": N_("the date of the letter"),
    "promised_date": N_("the date the customer promised to pay by"),
    "amount": N_("an amount (paid, promised, or of a payment plan)"),
    "instalments": N_("the schedule of a payment plan"),
    "balance": N_("the balance of the account"),
    "payment_date": N_("the day a payment was received"),
}
KEYS = (
    "courtesy",
    "friendly",
    "firm",
    "last_amicable",
    "formal_notice",
    "individual_friendly",
    "individual_firm",
    "individual_formal_notice",
    "plan_agreement",
    "promise_confirmation",
    "thank_you",
    "statement",
    "statement_overdue",
    "receipt",
    "late_penalties",
)
PENALTY_PLACEHOLDERS = ("interest", "fixed_fees", "total_with_penalties")
COUNTS = ("invoice_count",)  # numbers whose placeholder can choose singular|plural words
LANGUAGES = ("fr", "en")


class TemplateError(ValueError):
    """A text that cannot be used: an unknown placeholder, a stray brace, no subject."""


@dataclass(frozen=True)
class LetterText:
    key: str
    language: str
    subject: str
    body: str  # paragraphs separated by an empty line

    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]


def placeholders_in(text: str) -> list[str]:
    """The placeholders a text uses; raises TemplateError on a malformed brace."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise TemplateError(f"A brace is not closed or not opened: {exc}.") from exc
    names = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name in COUNTS and spec and not conversion:
            if spec.count("|") != 1:
                raise TemplateError(
                    f"{{{name}:…}} chooses between two wordings separated by |, such as "
                    f"{{{name}:la facture|les factures}}."
                )
            names.append(name)
            names += placeholders_in(spec)
            continue
        if not name or spec or conversion:
            raise TemplateError("A placeholder is a name in braces, such as {total_due}.")
        names.append(name)
    return names


def check(text: LetterText) -> None:
    """Refuse a text that could not be printed as it stands."""
    if not text.subject.strip():
        raise TemplateError("A letter needs a subject.")
    if not text.paragraphs():
        raise TemplateError("A letter needs a text.")
    for part in (text.subject, text.body):
        for name in placeholders_in(part):
            if name not in PLACEHOLDERS:
                raise TemplateError(
                    f"{{{name}}} is not a placeholder Relance knows. "
                    f"Known placeholders: {', '.join('{' + p + '}' for p in PLACEHOLDERS)}."
                )


def parse(key: str, language: str, content: str) -> LetterText:
    lines = content.replace("\r\n", "\n").split("\n")
    if not lines or not lines[0].startswith("Subject:"):
        raise TemplateError(f"{key} ({language}) must start with a “Subject:” line.")
    return LetterText(key, language, lines[0][len("Subject:") :].strip(), "\n".join(lines[1:]))


def shipped_path(key: str, language: str, jurisdiction: str = "") -> Path:
    """`<language>/<key>.txt`, or the version for a creditor under another law than the
    French one (`<language>/<key>.gb.txt`)."""
    suffix = f".{jurisdiction.lower()}" if jurisdiction and jurisdiction != "FR" else ""
    return resources_dir() / "letters" / language / f"{key}{suffix}.txt"


def shipped(key: str, language: str, jurisdiction: str = "") -> LetterText:
    """Relance's own text for the creditor's law; English when a language lacks it."""
    for candidate in (
        shipped_path(key, language, jurisdiction),
        shipped_path(key, language),
        shipped_path(key, "en", jurisdiction),
        shipped_path(key, "en"),
    ):
        if candidate.is_file():
            return parse(key, language, candidate.read_text(encoding="utf-8"))
    raise TemplateError(f"Relance has no text {key} ({language}).")


def fill(text: LetterText, values: Mapping[str, str]) -> tuple[str, list[str]]:
    """The subject and paragraphs with every placeholder replaced (a missing value prints "—")."""

    filler = _Filler(values)
    return filler.format(text.subject), [filler.format(p) for p in text.paragraphs()]


class _Filler(string.Formatter):
    """Placeholders replaced by their values, "—" for a missing one; `{n:one|many}` says `one`
    when n is 1."""

    def __init__(self, values: Mapping[str, str]) -> None:
        super().__init__()
        self.values = values

    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        return self.values.get(str(key), "—")

    def format_field(self, value: Any, format_spec: str) -> Any:
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            return one if str(value).strip() == "1" else many
        return super().format_field(value, format_spec)
