"""The identifier checks shared by the import and the forms typed by hand."""

from __future__ import annotations

import pytest

from app.domain.identifiers import (
    IdentifierError,
    country_code,
    postcode,
    siret_number,
    vat_number,
)


def test_siret_is_compacted_and_its_key_checked() -> None:
    assert siret_number(" 732 829 320 00074 ") == "73282932000074"
    with pytest.raises(IdentifierError):
        siret_number("73282932000075")


def test_vat_number_is_checked_against_its_country_key() -> None:
    assert vat_number("fr 44 732 829 320") == "FR44732829320"
    with pytest.raises(IdentifierError):
        vat_number("FR00732829320")


def test_empty_country_is_france_and_a_bad_one_is_refused() -> None:
    assert country_code(" be ") == "BE"
    assert country_code("") == "FR"
    with pytest.raises(IdentifierError):
        country_code("Narnia")


def test_french_postcode_has_five_digits_others_are_looser() -> None:
    assert postcode("69002", "FR") == "69002"
    assert postcode("sw1a 1aa", "GB") == "SW1A 1AA"
    with pytest.raises(IdentifierError):
        postcode("6900", "FR")
    with pytest.raises(IdentifierError):
        postcode("69002;", "BE")
