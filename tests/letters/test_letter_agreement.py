"""A reminder as printed agrees with its facts: one invoice is "la facture … était payable", the
greeting follows the contact's civility, dates read "1er octobre" (issue 16, items 14–15)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pdfplumber
import pytest

from app.db.migrate import Database
from app.db.models import Contact
from app.domain.calendar import Clock
from app.services import ledger
from app.services.dunning import propose
from app.services.letters import compose, draw

AS_OF = date(2026, 10, 21)
DUE = date(2026, 10, 1)


def _reminder_text(
    db: Database,
    *,
    kind: str = "business",
    name: str = "Garage Favre SARL",
    language: str = "fr",
    invoices: int = 1,
    contact: tuple[str, str | None] | None = None,
    civility: str | None = None,
) -> str:
    clock = Clock.fixed(DUE - timedelta(days=30))
    with db.session_factory.begin() as session:
        customer = ledger.create_customer(
            session,
            clock,
            ref="411FAV",
            name=name,
            kind=kind,
            civility=civility,
            language=language,
            address_line1="2 rue Centrale",
            postcode="69210",
            city="L’Arbresle",
        )
        if contact is not None:
            session.add(
                Contact(
                    customer_id=customer.id, name=contact[0], civility=contact[1], is_primary=True
                )
            )
        for n in range(1, invoices + 1):
            ledger.add_invoice(
                session,
                clock,
                customer_id=customer.id,
                number=f"FA-{n}",
                issue_date=DUE - timedelta(days=30),
                due_date=DUE,
                amount_cents=10_000 * n,
                currency="EUR",
            )
    with db.session_factory.begin() as session:
        (item,) = propose(session, AS_OF).proposals
        data = draw(session, compose(session, item, AS_OF))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return " ".join((page.extract_text() or "") for page in pdf.pages).replace("\xa0", " ")


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_one_invoice_is_reminded_in_the_singular_with_the_first_as_an_ordinal(
    db: Database,
) -> None:
    text = _flat(_reminder_text(db, invoices=1))
    assert "la facture détaillée ci-dessous" in text
    assert "qui était payable le 1er octobre 2026" in text
    assert "les factures" not in text and "dont la plus ancienne" not in text


def test_two_invoices_are_reminded_in_the_plural(db: Database) -> None:
    text = _flat(_reminder_text(db, invoices=2))
    assert "des factures détaillées ci-dessous" in text
    assert "dont la plus ancienne était payable le 1er octobre 2026" in text


def test_a_french_letter_greets_the_contact_as_madame_and_closes_the_same(db: Database) -> None:
    text = _flat(_reminder_text(db, contact=("Agnès Martin", "mme")))
    assert text.split("Sauf erreur")[0].endswith(" Madame, ")
    assert "Madame, Monsieur" not in text
    assert "agréer, Madame, l’expression" in text
    assert "À l’attention de Mme Agnès Martin" in text


def test_a_contact_without_civility_keeps_madame_monsieur_and_elides(db: Database) -> None:
    text = _flat(_reminder_text(db, contact=("Agnès Martin", None)))
    assert "Madame, Monsieur," in text
    assert "À l’attention d’Agnès Martin" in text


def test_an_individual_is_greeted_by_the_civility_their_name_starts_with(db: Database) -> None:
    text = _flat(_reminder_text(db, kind="individual", name="Mme Virginie Guérin"))
    assert "Mme Virginie Guérin" in text
    assert "Madame, Monsieur" not in text
    assert "agréer, Madame, l’expression" in text


@pytest.mark.parametrize(
    ("civility", "greeting"), [("mme", "Dear Ms Favre,"), ("m", "Dear Mr Favre,")]
)
def test_an_english_letter_greets_by_title_and_surname(
    db: Database, civility: str, greeting: str
) -> None:
    text = _flat(_reminder_text(db, language="en", contact=("Claire Favre", civility)))
    assert greeting in text
    assert "Yours sincerely," in text


def test_an_individual_with_a_civility_field_gets_it_before_the_name(db: Database) -> None:
    text = _flat(_reminder_text(db, kind="individual", name="Paul Martin", civility="m"))
    assert "M. Paul Martin" in text
    assert "Monsieur," in text and "Madame, Monsieur" not in text
