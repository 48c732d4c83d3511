"""Money: what people type, what Babel prints, and no float on the way."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.money import (
    AmountError,
    Money,
    format_money,
    parse_amount,
    parse_decimal,
    to_decimal,
    to_minor,
    to_plain,
)

NBSP = "\u00a0"
NNBSP = "\u202f"


@pytest.mark.parametrize(
    "typed",
    [
        "1234,50",
        "1234.50",
        "1 234,50",
        f"1{NBSP}234,50",
        f"1{NNBSP}234,50",
        "1.234,50",
        "1,234.50",
        " 1234,50 ",
        "1234,5",
        "€ 1 234,50",
        f"1{NNBSP}234,50{NBSP}€",
    ],
)
def test_typed_amount_is_read_in_every_usual_form(typed: str) -> None:
    assert parse_decimal(typed) == Decimal("1234.50")
    assert parse_amount(typed) == 123450


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("-12", -1200),
        ("€ 12,30", 1230),
        ("12,30 €", 1230),
        ("EUR 12.30", 1230),
        ("+5", 500),
        ("(12,50)", -1250),
        ("0", 0),
        ("1.234.567", 123456700),
        ("1,234,567.89", 123456789),
        ("1.234.567,89", 123456789),
    ],
)
def test_typed_amount_gives_exact_minor_units(typed: str, cents: int) -> None:
    assert parse_amount(typed) == cents


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "   ",
        "abc",
        "€",
        "12abc",
        "--1",
        "1-2",
        "1e5",
        "NaN",
        "Infinity",
        "12,3,4",
        "1.2.3",
        "1.234.56",
        "1,234.5,6",
        "1.23,45",
        "1,2.30",
    ],
)
def test_garbage_is_refused_as_an_amount(garbage: str) -> None:
    with pytest.raises(AmountError):
        parse_amount(garbage)


@pytest.mark.parametrize("typed", ["0,001", "12.345", "1,234", "-0.005"])
def test_fractions_of_a_cent_are_refused(typed: str) -> None:
    with pytest.raises(AmountError, match="more decimals"):
        parse_amount(typed)


def test_a_currency_without_minor_units_refuses_decimals() -> None:
    assert parse_amount("1 234", "JPY") == 1234
    with pytest.raises(AmountError):
        parse_amount("12,50", "JPY")


def test_amounts_are_formatted_by_babel_for_french_users() -> None:
    assert format_money(123450, "EUR", "fr_FR") == f"1{NNBSP}234,50{NBSP}€"
    assert format_money(-1230, "EUR", "fr_FR") == f"-12,30{NBSP}€"


def test_amounts_are_formatted_by_babel_for_british_users() -> None:
    assert format_money(123450, "EUR", "en_GB") == "€1,234.50"
    assert format_money(123450, "GBP", "en_GB") == "£1,234.50"
    assert Money(5, "GBP").format("en_GB") == "£0.05"


def test_machine_form_always_has_the_currency_places() -> None:
    assert to_plain(123450) == "1234.50"
    assert to_plain(5) == "0.05"
    assert to_plain(-1) == "-0.01"
    assert to_plain(1234, "JPY") == "1234"
    assert Money(100000).plain() == "1000.00"
    assert to_plain(-1234567, "BHD") == "-1234.567"
    assert to_plain(0, "CLF") == "0.0000"


@given(st.integers(-(10**17), 10**17), st.sampled_from(["EUR", "JPY", "BHD", "CLF", "XOF"]))
@settings(max_examples=400)
def test_machine_form_is_the_exact_decimal(cents: int, currency: str) -> None:
    assert to_plain(cents, currency) == f"{to_decimal(cents, currency):f}"


def test_parsing_gives_decimal_and_integer_never_float() -> None:
    value = parse_decimal("1 234,56")
    assert type(value) is Decimal
    cents = parse_amount("1 234,56")
    assert type(cents) is int
    assert type(to_decimal(cents)) is Decimal
    assert type(Money.parse("12,30").cents) is int


def test_float_amounts_are_refused() -> None:
    with pytest.raises(TypeError):
        to_minor(0.1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(12.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(True)


def test_money_adds_and_subtracts_in_one_currency() -> None:
    total = Money(1050) + Money(250) - Money(100)
    assert total == Money(1200, "EUR")
    assert type(total.cents) is int
    assert -total == Money(-1200)
    assert total.decimal == Decimal("12.00")


def test_money_arithmetic_refuses_to_mix_currencies() -> None:
    with pytest.raises(ValueError, match="cannot mix EUR and GBP"):
        Money(100, "EUR") + Money(100, "GBP")
    with pytest.raises(ValueError, match="cannot mix"):
        Money(100, "GBP") - Money(100, "EUR")


@settings(max_examples=100)
@given(cents=st.integers(min_value=-(10**12), max_value=10**12))
def test_machine_form_reads_back_to_the_same_cents(cents: int) -> None:
    assert parse_amount(to_plain(cents)) == cents


@settings(max_examples=100)
@given(
    cents=st.integers(min_value=-(10**12), max_value=10**12),
    locale=st.sampled_from(["fr_FR", "en_GB", "de_DE"]),
)
def test_formatted_amount_reads_back_to_the_same_cents(cents: int, locale: str) -> None:
    assert parse_amount(format_money(cents, "EUR", locale)) == cents


@pytest.mark.parametrize("locale", ["fr_FR", "en_GB", "de_CH", "fr_BE"])
@pytest.mark.parametrize("currency", ["EUR", "GBP", "CHF", "JPY", "USD"])
@pytest.mark.parametrize("cents", [0, 5, 123456, -98765, 10**12])
def test_format_money_matches_babel_format_currency(locale: str, currency: str, cents: int) -> None:
    from babel.numbers import format_currency

    assert format_money(cents, currency, locale) == format_currency(
        to_decimal(cents, currency), currency, locale=locale
    )
