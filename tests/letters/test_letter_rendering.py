"""A letter read back as its reader sees it: names as written, amounts, long tables, pages."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, timedelta

import pdfplumber
from letter_samples import SENDER, letter

from app.letters.content import InvoiceLine, Letter
from app.letters.render import LetterRenderer


def render(*letters: Letter, duplex: bool = False) -> tuple[bytes, list[tuple[int, int]]]:
    buffer = io.BytesIO()
    placed = LetterRenderer(SENDER, "fr").render(list(letters), buffer, duplex_blanks=duplex)
    return buffer.getvalue(), [(p.first_page, p.last_page) for p in placed]


def pages_text(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def many_invoices(count: int) -> Letter:
    base = letter(["Hôtel de la Part-Dieu SARL", "129 rue Servient", "69003 LYON"])
    lines = tuple(
        InvoiceLine(
            f"FA-2026-{n:04d}",
            date(2026, 6, 1) + timedelta(days=n),
            date(2026, 7, 1) + timedelta(days=n),
            10_000 + n * 137,
            0,
            10_000 + n * 137,
            145 - n,
        )
        for n in range(count)
    )
    return replace(base, invoices=lines, total_cents=sum(i.due_cents for i in lines))


def test_user_data_prints_as_written_and_the_font_is_embedded() -> None:
    named = letter(["Dupont & Fils <SARL>", "3 rue des Lilas", "69003 LYON"])
    named = replace(named, paragraphs=("Merci de régler 1 200,00 € à Dupont & Fils <SARL>.",))
    data, _placed = render(named)
    text = pages_text(data)[0]
    assert "Dupont & Fils <SARL>" in text
    assert "1\u202f200,00\u00a0€" in text or "1 200,00 €" in text.replace("\u202f", " ").replace(
        "\u00a0", " "
    )
    assert b"FontFile2" in data  # the TrueType font travels with the letter
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        fonts = {c["fontname"] for c in pdf.pages[0].chars}
    assert fonts and all("DejaVuSans" in f for f in fonts)  # embedded subsets, no Helvetica


def test_a_forty_invoice_table_goes_on_over_pages_with_its_header() -> None:
    data, placed = render(many_invoices(40))
    pages = pages_text(data)
    assert placed == [(1, len(pages))] and len(pages) >= 2
    numbers = re.findall(r"FA-2026-\d{4}", "\n".join(pages))
    assert sorted(numbers) == [f"FA-2026-{n:04d}" for n in range(40)]
    for page in pages:
        if re.search(r"FA-2026-\d{4}", page):
            assert "Facture Date Échéance Montant Réglé Reste dû Retard" in page
        assert re.search(rf"Page \d+/{len(pages)}", page)
    assert [re.search(r"Page (\d+)/", p).group(1) for p in pages] == [  # type: ignore[union-attr]
        str(n) for n in range(1, len(pages) + 1)
    ]
    total = sum(10_000 + n * 137 for n in range(40))
    euros = f"{total // 100:,}".replace(",", "\u202f") + f",{total % 100:02d}"
    assert euros in pages[-1] or euros.replace("\u202f", " ") in pages[-1]


def test_each_letter_of_a_batch_starts_on_a_front_page_for_duplex() -> None:
    short = letter(["Boulangerie du Parc", "1 place du Parc", "69006 LYON"])
    data, placed = render(short, many_invoices(40), short, duplex=True)
    assert [first % 2 for first, _last in placed] == [1, 1, 1]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) % 2 == 0
        assert (pdf.pages[1].extract_text() or "") == ""  # the blank back of the first letter
