"""No page of a letter holds only its closing and signature: they keep the last rows company."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta

import pdfplumber
import pytest
from letter_samples import SENDER, letter

from app.letters.content import InvoiceLine, Letter, Sender
from app.letters.geometry import LAYOUTS, MM, SAFE_MM
from app.letters.render import LetterRenderer, legal_footer

SIGNED = replace(SENDER, signatory_name="Claire Martin", signatory_title="Responsable du crédit")


def with_invoices(count: int, *, registered: bool = False) -> Letter:
    base = letter(
        ["Hôtel de la Part-Dieu SARL", "129 rue Servient", "69003 LYON"], registered=registered
    )
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


def lonely_endings(sender: Sender, layout: str, letters: list[Letter]) -> tuple[list[str], int]:
    """The letters (by invoice count) whose last page's only text, past the page's furniture,
    is the closing and signature (it is the last thing a letter prints); and how many letters
    went on over pages."""
    buffer = io.BytesIO()
    placed = LetterRenderer(sender, layout).render(letters, buffer)
    ending = {letters[0].closing, sender.signatory_name, sender.signatory_title}
    furniture = set(legal_footer(sender, "fr"))
    found: list[str] = []
    continued = 0
    with pdfplumber.open(io.BytesIO(buffer.getvalue())) as pdf:
        for shown, where in zip(letters, placed, strict=True):
            if where.last_page > where.first_page:
                continued += 1
                number = where.last_page
                page = pdf.pages[number - 1]
                text = page.extract_text() or ""
                safe = SAFE_MM * MM  # continuation pages keep clear of the edges too
                for c in page.chars:
                    assert safe <= c["x0"] and c["x1"] <= page.width - safe, c
                    assert safe <= c["top"] and c["bottom"] <= page.height - safe, c
                body = [
                    line
                    for line in text.splitlines()
                    if line not in furniture
                    and "suite" not in line
                    and not line.startswith("Page ")
                ]
                assert body, "a page without text"
                if "Total restant dû" in text and "Facture" in text:  # the table goes on here
                    assert text.count("FA-2026-") >= 2, "a total without the last rows"
                if set(body) <= ending:
                    found.append(
                        f"{len(shown.invoices)} invoices, page {number - where.first_page + 1}"
                    )
    return found, continued


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_no_page_holds_only_the_closing_and_signature(layout: str) -> None:
    # from a table that just fits the first page to one that fills a second: the closing falls
    # alone on the last page for several of these counts unless rows move over
    letters = [with_invoices(n, registered=n % 2 == 0) for n in range(10, 42)]
    found, continued = lonely_endings(SIGNED, layout, letters)
    assert continued > 20
    assert found == []


def test_a_paragraph_cut_over_two_pages_leaves_two_lines_on_each() -> None:
    sentence = "Nous vous remercions de bien vouloir régler les sommes dues dans les délais. "
    carried = []
    for repeat in range(36, 56):
        shown = replace(
            letter(["Hôtel de la Part-Dieu SARL", "129 rue Servient", "69003 LYON"]),
            paragraphs=("Premier paragraphe.", sentence * repeat, "Dernier paragraphe."),
            invoices=(),
        )
        buffer = io.BytesIO()
        LetterRenderer(SIGNED, "fr").render([shown], buffer)
        with pdfplumber.open(io.BytesIO(buffer.getvalue())) as pdf:
            second = (pdf.pages[1].extract_text() or "").splitlines() if len(pdf.pages) > 1 else []
        if "Dernier paragraphe." in second:
            carried.append(second.index("Dernier paragraphe.") - 1)  # below the page's header
    assert any(lines > 0 for lines in carried)  # the paragraph was cut, at least once
    assert 1 not in carried  # never its last line alone at the top of a page


def test_a_long_list_of_invoices_listed_apart_goes_on_over_pages() -> None:
    apart = with_invoices(70).invoices
    shown = replace(with_invoices(5, registered=True), also_due=apart)
    buffer = io.BytesIO()
    placed = LetterRenderer(SIGNED, "fr").render([shown], buffer)
    assert placed[0].last_page >= 3
    with pdfplumber.open(io.BytesIO(buffer.getvalue())) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert all(line.number in text for line in apart)
    assert text.count("Autres factures échues") == 1
