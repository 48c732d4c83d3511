"""Every user-visible string has a French translation, and the catalog is what the code asks for."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from app import i18n

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from update_translations import extract, is_translated  # noqa: E402

PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def french_catalog() -> dict[object, object]:
    with (ROOT / "resources" / "locale" / "fr.po").open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    return {m.id if isinstance(m.id, str) else tuple(m.id): m for m in catalog if m.id}


def test_every_string_in_the_code_has_a_french_translation() -> None:
    catalog = french_catalog()
    missing = []
    for message in extract():
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else tuple(message.id)
        entry = catalog.get(key)
        if entry is None or entry.fuzzy or not is_translated(entry.string):  # type: ignore[attr-defined]
            missing.append(key)
    assert missing == [], "run scripts/update_translations.py and translate these"


def test_translations_keep_every_placeholder() -> None:
    for key, entry in french_catalog().items():
        sources = [key] if isinstance(key, str) else list(key)
        targets = [entry.string] if isinstance(entry.string, str) else list(entry.string)  # type: ignore[attr-defined]
        for source, target in zip(sources * len(targets), targets, strict=False):
            assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(target)), key


def test_french_plural_treats_zero_and_one_as_singular() -> None:
    i18n.set_language("fr")
    assert i18n.ngettext("{n} day", "{n} days", 0) == "{n} jour"
    assert i18n.ngettext("{n} day", "{n} days", 1) == "{n} jour"
    assert i18n.ngettext("{n} day", "{n} days", 2) == "{n} jours"
    assert i18n._("Customers") == "Clients"
    assert i18n.current_locale() == "fr_FR"


def test_english_is_the_source_language() -> None:
    i18n.set_language("en")
    assert i18n._("Customers") == "Customers"
    assert i18n.ngettext("{n} day", "{n} days", 1) == "{n} day"


def test_a_count_of_what_is_shown_agrees_in_each_language() -> None:
    from app.ui.views.customers_view import _count

    i18n.set_language("en")
    assert _count(1, 4) == "1 of 4 customers"
    i18n.set_language("fr")
    assert (_count(1, 4), _count(2, 4)) == ("1 client sur 4", "2 clients sur 4")
    i18n.set_language("en")


def test_french_typography_no_break_spaces_and_apostrophes() -> None:
    """French puts a no-break space before : ; ? ! and inside « », and a curly apostrophe."""
    faults = []
    for entry in french_catalog().values():
        targets = [entry.string] if isinstance(entry.string, str) else list(entry.string)  # type: ignore[attr-defined]
        for target in targets:
            text = PLACEHOLDER.sub("X", target)
            if (
                re.search(r"[ \t][:;?!]", text)
                or re.search(r"[\w)»]:(\s|$)", text)
                or "« " in text
                or " »" in text
                or re.search(r"\w'\w", text)
            ):
                faults.append(target)
    assert faults == []
