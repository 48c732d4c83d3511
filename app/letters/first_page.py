"""The first page's blocks around the envelope window, each in its own zone, measured.

The letterhead (logo, company name, address and contact), and the place and date, the
customer's reference and the registered mention, are laid out before anything is drawn: each
block starts below the one above it, and the letter's text starts below them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.letters import story
from app.letters.content import Letter, Sender
from app.letters.fonts import BOLD, REGULAR
from app.letters.geometry import GAP_MM, MM, RIGHT_MARGIN_MM, TOP_MM, Paper, Window
from app.letters.legal import registered_mention
from app.letters.textblock import Block, Text, fitted, lay_out
from app.letters.wording import label

LOGO_HEIGHT_MM = 14
LOGO_WIDTH_MM = 60  # a wide logo beside the name is scaled down to this
BODY_TOP_MM = 80  # the letter's text starts no higher, whatever the layout


@dataclass(frozen=True)
class Logo:
    path: str
    left: float  # PDF points, origin bottom-left
    bottom: float
    width: float
    height: float


@dataclass(frozen=True)
class Placed:
    block: Block
    left: float
    top: float  # PDF points, origin bottom-left


@dataclass(frozen=True)
class FirstPage:
    blocks: tuple[Placed, ...]
    logo: Logo | None
    body_top: float  # where the letter's text starts, PDF points

    def draw(self, canvas: Canvas) -> None:
        if self.logo is not None:
            logo = self.logo
            canvas.drawImage(
                logo.path, logo.left, logo.bottom, logo.width, logo.height, mask="auto"
            )
        for placed in self.blocks:
            placed.block.draw(canvas, placed.left, placed.top)


def first_page(sender: Sender, letter: Letter, window: Window, paper: Paper) -> FirstPage:
    """The blocks of the layout's zones: down a column beside the window, or across the top with
    an information block beside the window."""
    if window.info_mm is None:
        return _beside_the_window(sender, letter, window, paper)
    return _across_the_top(sender, letter, window, paper, window.info_mm)


def _beside_the_window(sender: Sender, letter: Letter, window: Window, paper: Paper) -> FirstPage:
    if window.left_mm + window.width_mm / 2 > paper.width_mm / 2:  # the window on the right
        left_mm, right_mm = window.body_left_mm, window.left_mm - GAP_MM
    else:
        left_mm, right_mm = window.right_mm + GAP_MM, paper.width_mm - RIGHT_MARGIN_MM
    width = (right_mm - left_mm) * MM
    top = (paper.height_mm - TOP_MM) * MM
    logo = _logo(sender.logo_path, left_mm * MM, top, width, LOGO_HEIGHT_MM * MM, right=False)
    if logo is not None:
        top = logo.bottom - 2 * MM
    head = lay_out(_letterhead(sender, with_details=True, width=width), width)
    info = lay_out(_information(sender, letter, width, with_details=False), width)
    info_top = top - head.height - GAP_MM * MM
    blocks = (Placed(head, left_mm * MM, top), Placed(info, left_mm * MM, info_top))
    return FirstPage(blocks, logo, _body_top(paper, window, info_top - info.height))


def _across_the_top(
    sender: Sender, letter: Letter, window: Window, paper: Paper, info_mm: tuple[float, float]
) -> FirstPage:
    left = window.body_left_mm * MM
    right = (paper.width_mm - RIGHT_MARGIN_MM) * MM
    top = (paper.height_mm - TOP_MM) * MM
    band = (window.top_mm - TOP_MM - 2) * MM  # down to just above the window
    logo = _logo(sender.logo_path, right, top, LOGO_WIDTH_MM * MM, min(LOGO_HEIGHT_MM * MM, band))
    width = right - left - (logo.width + GAP_MM * MM if logo else 0)
    texts = _letterhead(sender, with_details=window.details_in_head, width=width)
    head = fitted(texts, width, band)
    info_left, info_top = info_mm[0] * MM, (paper.height_mm - info_mm[1]) * MM
    info_width = right - info_left
    details = not window.details_in_head
    info = lay_out(_information(sender, letter, info_width, with_details=details), info_width)
    blocks = (Placed(head, left, top), Placed(info, info_left, info_top))
    lowest = min(top - head.height, info_top - info.height)
    return FirstPage(blocks, logo, _body_top(paper, window, lowest))


def _body_top(paper: Paper, window: Window, lowest: float) -> float:
    """Below the window and the blocks, with a gap."""
    floor = (paper.height_mm - max(window.bottom_mm, BODY_TOP_MM)) * MM
    return min(floor, lowest) - GAP_MM * MM


def _letterhead(sender: Sender, *, with_details: bool, width: float) -> list[Text]:
    texts = [Text(sender.name, 12.5, story.INK, BOLD)]
    if with_details:
        texts += _details(sender, width)
    return texts


def _details(sender: Sender, width: float) -> list[Text]:
    """The address lines, then the phone and email: on one line when they fit on one."""
    texts = [
        Text(line, 8, story.GREY, space_before=4 if n == 0 else 0)
        for n, line in enumerate(sender.address_lines)
    ]
    contact = [p for p in (sender.phone, sender.email) if p]
    joined = " · ".join(contact)
    if stringWidth(joined, REGULAR, 8) <= width:
        contact = [joined]
    return texts + [Text(part, 8, story.GREY) for part in contact]


def _information(sender: Sender, letter: Letter, width: float, *, with_details: bool) -> list[Text]:
    reference = label("your_ref", letter.language) + letter.customer_ref
    texts = _details(sender, width) if with_details else []
    texts += [
        Text(story.place_and_date(sender, letter), 9, story.INK, space_before=8 if texts else 0),
        Text(reference, 8, story.GREY, space_before=2),
    ]
    if letter.registered:
        mention = registered_mention(letter).upper()
        texts.append(Text(mention, 8, story.INK, BOLD, space_before=8))
    return texts


def _logo(
    path: str, x: float, top: float, width: float, height: float, *, right: bool = True
) -> Logo | None:
    """The logo at most `width` × `height` points, its top at `top`, its right edge at `x` (or
    its left edge, with `right=False`); None when there is none readable."""
    ratio = _ratio(path)
    if ratio is None:
        return None
    drawn_width = min(height * ratio, width)
    drawn_height = drawn_width / ratio
    left = x - drawn_width if right else x
    return Logo(path, left, top - drawn_height, drawn_width, drawn_height)


def _ratio(path: str) -> float | None:
    """A logo file's width/height ratio, or None when there is none readable."""
    if not path or not Path(path).is_file():
        return None
    try:
        from reportlab.lib.utils import ImageReader

        width, height = ImageReader(path).getSize()
    except Exception:  # a broken logo must not stop a batch of letters
        return None
    return float(width) / max(float(height), 1.0)
