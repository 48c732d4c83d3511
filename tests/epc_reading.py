"""Reading back the QR code a PDF letter drew: its dark squares, compared with a payload's."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pdfplumber
from segno import helpers as segno_helpers

from app.letters.content import Sender


def drawn_qr_cells(pdf_path: Path) -> set[tuple[int, int]]:
    """The dark modules of the letter's QR code (on whichever page it fell), as (column, row)."""
    with pdfplumber.open(pdf_path) as pdf:
        squares = [
            r
            for page in pdf.pages
            for r in page.rects
            if r["fill"] and abs(r["width"] - r["height"]) < 0.01 and r["width"] < 3
        ]
    assert squares, "no QR code in this letter"
    unit = Counter(round(r["width"], 3) for r in squares).most_common(1)[0][0]
    modules = [r for r in squares if abs(r["width"] - unit) < 0.01]
    left = min(r["x0"] for r in modules)
    top = min(r["top"] for r in modules)
    return {(round((r["x0"] - left) / unit), round((r["top"] - top) / unit)) for r in modules}


def epc_cells(sender: Sender, amount: Decimal, reference: str) -> set[tuple[int, int]]:
    """The dark modules of the EPC code that asks `amount` with `reference` (as the letter
    would make it)."""
    qr = segno_helpers.make_epc_qr(
        name=sender.name[:70],
        iban=sender.iban.replace(" ", ""),
        amount=amount,
        text=reference,
        bic=sender.bic.replace(" ", "") or None,
    )
    return {(x, y) for y, row in enumerate(qr.matrix) for x, dark in enumerate(row) if dark}
