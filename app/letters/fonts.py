"""The letter font, embedded: DejaVu Sans covers every character our amounts and names use.

ReportLab's built-in Helvetica is not embedded and knows only WinAnsi, so the narrow no-break
space Babel puts in French amounts would print as a black box.
"""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.paths import resources_dir

REGULAR, BOLD, ITALIC = "Relance-Regular", "Relance-Bold", "Relance-Italic"
FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}


@cache
def register_fonts() -> None:
    folder = resources_dir() / "fonts"
    for name, file in FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC)
