"""The slip of registered letters, drawn and read back: every letter on its row, the header on
every page, the total per currency to the cent, in the user's language."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pdfplumber
from letter_samples import SENDER, letter

from app import i18n
from app.letters.content import SlipLine
from app.letters.geometry import A4, LETTER
from app.letters.slip import render_slip, totals

DAY = date(2026, 11, 23)


def lines_of(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [
            (page.extract_text() or "").replace("\u202f", " ").replace("\u00a0", " ")
            for page in pdf.pages
        ]


def line(n: int, cents: int, **fields: object) -> SlipLine:
    recipient = (f"Client {n:02d} SARL", f"{n} rue de la Paix", "75002 PARIS")
    return SlipLine(recipient, f"411C{n:02d}", f"411C{n:02d}-20261123", "EUR", cents, **fields)  # type: ignore[arg-type]


def test_a_slip_line_claims_what_its_letter_asks_to_be_paid() -> None:
    notice = replace(
        letter(["Dupont SA", "1 rue Neuve", "69001 LYON"], registered=True),
        interest_cents=1_234,
        fixed_cents=4_000,
    )
    assert SlipLine.of(notice).amount_cents == 120_000 + 1_234 + 4_000
    abroad = replace(notice, currency="USD", fixed_currency="EUR")  # the law's own money
    entry = SlipLine.of(abroad)
    assert (entry.amount_cents, entry.apart_cents, entry.apart_currency) == (121_234, 4_000, "EUR")
    assert totals([entry, SlipLine.of(notice)]) == {"USD": 121_234, "EUR": 4_000 + 125_234}


def test_a_long_name_spread_over_two_lines_is_known_as_the_name() -> None:
    block = ("Société Coopérative Agricole des", "Producteurs du Beaujolais", "69422 LYON")
    long = SlipLine(
        block,
        "411COOP",
        "",
        "EUR",
        1,
        name="Société Coopérative Agricole des  Producteurs du Beaujolais",
    )
    assert long.name_lines() == 2
    assert replace(long, name="Société Coopérative").name_lines() == 1
    assert replace(long, name="").name_lines() == 1


def test_a_long_slip_goes_on_over_pages_with_its_header_and_a_total_to_the_cent() -> None:
    i18n.set_language("en")
    entries = [line(n, 100_000 + n) for n in range(1, 31)]
    data = render_slip(SENDER, entries, day=DAY, batch="20261123-abcd1234", paper=A4)
    pages = lines_of(data)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert "Registration number" in text and "Recipient, as on the envelope" in text
        assert f"page {number} of {len(pages)}" in text
    everything = "\n".join(pages)
    for n in range(1, 31):
        assert f"Client {n:02d} SARL" in everything and f"411C{n:02d}-20261123" in everything
        assert f"€1,000.{n:02d}" in everything
    total = sum(e.amount_cents for e in entries)
    assert f"Total, 30 letters €{total // 100:,}.{total % 100:02d}" in everything
    assert "Bureautique Lyonnaise" in pages[0] and "23 November 2026" in pages[0]


def test_the_slip_speaks_french_to_a_french_user_and_fits_us_letter() -> None:
    i18n.set_language("fr")
    entries = [line(1, 123_456), line(2, 50, apart_cents=4_000, apart_currency="GBP")]
    data = render_slip(SENDER, entries, day=DAY, batch="b", paper=LETTER)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert (round(pdf.pages[0].width), round(pdf.pages[0].height)) == (612, 792)
    (text,) = lines_of(data)
    assert "Lettres recommandées avec accusé de réception" in text
    assert "N° de recommandé" in text and "AR signé le" in text
    assert "1 234,56 €" in text and "0,50 €" in text and "+ 40,00 £GB" in text
    assert "Total, 2 lettres" in text and "1 235,06 €" in text and "40,00 £GB" in text
    assert "23 novembre 2026" in text and "page 1 sur 1" in text
