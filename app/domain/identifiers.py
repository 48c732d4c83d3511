"""Checking what identifies a customer: SIRET, VAT number, IBAN, country and postcode.

The import and the forms typed by hand call the same checks, so a book holds the same kind of
value whichever way it came in. Each check returns the canonical form (spaces removed, upper
case) or raises `IdentifierError` with a sentence for the user.
"""

from __future__ import annotations

import re

from stdnum import iban
from stdnum.eu import vat
from stdnum.exceptions import InvalidChecksum, ValidationError
from stdnum.fr import siret

from app.domain import countries
from app.i18n import _


class IdentifierError(ValueError):
    """A value refused; the message is for the user."""


def siret_number(text: str) -> str:
    """A SIRET: 14 digits whose Luhn key matches (spaces ignored)."""
    try:
        return str(siret.validate(text))
    except ValidationError:
        raise IdentifierError(
            _("The SIRET number is not valid (14 digits with a check key).")
        ) from None


def vat_number(text: str) -> str:
    """A European VAT number with its country prefix (spaces, dots and dashes ignored)."""
    try:
        return str(vat.validate(text))
    except ValidationError:
        raise IdentifierError(_("The VAT number is not valid.")) from None


def iban_number(text: str) -> str:
    """An IBAN, compact (no spaces, upper case): its check digits and its country's format.

    Any whitespace is ignored, including the no-break spaces of an IBAN copied from a PDF.
    """
    try:
        return str(iban.validate(re.sub(r"\s", "", text)))
    except InvalidChecksum:
        raise IdentifierError(_("The IBAN is not valid (check digits do not match).")) from None
    except ValidationError:
        raise IdentifierError(
            _("The IBAN is not valid: its length or its account number does not fit its country.")
        ) from None


def format_iban(compact: str) -> str:
    """An IBAN as people read and type it, in groups of four (`FR76 3000 6000 …`)."""
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def country_code(text: str) -> str:
    """The two-letter ISO code of a country written as a code or a name; empty means France.

    A two-letter code must be a real country or territory's (not EU, not ZZ); a retired one is
    replaced by its successor (UK is GB). Anything else may be a three-letter ISO code (FRA) or a
    name in English, French or one of the country's own languages (Belgique, Deutschland, "etats
    unis"): see `app.domain.countries`. A name two countries share is refused, never guessed.
    """
    value = " ".join(text.split())
    if not value:
        return "FR"
    try:
        if re.fullmatch(r"[A-Z]{2}", value.upper()):
            code = countries.known_code(value.upper())
        else:
            code = countries.code_for_name(value)
    except countries.AmbiguousName:
        raise IdentifierError(
            _("“{text}” names more than one country: write its two-letter ISO code.").format(
                text=value
            )
        ) from None
    if code is None:
        raise IdentifierError(
            _(
                "“{text}” is not a country: write its name (France, Belgique…) "
                "or its two-letter ISO code (FR, BE)."
            ).format(text=value)
        )
    return code


def postcode(text: str, country: str) -> str:
    """A French postcode has five digits; elsewhere letters, digits, spaces and dashes."""
    code = text.strip().upper()
    if country == "FR" and not re.fullmatch(r"\d{5}", code):
        raise IdentifierError(_("A French postcode has five digits."))
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9 -]{0,19}", code):
        raise IdentifierError(_("A postcode holds letters, digits, spaces and dashes only."))
    return code
