"""The flowing part of a letter: salutation, text, invoice table, penalties, payment, closing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import groupby
from xml.sax.saxutils import escape

import segno
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from segno import helpers as segno_helpers

from app.domain.money import to_decimal
from app.letters import legal
from app.letters.content import InvoiceLine, Letter, Sender
from app.letters.fonts import BOLD, REGULAR
from app.letters.geometry import MM
from app.letters.wording import label, long_date, money, words

INK = colors.HexColor("#1d1d1f")
GREY = colors.HexColor("#5f6368")
RULE = colors.HexColor("#c8ccd0")
SHADE = colors.HexColor("#f2f4f6")

BODY = ParagraphStyle(
    "body", fontName=REGULAR, fontSize=9.5, leading=13.2, textColor=INK, allowWidows=0
)  # a paragraph cut over two pages leaves two lines or more on each
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10.5)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=8.2, leading=10)
CELL_RIGHT = ParagraphStyle("cell_right", parent=CELL, alignment=TA_RIGHT)
HEAD = ParagraphStyle("head", parent=CELL, fontName=BOLD)
HEAD_RIGHT = ParagraphStyle("head_right", parent=HEAD, alignment=TA_RIGHT)
ASKS_NOTHING = ("thank_you", "receipt")  # letters without payment instructions
DETAIL_LIMIT = 6  # invoices whose interest is itemised in the penalties table
PAGE = 1000 * MM  # taller than any page: a flowable's whole height
SUBJECT = ParagraphStyle("subject", parent=BODY, fontName=BOLD, fontSize=10, leading=13.5)


def together(flowables: list[Flowable]) -> Table:
    """Flowables that move to the next page as one block (a one-cell table cannot split)."""
    block = Table([[flowables]], colWidths=[None])
    block.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    block.hAlign = "LEFT"
    return block


def text(value: str, style: ParagraphStyle = BODY) -> Paragraph:
    """User data is markup-escaped: "Dupont & Fils <SARL>" prints as written."""
    return Paragraph(escape(value).replace("\n", "<br/>"), style)


class QRCode(Flowable):  # type: ignore[misc]
    """A QR code drawn as vector squares (no image library needed), with a caption."""

    def __init__(self, qr: segno.QRCode, size_mm: float, caption: str) -> None:
        super().__init__()
        self.qr, self.size, self.caption = qr, size_mm * MM, caption

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size + 10

    def draw(self) -> None:
        border = 2
        unit = self.size / (len(self.qr.matrix) + 2 * border)
        canvas = self.canv
        canvas.setFillColor(colors.black)
        # One filled path of the dark runs of each row: the same squares, joined side by side (a
        # rectangle per module was a thousand drawing operators per letter, half its drawing).
        path = canvas.beginPath()
        for y, (start, length) in dark_runs(self.qr.matrix):
            path.rect(
                (start + border) * unit,
                10 + self.size - (y + border + 1) * unit,
                length * unit,
                unit,
            )
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.setFont(REGULAR, 6.5)
        canvas.setFillColor(GREY)
        canvas.drawCentredString(self.size / 2, 2, self.caption)


def dark_runs(matrix: Iterable[Iterable[int]]) -> Iterator[tuple[int, tuple[int, int]]]:
    """(row, (first column, length)) of each run of dark modules of a QR code's matrix."""
    for y, row in enumerate(matrix):
        x = 0
        for dark, run in groupby(row):
            length = len(list(run))
            if dark:
                yield y, (x, length)
            x += length


def epc_qr(sender: Sender, letter: Letter) -> segno.QRCode | None:
    """An EPC (SEPA credit transfer) QR code, for euro amounts to a euro IBAN."""
    if letter.currency != "EUR" or not sender.iban or not sender.name:
        return None
    amount = to_decimal(letter.payable_cents, "EUR")
    if not Decimal("0.01") <= amount <= Decimal("999999999.99"):
        return None
    return segno_helpers.make_epc_qr(
        name=sender.name[:70],
        iban=sender.iban.replace(" ", ""),
        amount=amount,
        text=letter.payment_reference[:140] or None,
        bic=sender.bic.replace(" ", "") or None,
    )


def _table_style(rows: int, with_total: bool) -> TableStyle:
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTSIZE", (0, 0), (-1, -1), 8.2),
        ("LEADING", (0, 0), (-1, -1), 10),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("ALIGN", (3, 0), (-1, -1), "RIGHT"),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
    ]
    if with_total:
        commands += [
            ("LINEBELOW", (0, 1), (-1, -2), 0.25, RULE),
            ("FONTNAME", (0, -1), (-1, -1), BOLD),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
        ]
    elif rows > 1:
        commands.append(("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE))
    return TableStyle(commands)


def _rows(letter: Letter, lines: tuple[InvoiceLine, ...], disputed: bool) -> list[list[str]]:
    w = words(letter.language)
    cur, lang = letter.currency, letter.language
    head = [w["invoice"], w["issued"], w["due"], w["amount"], w["paid"]]
    head += [letter.settled_heading] if letter.settled_heading else []
    head += [w["disputed"]] if disputed else []
    rows = [[*head, w["still_due"], w["late"]]]
    for line in lines:
        row = [
            line.number,
            line.issue_date.strftime("%d/%m/%Y"),
            line.due_date.strftime("%d/%m/%Y"),
            money(line.amount_cents, cur, lang),
            money(line.paid_cents, cur, lang) if line.paid_cents else "—",
        ]
        if letter.settled_heading:
            row.append(money(line.settled_cents, cur, lang) if line.settled_cents else "—")
        if disputed:
            row.append(money(line.disputed_cents, cur, lang) if line.disputed_cents else "—")
        row += [
            money(line.due_cents, cur, lang),
            w["days"].format(n=line.days_late) if line.days_late > 0 else "",
        ]
        rows.append(row)
    return rows


def _widths(disputed: bool, settled: bool, width: float) -> list[float]:
    """Column widths for the seven usual columns, with a settled or a disputed one or both."""
    fractions: tuple[float, ...]
    if disputed and settled:
        fractions = (0.14, 0.10, 0.10, 0.12, 0.11, 0.13, 0.11, 0.12, 0.07)
    elif settled:
        fractions = (0.16, 0.11, 0.11, 0.13, 0.12, 0.15, 0.13, 0.09)
    elif disputed:
        fractions = (0.18, 0.11, 0.11, 0.14, 0.12, 0.12, 0.14, 0.08)
    else:
        fractions = (0.22, 0.13, 0.13, 0.15, 0.13, 0.15, 0.09)
    return [f * width for f in fractions]


def invoice_table(letter: Letter, width: float) -> Table:
    """Plain strings in cells (no markup to parse, so fast and printed exactly as written).

    A disputed part gets its own column, so that each row reads amount − paid − disputed =
    still due; the credit on the account is a line of its own above the total."""
    w = words(letter.language)
    cur, lang = letter.currency, letter.language
    disputed = any(line.disputed_cents for line in letter.invoices)
    rows = _rows(letter, letter.invoices, disputed)
    blanks = [""] * (len(rows[0]) - 3)
    if letter.credit_cents:
        rows.append([w["credit"], *blanks, minus(money(letter.credit_cents, cur, lang)), ""])
    rows.append([w["total"], *blanks, money(letter.total_cents, cur, lang), ""])
    widths = _widths(disputed, bool(letter.settled_heading), width)
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = _table_style(len(rows), with_total=True)
    last_text = len(rows[0]) - 3
    style.add("SPAN", (0, -1), (last_text, -1))
    if letter.credit_cents:
        style.add("SPAN", (0, -2), (last_text, -2))
        style.add("TEXTCOLOR", (0, -2), (-1, -2), GREY)
    table.setStyle(style)
    return table


def minus(amount: str) -> str:
    """A deduction, with a true minus sign."""
    return f"\u2212{amount}"


def also_due_block(letter: Letter, width: float) -> list[Flowable]:
    """Overdue invoices the letter does not claim (a formal notice claims only the debt that
    went through the amicable steps): listed apart, for the customer's information."""
    if not letter.also_due:
        return []
    w = words(letter.language)
    disputed = any(line.disputed_cents for line in letter.also_due)
    rows = _rows(letter, letter.also_due, disputed)
    widths = _widths(disputed, bool(letter.settled_heading), width)
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(_table_style(len(rows), with_total=False))
    title = text(w["also_due"], SMALL)
    # the title stays with the header and first rows; a long list goes on over pages
    start = title.wrap(width, PAGE)[1] + 1 * MM + min(table.wrap(width, PAGE)[1], 20 * MM)
    return [Spacer(1, 3 * MM), CondPageBreak(start), title, Spacer(1, 1 * MM), table]


def penalties_block(letter: Letter, width: float) -> list[Flowable]:
    if not letter.interest_cents and not letter.fixed_cents:
        return []
    w, cur, lang = words(letter.language), letter.currency, letter.language
    names = {**w, **legal.labels(letter.jurisdiction, lang)}
    fixed_cur = letter.fixed_currency or cur
    rows: list[list[object]] = [[Paragraph(w["penalties"], HEAD), ""]]
    # Interest invoice by invoice while the list stays short; past that, the total says enough.
    detailed = letter.penalties if len(letter.penalties) <= DETAIL_LIMIT else ()
    for line in detailed:
        if line.interest_cents:
            rows.append(
                [
                    Paragraph(
                        escape(
                            w["interest_detail"].format(number=line.number, days=line.days_late)
                        ),
                        CELL,
                    ),
                    Paragraph(money(line.interest_cents, cur, lang), CELL_RIGHT),
                ]
            )
    rows.append(
        [
            Paragraph(escape(names["interest"]), CELL),
            Paragraph(money(letter.interest_cents, cur, lang), CELL_RIGHT),
        ]
    )
    indemnity = names["indemnity"]
    if not letter.fixed_in_total:
        indemnity += w["paid_apart"].format(currency=fixed_cur)
    rows.append(
        [
            Paragraph(escape(indemnity), CELL),
            Paragraph(money(letter.fixed_cents, fixed_cur, lang), CELL_RIGHT),
        ]
    )
    rows.append(
        [
            Paragraph(w["total_penalties"], HEAD),
            Paragraph(money(letter.total_with_penalties_cents, cur, lang), HEAD_RIGHT),
        ]
    )
    table = Table(rows, colWidths=[0.75 * width, 0.25 * width])
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
                ("TOPPADDING", (0, 0), (-1, -1), 1.8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8),
            ]
        )
    )
    block: list[Flowable] = [table]
    if letter.rate_text:
        block += [Spacer(1, 1.2 * MM), text(letter.rate_text, SMALL)]
    return [Spacer(1, 3 * MM), together(block)]


def payment_block(sender: Sender, letter: Letter, width: float) -> list[Flowable]:
    if not sender.iban:
        return []
    w = words(letter.language)
    lines = [f"<b>{escape(w['how_to_pay'])}</b>"]
    language = letter.language
    lines.append(f"{label('iban', language)}{escape(sender.iban)}")
    if sender.bic:
        lines.append(f"{label('bic', language)}{escape(sender.bic)}")
    if letter.payment_reference:
        reference = escape(letter.payment_reference)
        lines.append(f"{label('reference', language)}<b>{reference}</b>")
    if letter.asked_label:
        lines.append(escape(letter.asked_label))
    details = Paragraph("<br/>".join(lines), ParagraphStyle("pay", parent=BODY, alignment=TA_LEFT))
    qr = epc_qr(sender, letter)
    cells: list[object] = [details, QRCode(qr, 24, w["scan"]) if qr else ""]
    table = Table([cells], colWidths=[width - 30 * MM, 30 * MM])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3 * MM),
                ("TOPPADDING", (0, 0), (-1, -1), 2 * MM),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * MM),
            ]
        )
    )
    return [Spacer(1, 4 * MM), table]


def signature_block(sender: Sender, letter: Letter) -> list[Flowable]:
    lines = [escape(sender.signatory_name)] if sender.signatory_name else []
    if sender.signatory_title:
        lines.append(escape(sender.signatory_title))
    if not lines:
        lines = [escape(sender.name)]
    block: list[Flowable] = [Spacer(1, 4 * MM), text(letter.closing), Spacer(1, 5 * MM)]
    ours: list[Flowable] = []
    image = _signature_image(sender.signature_path)
    if image is not None:
        ours.append(image)
    ours.append(Paragraph("<br/>".join(lines), BODY))
    if letter.countersign:
        ours = [_countersigned(ours, letter.countersign)]
    return [together(block + ours)]


def _countersigned(ours: list[Flowable], caption: str) -> Table:
    """Our signature and, beside it, room for the other party's: an agreement both sign."""
    theirs: list[Flowable] = [text(caption), Spacer(1, 22 * MM)]
    table = Table([[ours, theirs]], colWidths=[82 * MM, 82 * MM])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("BOX", (1, 0), (1, 0), 0.5, RULE),
                ("LEFTPADDING", (1, 0), (1, 0), 3 * MM),
                ("TOPPADDING", (1, 0), (1, 0), 2 * MM),
            ]
        )
    )
    table.hAlign = "LEFT"
    return table


def _signature_image(path: str) -> Flowable | None:
    if not path:
        return None
    from pathlib import Path

    from reportlab.platypus import Image

    if not Path(path).is_file():
        return None
    try:
        image = Image(path)
    except Exception:  # an unreadable picture must not stop a batch of letters
        return None
    ratio = image.imageHeight / max(image.imageWidth, 1)
    image.drawWidth, image.drawHeight = 40 * MM, 40 * MM * ratio
    image.hAlign = "LEFT"
    return image


def build(sender: Sender, letter: Letter, width: float) -> list[Flowable]:
    """The letter from its subject to its signature."""
    subject = label("subject", letter.language)
    story: list[Flowable] = [
        Paragraph(f"{escape(subject)}{escape(letter.subject)}", SUBJECT),
        Spacer(1, 4 * MM),
        text(letter.salutation),
        Spacer(1, 2.5 * MM),
    ]
    for paragraph in letter.paragraphs:
        story += [text(paragraph), Spacer(1, 2.2 * MM)]
    if letter.invoices:
        story += [Spacer(1, 1.5 * MM), CondPageBreak(30 * MM), invoice_table(letter, width)]
    story += penalties_block(letter, width)
    story += also_due_block(letter, width)
    if letter.total_with_penalties_cents > 0 and letter.key not in ASKS_NOTHING:
        story += payment_block(sender, letter, width)
    story += signature_block(sender, letter)
    return story


def place_and_date(sender: Sender, letter: Letter) -> str:
    w = words(letter.language)
    day = long_date(letter.day, letter.language)
    if sender.city:
        return w["place_date"].format(city=sender.city, day=day)
    return w["date_only"].format(day=day)
