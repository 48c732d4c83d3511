"""Every layout, with a plain letterhead and with the fullest one the settings accept: nothing
overprints anything, only the recipient shows through the window, no text within 8 mm of the
paper's edge; DIN layouts put the address in the Anschriftzone and print the punch mark."""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import replace
from itertools import combinations
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from letter_samples import RECIPIENTS, SENDER, letter
from PIL import Image, ImageDraw

from app.letters.address import recipient_lines
from app.letters.content import Letter, Sender
from app.letters.geometry import LAYOUTS, MM, PAPERS, SAFE_MM
from app.letters.render import LetterRenderer
from app.services.settings import MAX_LENGTHS, CompanyProfile, SettingsError

Box = dict[str, Any]


def longest(field: str, words: str) -> str:
    """`words` repeated up to exactly the longest value the settings accept for `field`."""
    count = MAX_LENGTHS[field]
    value = " ".join([words] * (count // len(words) + 1))[:count]
    return value[:-1] + "x" if value.endswith(" ") else value


@pytest.fixture(scope="module")
def fullest(tmp_path_factory: pytest.TempPathFactory) -> Sender:
    """A logo, two address lines and every field at its longest."""
    logo = tmp_path_factory.mktemp("logo") / "logo.png"
    image = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(image).ellipse((10, 10, 190, 190), fill="teal")
    image.save(logo)
    town = f"{longest('postcode', '69007')} {longest('city', 'Lyon Cedex')}"
    profile = CompanyProfile(
        name=longest("name", "Société Lyonnaise des Fournitures"),
        address_line1=longest("address_line1", "Parc d’activités de la Vallée"),
        address_line2=longest("address_line2", "Bâtiment C, 145 avenue"),
        postcode=longest("postcode", "69007"),
        city=longest("city", "Lyon Cedex"),
        phone=longest("phone", "+33 4 78 00 00 00"),
        email=longest("email", "service.recouvrement.clients@bureautique-lyonnaise.fr"),
    ).validated()
    return replace(
        SENDER,
        name=profile.name,
        address_lines=(profile.address_line1, profile.address_line2, town),
        phone=profile.phone,
        email=profile.email,
        logo_path=str(logo),
    )


def render(sender: Sender, layout: str, *letters: Letter) -> bytes:
    buffer = io.BytesIO()
    LetterRenderer(sender, layout).render(list(letters), buffer)
    return buffer.getvalue()


def kinds() -> dict[str, Letter]:
    lines = recipient_lines(RECIPIENTS["cedex"], "FR", "fr")
    friendly = letter(lines)
    notice = letter(lines, registered=True)
    return {
        "friendly": friendly,
        "formal-notice": notice,
        "formal-notice-en": replace(notice, language="en", closing="Yours faithfully,"),
    }


def overlaps(a: Box, b: Box, slack: float = 0.3) -> bool:
    """Whether two boxes share more than a hair (glyphs of one word touch, kerned)."""
    across = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    down = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return bool(across > slack and down > slack)


def overprinted(chars: list[Box]) -> list[tuple[str, str]]:
    """Pairs of glyphs drawn over each other, found through a grid of 20-point cells."""
    cells: dict[tuple[int, int], list[Box]] = defaultdict(list)
    for char in chars:
        for x in range(int(char["x0"] // 20), int(char["x1"] // 20) + 1):
            for y in range(int(char["top"] // 20), int(char["bottom"] // 20) + 1):
                cells[(x, y)].append(char)
    found = set()
    for cell in cells.values():
        for a, b in combinations(cell, 2):
            if overlaps(a, b):
                found.add((a["text"] + f"@{a['x0']:.0f},{a['top']:.0f}", b["text"]))
    return sorted(found)


def glyphs(page: Any) -> list[Box]:
    return [c for c in page.chars if c["text"].strip()]


@pytest.mark.parametrize("kind", sorted(kinds()))
@pytest.mark.parametrize("head", ["plain", "fullest"])
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_first_page_blocks_keep_to_their_zones(
    layout: str, head: str, kind: str, fullest: Sender
) -> None:
    sender = fullest if head == "fullest" else SENDER
    assert_in_zones(sender, layout, LAYOUTS[layout].paper, kinds()[kind])


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_the_zones_hold_on_the_other_paper(layout: str, fullest: Sender) -> None:
    other = "LETTER" if LAYOUTS[layout].paper == "A4" else "A4"
    assert_in_zones(fullest, layout, other, kinds()["formal-notice"])


def assert_in_zones(sender: Sender, layout: str, paper_key: str, shown: Letter) -> None:
    """No glyph over another or over the logo, none within 8 mm of an edge, and in the window
    only the recipient (below the top band) and the return line (at the band's bottom)."""
    window, paper = LAYOUTS[layout], PAPERS[paper_key]
    buffer = io.BytesIO()
    LetterRenderer(sender, layout, paper_key).render([shown], buffer)
    with pdfplumber.open(io.BytesIO(buffer.getvalue())) as pdf:
        for page in pdf.pages:
            chars = glyphs(page)
            assert not overprinted(chars), (layout, paper_key, overprinted(chars)[:5])
            safe = SAFE_MM * MM
            for char in chars:  # printers cannot print nearer the edge
                assert safe <= char["x0"] and char["x1"] <= paper.width_mm * MM - safe, char
                assert safe <= char["top"] and char["bottom"] <= paper.height_mm * MM - safe, char
            for image in page.images:
                assert not [c for c in chars if overlaps(c, image)], (layout, "logo")
        first = pdf.pages[0]
        if sender.logo_path:
            assert first.images, "the logo is printed"
        else:  # a usual return line shrinks to show whole, even in a narrow window
            assert " · ".join((sender.name, *sender.address_lines)) in first.extract_text()
        left, right = window.left_mm * MM, window.right_mm * MM
        top, bottom = window.top_mm * MM, window.bottom_mm * MM
        band = (window.top_mm + window.notes_mm + 1) * MM
        recipient = " ".join(shown.recipient).split()
        for word in first.extract_words(extra_attrs=["size"]):
            if not overlaps(word, {"x0": left, "x1": right, "top": top, "bottom": bottom}, 0):
                continue
            # in the window: the recipient, or the return line in the field's top band
            assert left <= word["x0"] and word["x1"] <= right, word
            assert top <= word["top"] and word["bottom"] <= bottom, word
            if word["size"] > 7:
                assert word["text"] in recipient, (layout, word["text"])
                assert word["top"] > top + window.notes_mm * MM, word
            else:
                assert word["bottom"] < band, word


@pytest.mark.parametrize("layout", ["din_a", "din_b"])
def test_din_layouts_address_on_the_25_mm_line_and_punch_and_fold_marks(layout: str) -> None:
    window = LAYOUTS[layout]
    shown = kinds()["friendly"]
    with pdfplumber.open(io.BytesIO(render(SENDER, layout, shown))) as pdf:
        page = pdf.pages[0]
        first_line = [w for w in page.extract_words() if w["text"] == shown.recipient[0].split()[0]]
        address = min(first_line, key=lambda w: w["top"])
        assert address["x0"] == pytest.approx(25 * MM, abs=0.5)
        anschriftzone = (window.top_mm + 17.7) * MM
        assert anschriftzone < address["top"] < anschriftzone + 4 * MM
        marks = sorted(round(line["top"] / MM, 1) for line in page.lines if line["x1"] < 12 * MM)
    assert marks == sorted([*window.folds_mm, 148.5])
    assert LAYOUTS["din_a"].folds_mm == (87, 192) and LAYOUTS["din_b"].folds_mm == (105, 210)


def test_the_settings_refuse_what_the_letters_are_not_laid_out_for() -> None:
    CompanyProfile(name="N" * MAX_LENGTHS["name"], email="e" * MAX_LENGTHS["email"]).validated()
    with pytest.raises(SettingsError) as refused:
        CompanyProfile(name="N" * (MAX_LENGTHS["name"] + 1), city="C" * 33).validated()
    assert set(refused.value.problems) == {"name", "city"}


def test_the_fullest_letterhead_is_what_the_settings_accept(fullest: Sender) -> None:
    assert len(fullest.name) == MAX_LENGTHS["name"]
    assert [len(line) for line in fullest.address_lines[:2]] == [38, 38]
    assert len(fullest.email) == MAX_LENGTHS["email"] and Path(fullest.logo_path).is_file()
