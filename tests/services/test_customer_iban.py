"""A customer's IBAN typed by hand: checked as the import checks it, kept compact, read by four."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from stdnum import iban as stdnum_iban

from app import i18n
from app.db.migrate import Database
from app.db.models import Customer, HistoryEvent
from app.domain.calendar import Clock
from app.domain.identifiers import IdentifierError, format_iban, iban_number
from app.services import ledger_entry
from app.services.customer_file import customer_header
from app.services.ledger import LedgerError
from app.services.ledger_entry import CustomerFields

GOOD = "FR7630006000011234567890189"  # the usual test account, not a real one


def test_test_accounts_used_here_have_computed_check_digits() -> None:
    assert stdnum_iban.calc_check_digits("FR0030006000011234567890189") == GOOD[2:4]
    assert stdnum_iban.calc_check_digits("FR003000600001123456789018") == "13"


@pytest.mark.parametrize(
    "typed",
    [
        "FR76 3000 6000 0112 3456 7890 189",
        " fr7630006000011234567890189 ",
        "FR76\u00a03000\u00a06000\u00a00112\u00a03456\u00a07890\u00a0189",  # copied from a PDF
        "FR76-3000-6000-0112-3456-7890-189",
    ],
)
def test_an_iban_is_kept_compact_whatever_the_spacing(typed: str) -> None:
    assert iban_number(typed) == GOOD


def test_an_iban_reads_in_groups_of_four() -> None:
    assert format_iban(GOOD) == "FR76 3000 6000 0112 3456 7890 189"
    assert format_iban("DE89370400440532013000") == "DE89 3704 0044 0532 0130 00"
    assert format_iban("") == ""


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("FR7630006000011234567890188", "check digits do not match"),  # one digit wrong
        ("FR763000600001123456789018", "check digits do not match"),  # one digit missing
        ("FR133000600001123456789018", "does not fit its country"),  # right checksum, 26 chars
        ("BE68539007547034", "does not fit its country"),  # right checksums, unknown bank
    ],
)
def test_a_wrong_iban_is_refused_with_a_sentence(typed: str, reason: str) -> None:
    with pytest.raises(IdentifierError, match=reason):
        iban_number(typed)


def test_a_customer_typed_with_an_iban_stores_it_compact_and_the_file_shows_it(
    db: Database, clock: Clock
) -> None:
    typed = CustomerFields("411NEW", "Nouvelle SARL", iban="fr76 3000 6000 0112 3456 7890 189")
    with db.session_factory.begin() as s:
        customer_id = ledger_entry.add_customer(s, clock, typed).id
    with db.session_factory() as s:
        assert s.get_one(Customer, customer_id).iban == GOOD
        assert customer_header(s, customer_id, clock.today()).iban == GOOD


def test_an_iban_typed_again_with_spaces_is_no_correction(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        customer_id = ledger_entry.add_customer(s, clock, CustomerFields("411A", "A")).id
    with db.session_factory.begin() as s:
        ledger_entry.update_customer(
            s, clock, customer_id, CustomerFields("411A", "A", iban=format_iban(GOOD))
        )
    with db.session_factory.begin() as s:  # the form shows it grouped: saving it changes nothing
        ledger_entry.update_customer(
            s, clock, customer_id, CustomerFields("411A", "A", iban=format_iban(GOOD))
        )
    with db.session_factory() as s:
        assert s.get_one(Customer, customer_id).iban == GOOD
        payloads = [e.payload for e in s.scalars(select(HistoryEvent))]
        assert payloads.count({"fields": ["iban"]}) == 1


def test_an_iban_left_empty_is_stored_as_none(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        customer = ledger_entry.add_customer(s, clock, CustomerFields("411A", "A", iban="  "))
        assert customer.iban is None


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "The IBAN is not valid (check digits do not match)."),
        ("fr", "L’IBAN n’est pas valide (la clé de contrôle ne correspond pas)."),
    ],
)
def test_a_customer_with_a_wrong_iban_is_refused_in_the_users_language(
    db: Database, clock: Clock, language: str, sentence: str
) -> None:
    i18n.set_language(language)
    typed = CustomerFields("411BAD", "Mauvais IBAN", iban="FR76 3000 6000 0112 3456 7890 188")
    with pytest.raises(LedgerError) as refused, db.session_factory.begin() as s:
        ledger_entry.add_customer(s, clock, typed)
    assert str(refused.value) == sentence
    with db.session_factory() as s:
        assert s.scalars(select(Customer)).all() == []


def test_the_format_sentence_is_french_too() -> None:
    i18n.set_language("fr")
    with pytest.raises(IdentifierError) as refused:
        iban_number("BE68539007547034")
    assert str(refused.value) == (
        "L’IBAN n’est pas valide\u00a0: sa longueur ou son numéro de compte ne correspond pas "
        "à son pays."
    )
