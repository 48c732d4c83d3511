"""A person's civility: read from what people type ("Mme", "Mr", "Madame"), kept as a short code,
printed in the letter's language before a name and used for its greeting.

Codes: "m" (Monsieur, Mr), "mme" (Madame, Mrs, Ms, Miss, Mlle), "mx" (Mx); "" when not known.
"""

from __future__ import annotations

import re
import unicodedata

from app.i18n import N_, _

MR, MRS, MX, UNKNOWN = "m", "mme", "mx", ""
CODES = (MR, MRS, MX)

_READ: dict[str, str] = {
    "m": MR,
    "mr": MR,
    "monsieur": MR,
    "mister": MR,
    "sir": MR,
    "herr": MR,
    "mme": MRS,
    "madame": MRS,
    "mrs": MRS,
    "ms": MRS,
    "miss": MRS,
    "mlle": MRS,
    "mademoiselle": MRS,
    "madam": MRS,
    "frau": MRS,
    "mx": MX,
}

# How each civility is written before a name, by the letter's language.
TITLES: dict[str, dict[str, str]] = {
    "fr": {MR: "M.", MRS: "Mme", MX: ""},
    "en": {MR: "Mr", MRS: "Ms", MX: "Mx"},
}


NOT_A_CIVILITY = N_(
    "“{value}” is not a civility: write M., Mme, Mx, Mr, Mrs or Ms, or leave it empty."
)


class CivilityError(ValueError):
    """A civility Relance cannot read."""


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalpha()).lower()


def civility_code(text: str) -> str:
    """The code of a typed civility ("M.", "Mme", "Madame", "Mr", "Ms"…); "" for an empty text.

    Raises CivilityError for anything else, so that an import reports it instead of guessing.
    """
    plain = _plain(text)
    if not plain:
        return UNKNOWN
    if plain in _READ:
        return _READ[plain]
    raise CivilityError(_(NOT_A_CIVILITY).format(value=text.strip()))


def split_name(name: str) -> tuple[str, str]:
    """A name that starts with its civility ("Mme Virginie Guérin", "Mr. John Smith"): the code
    and the rest; ("", name) when it does not start with one."""
    match = re.match(r"\s*([A-Za-z]{1,12})\.?\s+(\S.*)", name)
    if match:
        plain = _plain(match.group(1))
        if plain in _READ:
            return _READ[plain], match.group(2).strip()
    return UNKNOWN, name.strip()


def title(code: str, language: str) -> str:
    """ "Mme" or "Ms", "M." or "Mr": the civility before a name, in the letter's language."""
    return TITLES.get(language, TITLES["en"]).get(code, "")


_PARTICLES = {"de", "du", "des", "d", "le", "la", "van", "von", "der", "den", "da", "di", "del"}


def surname(name: str) -> str:
    """The family name in a full name, for "Dear Ms Favre": a word in capitals when the name has
    one ("Virginie GUÉRIN"), else the last word with its particles ("Jean de La Fontaine")."""
    words = name.split()
    if len(words) < 2:
        return name.strip()
    for i, word in enumerate(words[1:], start=1):
        letters = [c for c in word if c.isalpha()]
        if len(letters) > 1 and all(c.isupper() for c in letters):
            return " ".join(words[i:])
    start = len(words) - 1
    while start > 1 and words[start - 1].lower().rstrip("’'") in _PARTICLES:
        start -= 1
    return " ".join(words[start:])
