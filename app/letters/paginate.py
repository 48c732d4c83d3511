"""A letter's flowing part cut into pages before anything is drawn.

Measuring first lets the last page be chosen: when the closing and signature would stand alone
on it, the page before gives up its last rows (else its last block) to keep them company.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table

from app.letters.geometry import MM

FUZZ = 1e-6
STEP = 3 * MM  # how much shorter the page before is made at each try
KEEP_ROWS = 3  # a table cut over two pages keeps as many rows on each
SHORTEST = 0.3  # of its height: a page before is never emptied further to fill the last one


class LayoutError(ValueError):
    """A letter that cannot be laid out (a block taller than a page)."""


@dataclass(frozen=True)
class Page:
    flowables: tuple[Flowable, ...]
    height: float  # the frame's, in points


def fill(
    flowables: Sequence[Flowable], width: float, height: float
) -> tuple[list[Flowable], list[Flowable]]:
    """What fits a frame `height` points tall, splitting the first flowable that does not fit
    whole (a long table goes on with its header); and the rest."""
    placed: list[Flowable] = []
    rest = list(flowables)
    room = height
    while rest:
        head = rest[0]
        _w, h = head.wrap(width, room)
        if h <= room + FUZZ:
            placed.append(head)
            room -= h
            del rest[0]
            continue
        parts = _split(head, width, room)
        if len(parts) >= 2 and parts[0].wrap(width, room)[1] <= room + FUZZ:
            placed.append(parts[0])
            rest[0:1] = parts[1:]
        break
    return placed, rest


def _split(flowable: Flowable, width: float, room: float) -> list[Flowable]:
    """The flowable cut to fit `room`; a table keeps at least `KEEP_ROWS` rows besides its
    repeated header on each side of the cut (never a total alone on a page), or is not cut."""
    parts: list[Flowable] = flowable.split(width, room) if room > 0 else []
    if not isinstance(flowable, Table) or len(parts) != 2:
        return parts
    while _rows(parts[1]) < KEEP_ROWS:
        room -= STEP / 3
        parts = flowable.split(width, room) if room > 0 else []
        if len(parts) != 2:
            return []
    return parts if _rows(parts[0]) >= KEEP_ROWS else []


def _rows(table: Flowable) -> int:
    """A table's rows, less its repeated header."""
    repeated = table.repeatRows
    header = len(repeated) if isinstance(repeated, tuple | list) else int(repeated or 0)
    return len(table._cellvalues) - header


def paginate(
    flowables: Sequence[Flowable], width: float, height_of: Callable[[int], float]
) -> list[Page]:
    """Pages of flowables, the last of which is the ending (closing and signature); page n
    (from 1) is `height_of(n)` points tall."""
    ending = flowables[-1] if flowables else None
    pages: list[Page] = []
    starts: list[list[Flowable]] = []
    rest = list(flowables)
    while rest:
        number = len(pages) + 1
        placed, after = fill(rest, width, height_of(number))
        if not placed and number > 1:
            raise LayoutError("A part of the letter is taller than a page.")
        starts.append(rest)
        pages.append(Page(tuple(placed), height_of(number)))
        rest = after
    if len(pages) >= 2 and ending is not None and not _substantial(pages[-1], ending):
        better = _rebalanced(starts[-2], width, pages[-2].height, pages[-1].height, ending)
        if better is not None:
            pages[-2:] = better
    return pages


def _substantial(page: Page, ending: Flowable) -> bool:
    """Whether a page holds more than the ending and blank space."""
    return any(
        f is not ending and not isinstance(f, Spacer | CondPageBreak) for f in page.flowables
    )


def _rebalanced(
    start: list[Flowable], width: float, height: float, last_height: float, ending: Flowable
) -> list[Page] | None:
    """The last two pages again, the first of them shorter until the last one holds more than
    the ending: at best the last rows of a table (or lines of a paragraph) cut at the break,
    else its last block; None when no shortening does it."""
    fallback: list[Page] | None = None
    shorter = height - STEP
    while shorter >= height * SHORTEST:
        placed, rest = fill(start, width, shorter)
        if not placed:
            break
        last, left = fill(rest, width, last_height)
        pages = [Page(tuple(placed), height), Page(tuple(last), last_height)]
        if not left and _substantial(pages[1], ending):
            if rest[0] not in start:  # a remainder: the break cuts a table, not between blocks
                return pages
            fallback = fallback or pages
        shorter -= STEP
    return fallback


def draw(canvas: Canvas, page: Page, left: float, top: float, width: float) -> None:
    """The page's flowables, top-down from `top`, in a column `width` points wide."""
    y = top
    for flowable in page.flowables:
        w, h = flowable.wrap(width, max(y - (top - page.height), 0))
        y -= h
        flowable.drawOn(canvas, left, y, _sW=width - w)
