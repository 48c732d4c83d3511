"""The words around a letter's text: dates, greetings, closings, how it is posted, and wording
that agrees with the number of invoices (issue 16, items 13–15)."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.civility import CivilityError, civility_code, split_name, surname
from app.letters.content import Letter
from app.letters.legal import registered_mention
from app.letters.texts import LetterText, TemplateError, check, fill
from app.letters.wording import NBSP, closing, label, long_date, salutation


def test_the_first_of_the_month_is_an_ordinal_in_french_only() -> None:
    assert long_date(date(2026, 10, 1), "fr") == f"1er{NBSP}octobre{NBSP}2026"
    assert long_date(date(2026, 10, 11), "fr") == f"11{NBSP}octobre{NBSP}2026"
    assert long_date(date(2026, 10, 1), "en") == f"1{NBSP}October{NBSP}2026"


@pytest.mark.parametrize(
    ("language", "name", "civility", "greeting"),
    [
        ("fr", "Virginie Guérin", "mme", "Madame,"),
        ("fr", "Paul Martin", "m", "Monsieur,"),
        ("fr", "Camille Roux", "mx", "Madame, Monsieur,"),
        ("fr", "Camille Roux", "", "Madame, Monsieur,"),
        ("en", "Claire Favre", "mme", "Dear Ms Favre,"),
        ("en", "John Smith", "m", "Dear Mr Smith,"),
        ("en", "Sam Jones", "mx", "Dear Mx Jones,"),
        ("en", "Sam Jones", "", "Dear Sam Jones,"),
        ("en", "", "", "Dear Sir or Madam,"),
    ],
)
def test_the_greeting_follows_the_civility_when_it_is_known(
    language: str, name: str, civility: str, greeting: str
) -> None:
    assert salutation(language, name, civility) == greeting


def test_the_french_closing_repeats_the_greeting() -> None:
    assert "agréer, Madame, l’expression" in closing("fr", "Virginie Guérin", False, "mme")
    assert "agréer, Madame, Monsieur, l’expression" in closing("fr", "", True)
    assert closing("en", "Claire Favre", False, "mme") == "Yours sincerely,"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("M.", "m"),
        ("Monsieur", "m"),
        ("Mr", "m"),
        ("Mme", "mme"),
        ("Madame", "mme"),
        ("Mrs", "mme"),
        ("Ms.", "mme"),
        ("Mlle", "mme"),
        ("Mx", "mx"),
        ("", ""),
    ],
)
def test_a_typed_civility_is_read(typed: str, code: str) -> None:
    assert civility_code(typed) == code


def test_an_unknown_civility_is_refused_not_guessed() -> None:
    with pytest.raises(CivilityError):
        civility_code("Dr")


def test_a_name_that_starts_with_its_civility_is_split() -> None:
    assert split_name("Mme Virginie Guérin") == ("mme", "Virginie Guérin")
    assert split_name("M. Paul Martin") == ("m", "Paul Martin")
    assert split_name("Marc Dupont") == ("", "Marc Dupont")
    assert surname("Jean de La Fontaine") == "de La Fontaine"
    assert surname("Virginie GUÉRIN") == "GUÉRIN"


def _letter(language: str, posted_from: str, to: str) -> Letter:
    return Letter(
        language, "formal_notice", ("X",), "411", date(2026, 10, 1), "", "", (), "", "EUR",
        registered=True, recipient_country=to, posted_from=posted_from,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("language", "posted_from", "to", "mention"),
    [
        ("en", "GB", "GB", "Recorded Delivery"),
        ("fr", "GB", "GB", "Lettre recommandée (Recorded Delivery)"),
        ("en", "GB", "FR", "International registered letter with advice of delivery"),
        ("fr", "FR", "GB", "Lettre recommandée internationale avec avis de réception"),
        ("fr", "FR", "FR", "Lettre recommandée avec accusé de réception"),
        ("en", "FR", "FR", "Registered letter with acknowledgement of receipt"),
        ("fr", "FR", "MC", "Lettre recommandée avec accusé de réception"),
    ],
)
def test_recorded_delivery_is_only_for_a_british_recipient_of_a_british_sender(
    language: str, posted_from: str, to: str, mention: str
) -> None:
    assert registered_mention(_letter(language, posted_from, to)) == mention


def test_generated_labels_put_a_no_break_space_before_the_colon_in_french() -> None:
    assert label("subject", "fr") == f"Objet{NBSP}: "
    assert label("iban", "en") == "IBAN: "


def test_a_text_chooses_its_words_by_the_number_of_invoices() -> None:
    text = LetterText(
        "friendly",
        "fr",
        "Rappel : {invoice_count:facture échue|factures échues}",
        "{invoice_count:la facture de {total_due} était payable|les factures étaient payables}.",
    )
    check(text)
    assert fill(text, {"invoice_count": "1", "total_due": "10 €"}) == (
        "Rappel : facture échue",
        ["la facture de 10 € était payable."],
    )
    assert fill(text, {"invoice_count": "2"})[1] == ["les factures étaient payables."]


@pytest.mark.parametrize(
    "body", ["{total_due:a|b}", "{invoice_count:a}", "{invoice_count:a|{unknown}}"]
)
def test_a_choice_is_only_for_a_number_and_between_two_wordings(body: str) -> None:
    with pytest.raises(TemplateError):
        check(LetterText("friendly", "fr", "Objet", body))
