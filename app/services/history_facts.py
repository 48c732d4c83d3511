"""Typed reads of a history event's facts, and the words of the changes an event lists.

`app.services.history_text` writes sentences from these; a fact an older event lacks raises
`Missing`, and the sentence written at the time is shown instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from app.domain.calendar import format_date
from app.domain.money import format_money
from app.i18n import N_, _, current_locale

# The name of each field a change can name, for "name: old → new".
FIELD_LABELS = {
    "name": N_("name"),
    "kind": N_("kind"),
    "siret": N_("SIRET"),
    "vat_number": N_("VAT number"),
    "iban": N_("IBAN"),
    "address_line1": N_("address"),
    "address_line2": N_("address line 2"),
    "postcode": N_("postcode"),
    "city": N_("city"),
    "region": N_("state or province"),
    "country": N_("country"),
    "civility": N_("civility"),
    "language": N_("language"),
    "payment_terms_days": N_("payment terms"),
    "segment": N_("segment"),
    "role": N_("role"),
    "email": N_("email"),
    "phone": N_("phone"),
    "preferred_channel": N_("preferred channel"),
    "best_time": N_("best time to reach"),
}

# Changes an import names with two dates or two amounts: "issued 2 Nov 2026 → 9 Nov 2026".
DATE_CHANGES = {
    "issue_date": N_("issued {old} → {new}"),
    "due_date": N_("due {old} → {new}"),
    "date": N_("date {old} → {new}"),
}
MONEY_CHANGES = {
    "amount_cents": N_("amount {old} → {new}"),
    "open_cents": N_("still owed {old} → {new}"),
}
WORD_CHANGES = {
    "customer": N_("customer changed"),
    "reclassified": N_("reclassified"),
    "primary": N_("now the primary contact"),
    "contact": N_("contact added"),
}


class Missing(Exception):
    """The payload lacks a fact the sentence needs: the stored summary is shown instead."""


@lru_cache(maxsize=4096)
def day_text(iso: str, locale: str) -> str:
    """An ISO date as the history writes it in `locale` (ValueError when it is not a date)."""
    return format_date(date.fromisoformat(iso), locale)


class Facts:
    """Typed reads of a payload; a missing or malformed fact raises `Missing`."""

    def __init__(self, payload: Mapping[str, Any], kind: str) -> None:
        self.payload = payload
        self.kind = kind
        self.locale = current_locale()

    def has(self, key: str) -> bool:
        return key in self.payload

    def get(self, key: str) -> Any:
        if key not in self.payload:
            raise Missing(key)
        return self.payload[key]

    def opt(self, key: str) -> str:
        """A fact that older events may lack, read as empty."""
        value = self.payload.get(key)
        return "" if value is None else str(value)

    def text(self, key: str) -> str:
        value = self.get(key)
        return "" if value is None else str(value)

    def cents(self, key: str) -> int:
        value = self.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise Missing(key)
        return value

    def money(self, key: str, currency_key: str = "currency") -> str:
        return self.amount(self.cents(key), currency_key)

    def amount(self, cents: int, currency_key: str = "currency") -> str:
        return format_money(cents, self.text(currency_key), self.locale)

    def day(self, key: str) -> str:
        return self.date_text(self.text(key))

    def date_text(self, iso: str) -> str:
        try:
            return day_text(iso, self.locale)
        except ValueError as exc:
            raise Missing(iso) from exc

    def numbers(self, key: str = "numbers") -> str:
        value = self.get(key)
        if not isinstance(value, list):
            raise Missing(key)
        return ", ".join(str(n) for n in value)

    def lines(self, key: str) -> str:
        """Invoice numbers with an amount each: `F-1 (€120.00), F-2 (€80.00)`."""
        value = self.get(key)
        if not isinstance(value, list):
            raise Missing(key)
        return ", ".join(f"{number} ({self.amount(int(cents))})" for number, cents in value)

    def with_note(self, text: str, key: str = "note") -> str:
        note = self.opt(key).strip()
        return f"{text} — {note}" if note else text

    def changes(self, separator: str) -> str:
        value = self.get("changes")
        if not isinstance(value, list) or not all(isinstance(c, dict) for c in value):
            raise Missing("changes")
        return separator.join(self.change_text(c) for c in value)

    def change_text(self, fact: Mapping[str, Any]) -> str:
        field = str(fact.get("field", ""))
        old, new = fact.get("old"), fact.get("new")
        if field in DATE_CHANGES:
            return _(DATE_CHANGES[field]).format(
                old=self.date_text(str(old)), new=self.date_text(str(new))
            )
        if field in MONEY_CHANGES:
            if not isinstance(old, int) or not isinstance(new, int):
                raise Missing(field)
            return _(MONEY_CHANGES[field]).format(old=self.amount(old), new=self.amount(new))
        if field in WORD_CHANGES:
            return _(WORD_CHANGES[field])
        label = FIELD_LABELS.get(field)
        return _("{field}: {old} → {new}").format(
            field=_(label) if label else field, old=old or "—", new=new or "—"
        )
