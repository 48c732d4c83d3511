"""Reading back the QR code a PDF letter drew: its dark squares, compared with a payload's."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pdfplumber
from segno import helpers as segno_helpers

from app.letters.content import Sender


def drawn_qr_cells(pdf_path: Path) -> set[tuple[int, int]]:
    """The dark modules of the letter's QR code (on whichever page it fell), as (column, row).

    The letter draws each row's runs of dark modules as one rectangle a module high: the
    module is the most common height, and a run `n` modules wide stands for `n` cells."""
    with pdfplumber.open(pdf_path) as pdf:
        rects = [r for page in pdf.pages for r in page.rects if r["fill"] and r["height"] < 3]
    assert rects, "no QR code in this letter"
    unit = Counter(round(r["height"], 3) for r in rects).most_common(1)[0][0]
    runs = [r for r in rects if abs(r["height"] - unit) < 0.01]
    left = min(r["x0"] for r in runs)
    top = min(r["top"] for r in runs)
    return {
        (round((r["x0"] - left) / unit) + step, round((r["top"] - top) / unit))
        for r in runs
        for step in range(round(r["width"] / unit))
    }


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
