"""Every envelope layout: the recipient lies inside the window field, and nothing else does."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from letter_samples import RECIPIENTS, SENDER, letter

from app.letters.address import recipient_lines
from app.letters.geometry import LAYOUTS, MM, PAPERS
from app.letters.render import LetterRenderer


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("who", sorted(RECIPIENTS))
def test_only_the_recipient_and_return_line_show_through_the_window(layout: str, who: str) -> None:
    window = LAYOUTS[layout]
    lines = recipient_lines(RECIPIENTS[who], "FR", "fr")
    buffer = io.BytesIO()
    LetterRenderer(SENDER, layout).render([letter(lines, registered=True)], buffer)
    with pdfplumber.open(io.BytesIO(buffer.getvalue())) as pdf:
        page = pdf.pages[0]
        paper = PAPERS[window.paper]
        assert (round(page.width), round(page.height)) == (
            round(paper.width_mm * MM),
            round(paper.height_mm * MM),
        )
        left, right = window.left_mm * MM, window.right_mm * MM
        top, bottom = window.top_mm * MM, window.bottom_mm * MM
        words = page.extract_words(extra_attrs=["size"])
        inside = [
            w
            for w in words
            if w["x1"] > left and w["x0"] < right and w["bottom"] > top and w["top"] < bottom
        ]
        recipient_words = [w for w in words if w["size"] > 7 and w in inside]
        printed = " ".join(w["text"] for w in recipient_words)
        for line in lines:
            for word in line.split():
                assert word in printed, (word, layout)
        # every word of the block lies wholly inside the field
        for word in recipient_words:
            assert left <= word["x0"] and word["x1"] <= right, word
            assert top <= word["top"] and word["bottom"] <= bottom, word
        # and nothing else is in it but the small return line, at the bottom of the top band
        block = " ".join(lines).split()
        for word in inside:
            if word["size"] > 7:
                assert word["text"] in block, (word["text"], layout)
            else:
                assert word["bottom"] < top + (window.notes_mm + 1) * MM, word


def test_the_window_fields_are_where_the_standards_put_them() -> None:
    fr = LAYOUTS["fr"]
    assert (fr.width_mm, fr.height_mm, fr.top_mm, 210 - fr.right_mm) == (100, 45, 35, 10)
    din_a, din_b = LAYOUTS["din_a"], LAYOUTS["din_b"]
    assert (din_a.left_mm, din_a.top_mm, din_a.width_mm, din_a.height_mm) == (20, 27, 85, 45)
    assert (din_b.left_mm, din_b.top_mm) == (20, 45)
    assert LAYOUTS["us10"].paper == "LETTER"
