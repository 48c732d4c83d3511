"""Blocks of page furniture (letterhead, dates, mentions) measured before they are drawn.

A block is a few short texts, each wrapped to the block's width: a word wider than the width
shrinks its text, then breaks. The renderer knows each block's height before it draws it, so
that the next block starts below it and nothing overprints anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from app.letters.fonts import REGULAR

LEADING = 1.25  # line spacing, in font sizes
ASCENT = 0.95  # from the top of a line to its baseline, in font sizes: room for accents
SMALLEST = 6.0  # points: a long word shrinks no further, it breaks


@dataclass(frozen=True)
class Text:
    """One paragraph of a block."""

    value: str
    size: float
    colour: Color
    font: str = REGULAR
    space_before: float = 0  # points


@dataclass(frozen=True)
class Line:
    value: str
    font: str
    size: float
    colour: Color
    top: float  # points below the top of the block


@dataclass(frozen=True)
class Block:
    lines: tuple[Line, ...]
    height: float  # points

    def draw(self, canvas: Canvas, left: float, top: float) -> None:
        """Draw with the block's top-left corner at (left, top), PDF points."""
        for line in self.lines:
            canvas.setFont(line.font, line.size)
            canvas.setFillColor(line.colour)
            canvas.drawString(left, top - line.top - line.size * ASCENT, line.value)


def lay_out(texts: Sequence[Text], width: float, scale: float = 1.0) -> Block:
    """The texts wrapped to `width` points, their sizes multiplied by `scale`."""
    lines: list[Line] = []
    y = 0.0
    for text in texts:
        if not text.value:
            continue
        if lines:
            y += text.space_before * scale
        pieces, size = _wrapped(text.value, text.font, text.size * scale, width)
        for piece in pieces:
            lines.append(Line(piece, text.font, size, text.colour, y))
            y += size * LEADING
    if lines:  # the last line needs its glyphs' height, not a full line's spacing
        last = lines[-1]
        y += last.size * (1.2 - LEADING)
    return Block(tuple(lines), y)


def fitted(texts: Sequence[Text], width: float, height: float) -> Block:
    """The texts laid out at the largest scale (down to 60 %) at which they fit `height`."""
    scale = 1.0
    block = lay_out(texts, width, scale)
    while block.height > height and scale > 0.6:
        scale -= 0.05
        block = lay_out(texts, width, scale)
    return block


def _wrapped(value: str, font: str, size: float, width: float) -> tuple[list[str], float]:
    """Lines of at most `width` points: a text with a wider word shrinks, then the word breaks."""
    while True:
        lines = simpleSplit(value, font, size, width)
        if size <= SMALLEST or all(stringWidth(line, font, size) <= width for line in lines):
            break
        size = max(SMALLEST, size - 0.25)
    return [piece for line in lines for piece in _broken(line, font, size, width)], size


def _broken(line: str, font: str, size: float, width: float) -> list[str]:
    pieces: list[str] = []
    while stringWidth(line, font, size) > width and len(line) > 1:
        cut = len(line) - 1
        while cut > 1 and stringWidth(line[:cut], font, size) > width:
            cut -= 1
        pieces.append(line[:cut])
        line = line[cut:]
    return [*pieces, line]
