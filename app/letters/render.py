"""Letters to PDF with ReportLab: one canvas for a whole batch, each letter starting a new sheet.

The first page of a letter carries the letterhead, the sender's return line and the recipient in
the envelope window's field, the place and date and, for a registered letter, its mention, on the
side away from the window; every page carries fold marks, the legal footer and `Page n/N`, where
N is a form filled in once the letter's last page is known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame

from app.letters import story
from app.letters.content import Letter, Sender
from app.letters.fonts import BOLD, REGULAR, register_fonts
from app.letters.geometry import (
    LAYOUTS,
    MARGIN_MM,
    MM,
    PAPERS,
    RETURN_LINE_MM,
    Paper,
    Window,
)
from app.letters.legal import registered_mention
from app.letters.wording import words

RIGHT_MARGIN_MM = 15
FOOTER_MM = 18  # room kept at the bottom for the legal footer
ADDRESS_FONT, ADDRESS_SIZE, ADDRESS_LEADING = REGULAR, 9.5, 11.5


class LayoutError(ValueError):
    """A letter that cannot be laid out (a block taller than a page)."""


@dataclass(frozen=True)
class Placed:
    """Where a letter's pages ended up in the batch (1-based, inclusive)."""

    first_page: int
    last_page: int


class LetterRenderer:
    def __init__(self, sender: Sender, layout: str = "fr", paper: str | None = None) -> None:
        register_fonts()
        self.sender = sender
        self.window: Window = LAYOUTS[layout]
        self.paper: Paper = PAPERS[paper or self.window.paper]

    # --- geometry (PDF points, origin bottom-left) -----------------------------------------
    def _y(self, top_mm: float) -> float:
        return (self.paper.height_mm - top_mm) * MM

    @property
    def _window_on_left(self) -> bool:
        return self.window.left_mm < self.paper.width_mm / 2 - 20

    def _content_width(self) -> float:
        return (self.paper.width_mm - MARGIN_MM - RIGHT_MARGIN_MM) * MM

    def _first_frame(self) -> Frame:
        top_mm = max(self.window.bottom_mm, 80) + 5
        height = self._y(top_mm) - FOOTER_MM * MM
        return Frame(
            MARGIN_MM * MM, FOOTER_MM * MM, self._content_width(), height, 0, 0, 0, 0, id="first"
        )

    def _next_frame(self) -> Frame:
        height = self._y(22) - FOOTER_MM * MM
        return Frame(
            MARGIN_MM * MM, FOOTER_MM * MM, self._content_width(), height, 0, 0, 0, 0, id="next"
        )

    # --- a batch ------------------------------------------------------------------------------
    def render(
        self, letters: Sequence[Letter], out: Path | BinaryIO, *, duplex_blanks: bool = False
    ) -> list[Placed]:
        """Draw every letter into one PDF; with `duplex_blanks`, each starts on a new sheet of a
        duplex printer (a blank back after a letter with an odd number of pages)."""
        target = str(out) if isinstance(out, Path) else out
        canvas = Canvas(
            target,
            pagesize=(self.paper.width_mm * MM, self.paper.height_mm * MM),
            pageCompression=1,
        )
        canvas.setTitle(letters[0].subject if len(letters) == 1 else "Relance")
        canvas.setAuthor(self.sender.name)
        canvas.setCreator("Relance")
        placed: list[Placed] = []
        page = 1
        for index, letter in enumerate(letters):
            count = self._letter(canvas, letter, index)
            placed.append(Placed(page, page + count - 1))
            page += count
            if duplex_blanks and count % 2:
                canvas.showPage()
                page += 1
        canvas.save()
        return placed

    def _letter(self, canvas: Canvas, letter: Letter, index: int) -> int:
        flowables = story.build(self.sender, letter, self._content_width())
        page = 0
        while flowables:
            page += 1
            if page == 1:
                self._first_page(canvas, letter)
            else:
                self._continuation_header(canvas, letter)
            self._every_page(canvas, letter, index, page)
            frame = self._first_frame() if page == 1 else self._next_frame()
            drawn = _fill(frame, flowables, canvas)
            canvas.showPage()
            if flowables and not drawn and page > 1:
                raise LayoutError(f"A part of the letter to {letter.recipient[0]} is too tall.")
        canvas.beginForm(f"pages{index}")
        canvas.setFont(REGULAR, 7)
        canvas.setFillColor(story.GREY)
        canvas.drawString(0, 0, str(page))
        canvas.endForm()
        return page

    # --- page furniture ------------------------------------------------------------------------
    def _first_page(self, canvas: Canvas, letter: Letter) -> None:
        self._letterhead(canvas)
        self._window_content(canvas, letter)
        self._place_and_date(canvas, letter)

    def _letterhead(self, canvas: Canvas) -> None:
        sender = self.sender
        left = MARGIN_MM * MM
        top = 15.0
        if self._window_on_left:  # DIN layouts: the letterhead sits across the top, on the right
            left = (self.paper.width_mm - RIGHT_MARGIN_MM - 75) * MM
            top = 10.0
        y = self._y(top)
        logo = _logo(sender.logo_path)
        if logo is not None:
            height = 14 * MM
            width = height * logo[1]
            canvas.drawImage(logo[0], left, y - height, width, height, mask="auto")
            y -= height + 2 * MM
        canvas.setFillColor(story.INK)
        canvas.setFont(BOLD, 12.5)
        canvas.drawString(left, y - 12, sender.name)
        y -= 12 + 4
        canvas.setFont(REGULAR, 8)
        canvas.setFillColor(story.GREY)
        contact = " · ".join(p for p in (sender.phone, sender.email) if p)
        for line in (*sender.address_lines, contact):
            if line:
                y -= 10
                canvas.drawString(left, y, line)

    def _window_content(self, canvas: Canvas, letter: Letter) -> None:
        window = self.window
        left = (window.left_mm + 4) * MM
        width = (window.width_mm - 8) * MM
        canvas.setFont(REGULAR, 6.3)
        canvas.setFillColor(story.GREY)
        return_line = " · ".join(p for p in (self.sender.name, *self.sender.address_lines) if p)
        while canvas.stringWidth(return_line, REGULAR, 6.3) > width and len(return_line) > 10:
            return_line = return_line[:-2].rstrip() + "…"
        canvas.drawString(left, self._y(window.top_mm + RETURN_LINE_MM) + 1, return_line)
        canvas.setStrokeColor(story.RULE)
        canvas.setLineWidth(0.3)
        rule_y = self._y(window.top_mm + RETURN_LINE_MM) - 0.8
        canvas.line(left, rule_y, left + width, rule_y)
        canvas.setFillColor(story.INK)
        size, leading = ADDRESS_SIZE, ADDRESS_LEADING
        room = (window.height_mm - RETURN_LINE_MM - 3) * MM
        if len(letter.recipient) * leading > room:  # a long block shrinks to stay in the field
            leading = room / len(letter.recipient)
            size = leading * 0.82
        y = rule_y - 2 * MM - size
        for line in letter.recipient:
            canvas.setFont(ADDRESS_FONT, size)
            shown = line
            while canvas.stringWidth(shown, ADDRESS_FONT, size) > width and len(shown) > 4:
                shown = shown[:-2].rstrip() + "."
            canvas.drawString(left, y, shown)
            y -= leading

    def _place_and_date(self, canvas: Canvas, letter: Letter) -> None:
        w = words(letter.language)
        if self._window_on_left:
            left = (self.paper.width_mm - RIGHT_MARGIN_MM - 75) * MM
            top = self.window.top_mm + 8
        else:
            left = MARGIN_MM * MM
            top = max(self.window.top_mm + 12, 52)
        y = self._y(top)
        canvas.setFillColor(story.INK)
        canvas.setFont(REGULAR, 9)
        canvas.drawString(left, y, story.place_and_date(self.sender, letter))
        canvas.setFont(REGULAR, 8)
        canvas.setFillColor(story.GREY)
        sep = " : " if letter.language == "fr" else ": "
        canvas.drawString(left, y - 12, f"{w['your_ref']}{sep}{letter.customer_ref}")
        if letter.registered:
            canvas.setFont(BOLD, 8)
            canvas.setFillColor(story.INK)
            room = (self._side_width_mm() - 4) * MM
            for offset, line in enumerate(
                simpleSplit(registered_mention(letter).upper(), BOLD, 8, room)
            ):
                canvas.drawString(left, y - 28 - 10 * offset, line)

    def _side_width_mm(self) -> float:
        """The width beside the window, where the place, date and mentions go."""
        if self._window_on_left:
            return 75
        return self.window.left_mm - MARGIN_MM

    def _continuation_header(self, canvas: Canvas, letter: Letter) -> None:
        w = words(letter.language)
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(story.GREY)
        canvas.drawString(
            MARGIN_MM * MM,
            self._y(14),
            w["continued"].format(company=self.sender.name, ref=letter.customer_ref),
        )

    def _every_page(self, canvas: Canvas, letter: Letter, index: int, page: int) -> None:
        canvas.setStrokeColor(colors.HexColor("#9aa0a6"))
        canvas.setLineWidth(0.4)
        for fold in self.window.folds_mm:
            canvas.line(4 * MM, self._y(fold), 8 * MM, self._y(fold))
        footer = legal_footer(self.sender, letter.language)
        canvas.setFont(REGULAR, 6.5)
        canvas.setFillColor(story.GREY)
        centre = self.paper.width_mm / 2 * MM
        for offset, line in enumerate(footer):
            canvas.drawCentredString(centre, (10 - 3.2 * offset) * MM, line)
        label = words(letter.language)["page"].format(page=page)
        right = (self.paper.width_mm - RIGHT_MARGIN_MM) * MM
        canvas.setFont(REGULAR, 7)
        x = right - canvas.stringWidth(label + "00", REGULAR, 7)
        canvas.drawString(x, 13.5 * MM, label)
        canvas.saveState()
        canvas.translate(x + canvas.stringWidth(label, REGULAR, 7), 13.5 * MM)
        canvas.doForm(f"pages{index}")
        canvas.restoreState()


def _fill(frame: Frame, flowables: list[Flowable], canvas: Canvas) -> int:
    """Draw as much as fits, splitting what can be split (a long table goes on over pages);
    returns how many flowables or parts were drawn."""
    drawn = 0
    while flowables:
        head = flowables[0]
        if frame.add(head, canvas, trySplit=0):
            del flowables[0]
            drawn += 1
            continue
        parts = frame.split(head, canvas)
        if len(parts) < 2:
            break
        flowables[0:1] = parts
        if frame.add(flowables[0], canvas, trySplit=0):
            del flowables[0]
            drawn += 1
        break
    return drawn


def legal_footer(sender: Sender, language: str) -> list[str]:
    """Company form, capital, RCS, SIRET, VAT: on two lines when they do not fit on one."""
    w = words(language)
    first = sender.name
    if sender.legal_form:
        first += f" {sender.legal_form}"
    if sender.share_capital:
        first += " " + w["capital"].format(capital=sender.share_capital)
    parts = [first]
    if sender.rcs:
        parts.append(sender.rcs)
    if sender.siret:
        parts.append(w["siret"].format(number=_grouped_siret(sender.siret)))
    if sender.vat_number:
        parts.append(w["vat"].format(number=sender.vat_number))
    address = " ".join(sender.address_lines)
    one = " · ".join(parts)
    if len(one) <= 120:
        return [one, address] if address else [one]
    return [" · ".join(parts[:2]), " · ".join(parts[2:] + ([address] if address else []))]


def _logo(path: str) -> tuple[str, float] | None:
    """A logo file and its width/height ratio, or None when there is none readable."""
    if not path or not Path(path).is_file():
        return None
    try:
        from reportlab.lib.utils import ImageReader

        width, height = ImageReader(path).getSize()
    except Exception:  # a broken logo must not stop a batch of letters
        return None
    return path, width / max(height, 1)


def _grouped_siret(number: str) -> str:
    digits = number.replace(" ", "")
    if len(digits) != 14 or not digits.isdigit():
        return number
    return f"{digits[:3]} {digits[3:6]} {digits[6:9]} {digits[9:]}"
