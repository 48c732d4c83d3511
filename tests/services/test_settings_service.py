"""Settings: company identifiers are checked and compacted, then kept in the database."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.db.migrate import Database
from app.db.models import Setting
from app.services.settings import (
    COMPANY_KEY,
    CompanyProfile,
    Preferences,
    SettingsError,
    load_company,
    load_preferences,
    save_company,
    save_preferences,
)

VALID = CompanyProfile(
    name="Relance SARL",
    address_line1="12 rue de la Paix",
    postcode="75002",
    city="Paris",
    siret="73282932000074",
    vat_number="FR40303265045",
    iban="FR1420041010050500013M02606",
    bic="BNPAFRPPXXX",
    email="compta@relance.example",
)


def test_valid_identifiers_are_accepted() -> None:
    assert VALID.validated() == VALID


def test_identifiers_typed_with_spaces_are_compacted() -> None:
    typed = replace(
        VALID,
        siret=" 732 829 320 00074 ",
        vat_number="fr 40 303 265 045",
        iban="FR14 2004 1010 0505 0001 3M02 606",
        bic="bnpa frpp xxx",
        country="fr",
    )
    clean = typed.validated()
    assert clean.siret == "73282932000074"
    assert clean.vat_number == "FR40303265045"
    assert clean.iban == "FR1420041010050500013M02606"
    assert clean.bic == "BNPAFRPPXXX"
    assert clean.country == "FR"


def test_empty_identifiers_are_allowed() -> None:
    profile = CompanyProfile(name="Just starting").validated()
    assert (profile.siret, profile.vat_number, profile.iban, profile.bic) == ("", "", "", "")
    assert profile.country == "FR"


def test_every_invalid_identifier_is_listed_by_field() -> None:
    wrong = replace(
        VALID,
        siret="73282932000075",
        vat_number="FR41303265045",
        iban="FR1420041010050500013M02607",
        bic="BNPAFRP",
    )
    with pytest.raises(SettingsError) as refusal:
        wrong.validated()
    problems = refusal.value.problems
    assert set(problems) == {"siret", "vat_number", "iban", "bic"}
    assert "SIRET" in problems["siret"]
    assert "VAT" in problems["vat_number"]
    assert "IBAN" in problems["iban"]
    assert "BIC" in problems["bic"]
    for sentence in problems.values():
        assert sentence in str(refusal.value)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("siret", "7328293200007"),  # 13 digits
        ("siret", "ABCDEFGHIJKLMN"),
        ("vat_number", "FR4030326504"),
        ("iban", "FR14"),
        ("bic", "BNPA1RPPXXX"),  # digits where the country goes
    ],
)
def test_one_invalid_identifier_is_reported_alone(field: str, value: str) -> None:
    with pytest.raises(SettingsError) as refusal:
        replace(VALID, **{field: value}).validated()
    assert list(refusal.value.problems) == [field]


def test_company_profile_round_trips_through_the_database(db: Database) -> None:
    with db.session_factory.begin() as s:
        assert load_company(s) == CompanyProfile()
        saved = save_company(s, replace(VALID, iban="FR14 2004 1010 0505 0001 3M02 606"))
    assert saved.iban == "FR1420041010050500013M02606"
    with db.session_factory() as s:
        assert load_company(s) == saved == VALID


def test_saving_again_replaces_the_profile(db: Database) -> None:
    with db.session_factory.begin() as s:
        save_company(s, VALID)
    with db.session_factory.begin() as s:
        save_company(s, replace(VALID, city="Lyon"))
    with db.session_factory() as s:
        assert load_company(s).city == "Lyon"
        assert s.query(Setting).filter_by(key=COMPANY_KEY).count() == 1


def test_refused_profile_is_not_saved(db: Database) -> None:
    with db.session_factory.begin() as s:
        save_company(s, VALID)
    with db.session_factory.begin() as s, pytest.raises(SettingsError):
        save_company(s, replace(VALID, siret="123", city="Lyon"))
    with db.session_factory() as s:
        assert load_company(s) == VALID


def test_unknown_stored_keys_are_ignored_when_loading(db: Database) -> None:
    with db.session_factory.begin() as s:
        s.add(Setting(key=COMPANY_KEY, value={"name": "Old", "fax": "01 02 03 04 05"}))
    with db.session_factory() as s:
        assert load_company(s) == CompanyProfile(name="Old")


def test_preferences_round_trip_through_the_database(db: Database) -> None:
    with db.session_factory.begin() as s:
        assert load_preferences(s) == Preferences()
        save_preferences(s, Preferences(language="fr", currency="gbp"))
    with db.session_factory() as s:
        assert load_preferences(s) == Preferences(language="fr", currency="GBP")


def test_invalid_preferences_are_listed_by_field() -> None:
    with pytest.raises(SettingsError) as refusal:
        Preferences(language="xx", currency="EURO").validated()
    assert set(refusal.value.problems) == {"language", "currency"}
