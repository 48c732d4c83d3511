"""Generated labels keep the texts' French spacing ("Objet :", "IBAN :" with a no-break space),
amounts never break over two lines, and the return line above the window is never cut inside a
word or a town ("69001 L…"): it drops whole parts, the street before the town."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pdfplumber

from app.db.migrate import Database
from app.domain.calendar import Clock
from app.letters import story
from app.letters.content import Letter, Sender
from app.letters.geometry import MM
from app.letters.wording import money
from app.services import ledger
from app.services.dunning import propose
from app.services.letters import compose, draw, sender_of
from app.services.settings import CompanyProfile, load_company, save_company

AS_OF = date(2026, 10, 21)
DUE = date(2026, 10, 1)
LONG_COMPANY = CompanyProfile(
    name="Société Lyonnaise de Fournitures de Bureau",
    address_line1="ZA des Grandes Terres, bâtiment C",
    address_line2="145 avenue du Général Frère",
    postcode="69210",
    city="L’Arbresle",
    iban="FR7630006000011234567890189",
    bic="AGRIFRPPXXX",
    email="relances@example.fr",
    signatory_name="Claire Martin",
)


def _letter(db: Database) -> tuple[Letter, Sender, bytes]:
    clock = Clock.fixed(DUE - timedelta(days=30))
    with db.session_factory.begin() as session:
        save_company(session, LONG_COMPANY)
        customer = ledger.create_customer(
            session,
            clock,
            ref="411FAV",
            name="Garage Favre SARL",
            address_line1="2 rue Centrale",
            postcode="69001",
            city="Lyon",
        )
        ledger.add_invoice(
            session,
            clock,
            customer_id=customer.id,
            number="FA-1",
            issue_date=DUE - timedelta(days=30),
            due_date=DUE,
            amount_cents=110_000,
        )
    with db.session_factory.begin() as session:
        (item,) = propose(session, AS_OF).proposals
        letter = compose(session, item, AS_OF)
        return letter, sender_of(load_company(session)), draw(session, letter)


def _letter_text(db: Database) -> str:
    _unused, _sender, data = _letter(db)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join((page.extract_text() or "") for page in pdf.pages)


def test_french_labels_have_a_no_break_space_before_their_colon(db: Database) -> None:
    letter, sender, _data = _letter(db)
    texts = [getattr(f, "text", "") for f in story.build(sender, letter, 160 * MM)]
    table = story.payment_block(sender, letter, 160 * MM)[-1]
    texts.append(table._cellvalues[0][0].text)  # the bank details, beside the QR code
    markup = " ".join(texts)
    for name in ("Objet", "IBAN", "BIC"):
        assert f"{name}\u00a0: " in markup, name
        assert f"{name} : " not in markup and f"{name}: " not in markup, name


def test_the_return_line_drops_whole_parts_and_keeps_the_town(db: Database) -> None:
    text = _letter_text(db)
    line = next(row for row in text.splitlines() if "·" in row and "Société" in row)
    assert "…" not in line
    assert line.rstrip().endswith("69210 L’ARBRESLE") or line.rstrip().endswith(
        "69210 L’Arbresle"
    ), line


def test_letter_amounts_hold_together() -> None:
    assert "\u202f" not in money(110_000, "EUR", "fr")  # ReportLab breaks at U+202F
    assert money(110_000, "EUR", "fr") == "1\u00a0100,00\u00a0€"
