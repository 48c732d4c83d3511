"""Letters to PDF with ReportLab: one canvas for a whole batch, each letter starting a new sheet.

The first page of a letter carries the letterhead, the sender's return line and the recipient in
the envelope window's field, the place and date and, for a registered letter, its mention, each
in its zone (see `first_page`); every page carries fold marks (and on DIN layouts the punch
mark), the legal footer and `Page n/N`, where N is a form filled in once the letter's last page
is known. No text comes nearer than `SAFE_MM` to the edge of the paper.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.letters import address, story
from app.letters.content import Letter, Placed, Sender
from app.letters.first_page import first_page
from app.letters.fonts import REGULAR, register_fonts
from app.letters.geometry import (
    LAYOUTS,
    MM,
    PAPERS,
    RIGHT_MARGIN_MM,
    SAFE_MM,
    Paper,
    Window,
)
from app.letters.paginate import LayoutError as LayoutError
from app.letters.paginate import draw, paginate
from app.letters.wording import words

FOOTER_MM = 19  # room kept at the bottom for the legal footer and the page number
NEXT_TOP_MM = 20  # where the text of a continuation page starts
FOOTER_SIZE, PAGE_SIZE = 6.5, 7
ADDRESS_FONT, ADDRESS_SIZE, ADDRESS_LEADING = REGULAR, 9.5, 11.5
RETURN_SIZE, RETURN_SMALLEST = 6.3, 5.2  # a long return line shrinks, then is cut


class LetterRenderer:
    def __init__(self, sender: Sender, layout: str = "fr", paper: str | None = None) -> None:
        register_fonts()
        self.sender = sender
        self.window: Window = LAYOUTS[layout]
        self.paper: Paper = PAPERS[paper or self.window.paper]

    # --- geometry (PDF points, origin bottom-left) -----------------------------------------
    def _y(self, top_mm: float) -> float:
        return (self.paper.height_mm - top_mm) * MM

    def _content_width(self) -> float:
        return (self.paper.width_mm - self.window.body_left_mm - RIGHT_MARGIN_MM) * MM

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
        first = first_page(self.sender, letter, self.window, self.paper)
        width = self._content_width()
        bottom = FOOTER_MM * MM
        tops = (first.body_top, self._y(NEXT_TOP_MM))
        pages = paginate(
            story.build(self.sender, letter, width),
            width,
            lambda number: tops[number > 1] - bottom,
        )
        for number, page in enumerate(pages, start=1):
            if number == 1:
                first.draw(canvas)
                self._window_content(canvas, letter)
            else:
                self._continuation_header(canvas, letter)
            self._every_page(canvas, letter, index, number)
            draw(canvas, page, self.window.body_left_mm * MM, tops[number > 1], width)
            canvas.showPage()
        canvas.beginForm(f"pages{index}")
        canvas.setFont(REGULAR, PAGE_SIZE)
        canvas.setFillColor(story.GREY)
        canvas.drawString(0, 0, str(len(pages)))
        canvas.endForm()
        return len(pages)

    # --- page furniture ------------------------------------------------------------------------
    def _window_content(self, canvas: Canvas, letter: Letter) -> None:
        """The return line at the bottom of the field's top band, the recipient below it."""
        window = self.window
        left = (window.left_mm + window.inset_mm) * MM
        width = (window.width_mm - window.inset_mm - 4) * MM
        whole = " · ".join(p for p in (self.sender.name, *self.sender.address_lines) if p)
        natural = stringWidth(whole, REGULAR, RETURN_SIZE)
        size = max(RETURN_SMALLEST, min(RETURN_SIZE, RETURN_SIZE * width / max(natural, 1)))
        canvas.setFont(REGULAR, size)
        canvas.setFillColor(story.GREY)
        # Whole parts only, the street dropped before the town: never "69001 L…".
        return_line = address.return_line(
            self.sender.name,
            self.sender.address_lines,
            lambda text: stringWidth(text, REGULAR, size) <= width,
        )
        band_bottom = self._y(window.top_mm + window.notes_mm)
        canvas.drawString(left, band_bottom + 1, return_line)
        canvas.setStrokeColor(story.RULE)
        canvas.setLineWidth(0.3)
        rule_y = band_bottom - 0.8
        canvas.line(left, rule_y, left + width, rule_y)
        canvas.setFillColor(story.INK)
        size, leading = ADDRESS_SIZE, ADDRESS_LEADING
        room = (window.height_mm - window.notes_mm - 3) * MM
        if len(letter.recipient) * leading > room:  # a long block shrinks to stay in the field
            leading = room / len(letter.recipient)
            size = leading * 0.82
        y = rule_y - 2 * MM - size
        for line in letter.recipient:
            canvas.setFont(ADDRESS_FONT, size)
            shown = line
            while stringWidth(shown, ADDRESS_FONT, size) > width and len(shown) > 4:
                shown = shown[:-2].rstrip() + "."
            canvas.drawString(left, y, shown)
            y -= leading

    def _continuation_header(self, canvas: Canvas, letter: Letter) -> None:
        w = words(letter.language)
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(story.GREY)
        canvas.drawString(
            self.window.body_left_mm * MM,
            self._y(14),
            w["continued"].format(company=self.sender.name, ref=letter.customer_ref),
        )

    def _every_page(self, canvas: Canvas, letter: Letter, index: int, page: int) -> None:
        self._marks(canvas)
        width = (self.paper.width_mm - 2 * RIGHT_MARGIN_MM) * MM
        centre = self.paper.width_mm / 2 * MM
        footer = legal_footer(self.sender, letter.language)
        canvas.setFillColor(story.GREY)
        for offset, line in enumerate(reversed(footer)):  # the last line lowest
            size = min(FOOTER_SIZE, FOOTER_SIZE * width / max(stringWidth(line, REGULAR, 1), 1))
            canvas.setFont(REGULAR, size)
            canvas.drawCentredString(centre, (SAFE_MM + 1.5 + 3 * offset) * MM, line)
        label = words(letter.language)["page"].format(page=page)
        right = (self.paper.width_mm - RIGHT_MARGIN_MM) * MM
        canvas.setFont(REGULAR, PAGE_SIZE)
        x = right - stringWidth(label + "00", REGULAR, PAGE_SIZE)
        label_y = (SAFE_MM + 1.5 + 3 * len(footer) + 1) * MM
        canvas.drawString(x, label_y, label)
        canvas.saveState()
        canvas.translate(x + stringWidth(label, REGULAR, PAGE_SIZE), label_y)
        canvas.doForm(f"pages{index}")
        canvas.restoreState()

    def _marks(self, canvas: Canvas) -> None:
        """Fold marks, and the punch mark at mid-height where the layout has one: short rules
        in the margin, no text."""
        canvas.setStrokeColor(colors.HexColor("#9aa0a6"))
        canvas.setLineWidth(0.4)
        for fold in self.window.folds_mm:
            canvas.line(4 * MM, self._y(fold), 8 * MM, self._y(fold))
        if self.window.punch_mark:
            middle = self._y(self.paper.height_mm / 2)
            canvas.line(4 * MM, middle, 11 * MM, middle)


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


def _grouped_siret(number: str) -> str:
    digits = number.replace(" ", "")
    if len(digits) != 14 or not digits.isdigit():
        return number
    return f"{digits[:3]} {digits[3:6]} {digits[6:9]} {digits[9:]}"
