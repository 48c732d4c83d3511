"""The book's preferences (language, currency, locale), and the refusal of settings: plain
classes that a report reading the book without SQLAlchemy can use (`app.db.reading`)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from app.i18n import LANGUAGES, _

PREFERENCES_KEY = "preferences"


def known_fields(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    """The items of stored settings that `cls` has fields for."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


class SettingsError(ValueError):
    """Settings refused; `problems` maps a field name to a sentence for the user."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class Preferences:
    language: str = ""  # empty: follow the system locale
    currency: str = "EUR"
    locale: str = ""  # empty: derived from the language

    def validated(self) -> Preferences:
        problems: dict[str, str] = {}
        if self.language and self.language not in LANGUAGES:
            problems["language"] = _("This language is not available.")
        if len(self.currency) != 3 or not self.currency.isalpha():
            problems["currency"] = _("A currency is a three-letter ISO code such as EUR.")
        if problems:
            raise SettingsError(problems)
        return Preferences(self.language, self.currency.upper(), self.locale)

    @classmethod
    def from_stored(cls, data: dict[str, Any]) -> Preferences:
        """The preferences a book holds; fields a newer version wrote are ignored."""
        return cls(**known_fields(cls, data))
