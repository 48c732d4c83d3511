"""The one translation mechanism: gettext-style `_()` over PO catalogs read with Babel.

Source strings are English. French lives in `resources/locale/fr.po`; `pybabel extract` finds
every `_()`, `N_()` and `ngettext()` call, and a test checks that each has a French translation.
"""

from __future__ import annotations

import locale as _locale
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from app.paths import resources_dir

LANGUAGES: dict[str, str] = {"fr": "Français", "en": "English"}
DEFAULT_LANGUAGE = "fr"

_state: dict[str, str] = {"language": "en"}


@cache
def _catalog(language: str) -> dict[str | tuple[str, str], str | tuple[str, ...]]:
    path = Path(resources_dir()) / "locale" / f"{language}.po"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    entries: dict[str | tuple[str, str], str | tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or message.fuzzy or not message.string:
            continue
        key = message.id if isinstance(message.id, str) else tuple(message.id)
        value = message.string if isinstance(message.string, str) else tuple(message.string)
        entries[key] = value  # type: ignore[index]
    return entries


def system_language() -> str:
    """The language of the system locale if we speak it, else French (our first market)."""
    try:
        code = _locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    language = code.split("_")[0].lower()
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    _state["language"] = language


def current_language() -> str:
    return _state["language"]


def current_locale() -> str:
    """Babel locale used to format money and dates for the current language."""
    return {"fr": "fr_FR", "en": "en_GB"}[_state["language"]]


def _(message: str) -> str:
    """Translate a user-visible string into the current language."""
    if _state["language"] == "en":
        return message
    value = _catalog(_state["language"]).get(message)
    return value if isinstance(value, str) else message


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a string that depends on a count (the caller formats the count into it)."""
    if _state["language"] != "en":
        value = _catalog(_state["language"]).get((singular, plural))
        if isinstance(value, tuple) and len(value) >= 2:
            # French: 0 and 1 are singular.
            return value[0] if count <= 1 else value[1]
    return singular if count == 1 else plural


def N_(message: str) -> str:
    """Mark a string for extraction where it must stay untranslated until shown."""
    return message
