"""The slip of a run's registered letters: one row per letter (the recipient exactly as on the
envelope, the account and payment reference, the amount the letter claims), empty columns for
the registration number and the day the acknowledgement of receipt comes back, and a total.

It is the credit manager's paper, not the customer's: it speaks the window's (or the command
line's) language, through gettext, where letters speak their customer's.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.domain.calendar import format_date
from app.domain.money import format_money
from app.i18n import _, current_locale, ngettext
from app.letters.content import Sender, SlipLine
from app.letters.fonts import BOLD, REGULAR, register_fonts
from app.letters.geometry import MM, Paper
from app.letters.story import BODY, GREY, INK, RULE, SHADE

MARGIN_MM, FOOT_MM = 15, 14
TITLE = ParagraphStyle("slip_title", parent=BODY, fontName=BOLD, fontSize=14, leading=18)
NOTE = ParagraphStyle("slip_note", parent=BODY, fontSize=8.5, leading=11.5, textColor=GREY)
CELL = ParagraphStyle("slip_cell", parent=BODY, fontSize=8.2, leading=10.2)
CELL_GREY = ParagraphStyle("slip_grey", parent=CELL, textColor=GREY, fontSize=7, leading=9)
RIGHT = ParagraphStyle("slip_right", parent=CELL, alignment=TA_RIGHT)
HEAD = ParagraphStyle("slip_head", parent=CELL, fontName=BOLD, fontSize=8, leading=10)
HEAD_RIGHT = ParagraphStyle("slip_head_right", parent=HEAD, alignment=TA_RIGHT)
TOTAL = ParagraphStyle("slip_total", parent=CELL, fontName=BOLD)
TOTAL_RIGHT = ParagraphStyle("slip_total_right", parent=TOTAL, alignment=TA_RIGHT)
# Share of the width per column: number, recipient, reference, amount, registration no., receipt.
COLUMNS = (0.05, 0.32, 0.16, 0.14, 0.21, 0.12)
ROW_MIN_MM = 16  # room to write a registration number by hand
PADDING = 2.4


def totals(lines: Sequence[SlipLine]) -> dict[str, int]:
    """What the letters claim together, per currency (in the order currencies first appear)."""
    result: dict[str, int] = {}
    for line in lines:
        result[line.currency] = result.get(line.currency, 0) + line.amount_cents
        if line.apart_cents:
            result[line.apart_currency] = result.get(line.apart_currency, 0) + line.apart_cents
    return result


def amount_text(cents: int, currency: str) -> str:
    return format_money(cents, currency, current_locale())


def render_slip(
    sender: Sender, lines: Sequence[SlipLine], *, day: date, batch: str, paper: Paper
) -> bytes:
    """The slip as a PDF on the letters' paper, its table continued over pages with its header."""
    register_fonts()
    buffer = io.BytesIO()
    width, height = paper.width_mm * MM, paper.height_mm * MM
    document = SimpleDocTemplate(
        buffer,
        pagesize=(width, height),
        leftMargin=MARGIN_MM * MM,
        rightMargin=MARGIN_MM * MM,
        topMargin=MARGIN_MM * MM,
        bottomMargin=(FOOT_MM + 6) * MM,
        title=_("Registered letters — posting slip"),
        author=sender.name,
        creator="Relance",
    )
    usable = width - 2 * MARGIN_MM * MM
    day_text = format_date(day, current_locale(), "long")
    story: list[Any] = [
        Paragraph(escape(sender.name), ParagraphStyle("from", parent=CELL, fontName=BOLD)),
        Paragraph(escape(" · ".join(sender.address_lines)), CELL_GREY),
        Spacer(1, 6 * MM),
        Paragraph(escape(_("Registered letters with acknowledgement of receipt")), TITLE),
        Paragraph(
            escape(
                ngettext(
                    "Posting slip of {day} — {n} letter — batch {batch}",
                    "Posting slip of {day} — {n} letters — batch {batch}",
                    len(lines),
                ).format(day=day_text, n=len(lines), batch=batch)
            ),
            CELL,
        ),
        Spacer(1, 2.5 * MM),
        Paragraph(
            escape(
                _(
                    "At the post office, write down each letter's registration number (on its "
                    "label); when the acknowledgement of receipt comes back, the day it was "
                    "signed. Keep this slip with the proofs of posting."
                )
            ),
            NOTE,
        ),
        Spacer(1, 4 * MM),
        _table(lines, usable),
        Spacer(1, 8 * MM),
        _posted_box(usable),
    ]
    footer = _("Relance — batch {batch} — page {page} of {pages}")
    document.build(story, canvasmaker=_numbered(footer, batch, width))
    return buffer.getvalue()


def _table(lines: Sequence[SlipLine], width: float) -> Table:
    rows: list[list[Any]] = [
        [
            Paragraph(_("No."), HEAD),
            Paragraph(escape(_("Recipient, as on the envelope")), HEAD),
            Paragraph(escape(_("Account / reference")), HEAD),
            Paragraph(escape(_("Amount claimed")), HEAD_RIGHT),
            Paragraph(escape(_("Registration number")), HEAD),
            Paragraph(escape(_("Receipt signed on")), HEAD),
        ]
    ]
    for number, line in enumerate(lines, start=1):
        bold = line.name_lines()
        block = [f"<b>{escape(part)}</b>" for part in line.recipient[:bold]]
        block += [escape(part) for part in line.recipient[bold:]]
        amount = escape(amount_text(line.amount_cents, line.currency))
        if line.apart_cents:
            apart = escape(amount_text(line.apart_cents, line.apart_currency))
            amount += f"<br/>+ {apart}"  # claimed in addition, in the law's own money
        rows.append(
            [
                Paragraph(str(number), CELL),
                Paragraph("<br/>".join(block), CELL),
                [Paragraph(escape(line.customer_ref), CELL), _grey(line.reference)],
                Paragraph(amount, RIGHT),
                Spacer(1, ROW_MIN_MM * MM - 2 * PADDING),  # room to write, whatever the address
                "",
            ]
        )
    sums = totals(lines)
    label = ngettext("Total, {n} letter", "Total, {n} letters", len(lines)).format(n=len(lines))
    rows.append(
        [
            "",
            Paragraph(escape(label), TOTAL),
            Paragraph(
                "<br/>".join(escape(amount_text(c, cur)) for cur, c in sums.items()), TOTAL_RIGHT
            ),
            "",
            "",
            "",
        ]
    )
    table = Table(rows, colWidths=[f * width for f in COLUMNS], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, INK),
                ("LINEBELOW", (0, 1), (-1, -2), 0.3, RULE),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), PADDING),
                ("BOTTOMPADDING", (0, 0), (-1, -1), PADDING),
                # the columns written by hand are boxed, so they read as fields to fill
                ("GRID", (4, 1), (5, -2), 0.5, RULE),
                ("SPAN", (2, -1), (3, -1)),  # room for a large total
            ]
        )
    )
    return table


def _grey(text: str) -> Paragraph:
    return Paragraph(escape(text), CELL_GREY)


def _posted_box(width: float) -> Table:
    """Where the person who posts the letters writes the day and signs."""
    cells = [
        [
            Paragraph(escape(_("Posted on:")), CELL),
            Paragraph(escape(_("By:")), CELL),
            Paragraph(escape(_("Signature:")), CELL),
        ]
    ]
    table = Table(cells, colWidths=[width * 0.3, width * 0.35, width * 0.35], rowHeights=14 * MM)
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _numbered(footer: str, batch: str, page_width: float) -> Any:
    """A canvas that writes "page n of N" once the last page is known."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            count = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(REGULAR, 7)
                self.setFillColor(GREY)
                text = footer.format(batch=batch, page=self._pageNumber, pages=count)
                self.drawRightString(page_width - MARGIN_MM * MM, FOOT_MM * MM, text)
                super().showPage()
            super().save()

    return NumberedCanvas
