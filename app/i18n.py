"""The one translation mechanism: gettext-style `_()` over PO catalogs read with Babel.

Source strings are English. French lives in `resources/locale/fr.po`; `pybabel extract` finds
every `_()`, `N_()` and `ngettext()` call, and a test checks that each has a French translation.
"""

from __future__ import annotations

import locale as _locale
from functools import cache
from pathlib import Path

LANGUAGES: dict[str, str] = {"fr": "Français", "en": "English"}
DEFAULT_LANGUAGE = "fr"

_state: dict[str, str] = {"language": "en"}


@cache
def _catalog(language: str) -> dict[str | tuple[str, str], str | tuple[str, ...]]:
    # Imported when a catalog is first read, not at every start (`--version` and English).
    from babel.messages.pofile import read_po

    from app.paths import resources_dir

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


# Windows names its locales in words ("English_United States", "French_France").
_WINDOWS_NAMES = {"english": "en", "french": "fr"}


def _from_locale() -> str | None:
    try:
        code = _locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    language = code.split("_")[0].split("-")[0].lower()
    language = _WINDOWS_NAMES.get(language, language)
    return language if language in LANGUAGES else None


def _from_desktop() -> str | None:
    """The user's preferred languages as the desktop gives them (a macOS application started
    from the Finder has no LANG): the first one we speak."""
    try:
        from PySide6.QtCore import QLocale
    except ImportError:  # pragma: no cover - PySide6 is a dependency
        return None
    for tag in QLocale.system().uiLanguages():
        language = tag.replace("_", "-").split("-")[0].lower()
        if language in LANGUAGES:
            return language
    return None


def system_language() -> str:
    """The language of the system if we speak it, else French (our first market)."""
    return _from_locale() or _from_desktop() or DEFAULT_LANGUAGE


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
