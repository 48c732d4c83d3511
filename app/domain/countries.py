"""Which country a name means, read from CLDR through Babel rather than from a list of our own.

A customer file may say "Belgique", "Deutschland", "United States" or "FRA" where a book keeps a
two-letter ISO code. Names are compared folded: without case, accents, punctuation or spaces, so
"etats unis" is "États-Unis". The name tables are built the first time a name is looked up, never
for a value that is already a two-letter code, and kept for the life of the process.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache

from babel import Locale, localedata
from babel.core import get_global, parse_locale
from babel.languages import get_official_languages

Table = dict[str, frozenset[str]]

_UNKNOWN_REGION = "ZZ"
_OUR_LANGUAGES = ("en", "fr")


class AmbiguousName(LookupError):
    """A name two countries share: refused rather than guessed."""


def folded(text: str) -> str:
    """A name without case, accents, punctuation or spaces, the form spellings are compared in."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if unicodedata.category(c)[0] in "LN")


@cache
def territories() -> frozenset[str]:
    """The two-letter codes of real countries and territories.

    CLDR gives population figures for each of them and for none of its groupings (EU, UN, QO),
    pseudo-locales (XA, XB) or numeric regions (150); its "Unknown Region" ZZ is left out too.
    """
    return frozenset(
        code
        for code in get_global("territory_languages")
        if len(code) == 2 and code.isalpha() and code != _UNKNOWN_REGION
    )


def _alias(code: str) -> str | None:
    """The one real territory a retired or three-letter code stands for (UK, FRA), else None."""
    targets = get_global("territory_aliases").get(code, [])
    if len(targets) == 1 and targets[0] in territories():
        return str(targets[0])
    return None


def known_code(code: str) -> str | None:
    """A two- or three-letter ISO code (upper case) as a book keeps it, or None if it is none.

    A retired or alternative code becomes the one in use (UK is GB), a three-letter one its
    two-letter twin (FRA is FR). No name table is needed for this.
    """
    return code if code in territories() else _alias(code)


def code_for_name(text: str) -> str | None:
    """The two-letter ISO code that a country name or a three-letter ISO code means, or None.

    A name is looked up first among the English and French names of every territory, then among
    the names each territory gives itself in its official languages. The first of those that
    knows the name decides, so an English or French meaning wins over another language's. A name
    that one of them gives to two territories is refused, never guessed.

    Raises:
        AmbiguousName: the name belongs to more than one territory.
    """
    key = folded(text)
    if not key:
        return None
    if key.isascii() and key.isalpha() and len(key) in (2, 3) and (code := known_code(key.upper())):
        return code
    latin = _in_latin_letters(key)
    tables: Iterable[Callable[[], Table]] = (
        _our_names,
        lambda: _own_names(latin=latin),
        lambda: _own_names(latin=not latin),
    )
    for table in tables:
        codes = table().get(key)
        if codes is None:
            continue
        if len(codes) > 1:
            raise AmbiguousName(text)
        return next(iter(codes))
    bare = _ARTICLE.sub("", text.strip(), count=1)
    return code_for_name(bare) if bare != text.strip() else None


# An article in front of a name ("The Netherlands", "les Pays-Bas", "l'Allemagne"): CLDR names
# countries without it.
_ARTICLE = re.compile(r"^(?:the\s+|les\s+|le\s+|la\s+|l['’]\s*)", re.IGNORECASE)


def _index(pairs: Iterable[tuple[str, str]]) -> Table:
    """Each folded name with the codes it names; more than one makes it ambiguous."""
    found: defaultdict[str, set[str]] = defaultdict(set)
    for code, name in pairs:
        if key := folded(name):
            found[key].add(code)
    return {key: frozenset(codes) for key, codes in found.items()}


@cache
def _our_names() -> Table:
    """Every territory's names in English and French (two locales: a few tens of milliseconds)."""
    real = territories()
    return _index(
        (code, name)
        for language in _OUR_LANGUAGES
        for code, name in Locale.parse(language).territories.items()
        if code in real
    )


@cache
def _own_names(latin: bool) -> Table:
    """Each territory's names in its own official languages, from the locales written in Latin
    letters or from the others.

    A name in Latin letters needs only the first kind of locale, which keeps the first lookup of
    "Deutschland" to about a third of what reading every locale takes.
    """
    real = territories()
    wanted: defaultdict[str, list[str]] = defaultdict(list)
    for code in sorted(real):
        for language in get_official_languages(code, de_facto=True):
            if language in _OUR_LANGUAGES:
                continue  # `_our_names` holds every territory's English and French names
            if localedata.exists(language) and _writes_latin(language) == latin:
                wanted[language].append(code)
    pairs: list[tuple[str, str]] = []
    for language, codes in wanted.items():
        names = Locale.parse(language).territories
        pairs += [(code, names[code]) for code in codes if code in names]
    # Babel keeps every locale it has read; the hundred or so read here would hold tens of
    # megabytes for a few hundred names. Locales in use reload when next asked for.
    localedata.clear_caches()
    return _index(pairs)


def _writes_latin(locale_id: str) -> bool:
    """Whether a locale writes in Latin letters (its script, or its language's likely one)."""
    parts = parse_locale(locale_id)
    script = parts[2]
    if script is None:
        likely = get_global("likely_subtags").get(parts[0])
        script = parse_locale(likely)[2] if likely else None
    return script == "Latn"


def _in_latin_letters(key: str) -> bool:
    return all(unicodedata.name(c, "").startswith("LATIN") for c in key if c.isalpha())
