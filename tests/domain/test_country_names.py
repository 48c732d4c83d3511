"""A country may be written as its name, in English, French or its own language, or as a code."""

from __future__ import annotations

import pytest

from app import i18n
from app.domain import countries
from app.domain.identifiers import IdentifierError, country_code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("France", "FR"),
        ("Belgium", "BE"),
        ("Belgique", "BE"),
        ("België", "BE"),
        ("Germany", "DE"),
        ("Allemagne", "DE"),
        ("Deutschland", "DE"),
        ("United States", "US"),
        ("États-Unis", "US"),
        ("United Kingdom", "GB"),
        ("Royaume-Uni", "GB"),
        ("Switzerland", "CH"),
        ("Suisse", "CH"),
        ("Schweiz", "CH"),
        ("Svizzera", "CH"),
        ("Spain", "ES"),
        ("Espagne", "ES"),
        ("España", "ES"),
        ("Россия", "RU"),
        ("日本", "JP"),
    ],
)
def test_country_name_in_english_french_or_its_own_language_gives_its_code(
    text: str, code: str
) -> None:
    assert country_code(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Etats Unis", "US"),
        ("etats-unis", "US"),
        ("royaume uni", "GB"),
        ("  ROYAUME   UNI ", "GB"),
        ("espana", "ES"),
        ("Cote d'Ivoire", "CI"),
        ("Côte d’Ivoire", "CI"),
    ],
)
def test_names_are_compared_without_case_accents_punctuation_or_spaces(
    text: str, code: str
) -> None:
    assert country_code(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (" be ", "BE"),
        ("gb", "GB"),
        ("FR", "FR"),
        ("", "FR"),
        ("UK", "GB"),
        ("FRA", "FR"),
        ("deu", "DE"),
        ("USA", "US"),
        ("U.S.A.", "US"),
        ("GBR", "GB"),
    ],
)
def test_two_and_three_letter_iso_codes_are_read(text: str, code: str) -> None:
    assert country_code(text) == code


@pytest.mark.parametrize(
    "text",
    ["Narnia", "XX", "ZZ", "EU", "European Union", "Union européenne", "Europe", "World", "150"],
)
def test_what_is_not_a_real_country_is_refused(text: str) -> None:
    with pytest.raises(IdentifierError, match="is not a country: write its name"):
        country_code(text)


def test_refusal_names_the_value_in_french(monkeypatch: pytest.MonkeyPatch) -> None:
    i18n.set_language("fr")
    with pytest.raises(IdentifierError) as refused:
        country_code("Narnia")
    assert str(refused.value).startswith("«\u00a0Narnia\u00a0» n’est pas un pays\u00a0: ")


def test_a_two_letter_code_never_builds_the_name_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    def unwanted(*_args: object, **_kwargs: object) -> countries.Table:
        raise AssertionError("name table built for a code")

    monkeypatch.setattr(countries, "_our_names", unwanted)
    monkeypatch.setattr(countries, "_own_names", unwanted)
    assert country_code("ch") == "CH"
    assert country_code("UK") == "GB"


def shared_names(latin: bool) -> countries.Table:
    """Own-language names as if two countries shared one and a language reused a French one."""
    return {
        countries.folded("Sakartvelo"): frozenset({"GE", "US"}),
        countries.folded("Belgique"): frozenset({"CH"}),
    }


def test_a_name_two_countries_share_is_refused_not_guessed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(countries, "_own_names", shared_names)
    with pytest.raises(IdentifierError, match="names more than one country"):
        country_code("Sakartvelo")


def test_an_english_or_french_name_wins_over_another_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(countries, "_own_names", shared_names)
    assert country_code("Belgique") == "BE"


def test_only_real_territories_are_known() -> None:
    known = countries.territories()
    assert {"FR", "BE", "GB", "US", "XK", "RE"} <= known
    assert not known & {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
    assert all(len(code) == 2 and code.isalpha() for code in known)
