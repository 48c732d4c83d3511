"""The files a reminder run leaves to print: the ordinary letters in one batch; the registered
ones (formal notices, posted "recommandé avec AR") apart, in their own PDF, with a slip that lists
them for the post office's forms.

Every file takes its name only when the run's transaction commits (`app.db.staging`) and never
replaces an earlier one: `name-2.pdf`, `name-3.pdf`… instead. See docs/reminders.md.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from app.db.staging import stage
from app.letters.content import Letter, Placed, Sender, SlipLine
from app.letters.geometry import Paper

if TYPE_CHECKING:
    import pypdfium2 as pdfium

REGISTERED_SUFFIX = "-recommande"  # beside the batch: `<letters stem>-recommande.pdf`
SLIP_SUFFIX = "-bordereau"  # beside the registered letters: `<registered stem>-bordereau.pdf`


@dataclass(frozen=True)
class RegisteredLetter:
    """A registered letter of a run: where it lies in the drawn document, and what it claims."""

    pages: Placed
    customer_ref: str
    customer_name: str
    line: SlipLine

    @classmethod
    def of(cls, pages: Placed, letter: Letter, customer_name: str) -> RegisteredLetter:
        return cls(pages, letter.customer_ref, customer_name, SlipLine.of(letter, customer_name))


@dataclass
class RegisteredLetters:
    """The registered letters of a run, written apart: their PDF and the slip listing them."""

    path: Path
    slip: Path
    pages: int
    letters: list[RegisteredLetter] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.letters)


def pages_of(
    document: pdfium.PdfDocument, ranges: Sequence[Placed], *, duplex_blanks: bool = False
) -> bytes:
    """A new PDF of page ranges of a drawn one; with duplex blanks, each range fills sheets."""
    import pypdfium2 as pdfium  # deferred: loaded by a run, not by every start

    out = pdfium.PdfDocument.new()
    for placed in ranges:
        out.import_pages(document, pages=list(range(placed.first_page - 1, placed.last_page)))
        if duplex_blanks and (placed.last_page - placed.first_page + 1) % 2:
            width, height = document[placed.first_page - 1].get_size()
            out.new_page(width, height)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(data))


def registered_beside(letters_pdf: Path) -> Path:
    """Where the registered letters go when no file is named: beside the batch."""
    return letters_pdf.with_name(f"{letters_pdf.stem}{REGISTERED_SUFFIX}.pdf")


def slip_beside(registered_pdf: Path) -> Path:
    return registered_pdf.with_name(f"{registered_pdf.stem}{SLIP_SUFFIX}.pdf")


def write_registered(
    session: Session,
    document: pdfium.PdfDocument,
    letters: Sequence[RegisteredLetter],
    target: Path,
    *,
    sender: Sender,
    paper: Paper,
    day: date,
    batch: str,
    duplex_blanks: bool = False,
) -> RegisteredLetters | None:
    """The registered letters (each with its own pages, as the batch has them) at `target` or
    beside it with a number, and their slip beside them; None, and no file, when there are none.
    """
    if not letters:
        return None
    data = pages_of(document, [r.pages for r in letters], duplex_blanks=duplex_blanks)
    path = stage(session, target, data, new_name=True)
    from app.letters.slip import render_slip  # deferred: ReportLab, when a run draws

    slip = render_slip(sender, [r.line for r in letters], day=day, batch=batch, paper=paper)
    slip_path = stage(session, slip_beside(path), slip, new_name=True)
    return RegisteredLetters(path, slip_path, page_count(data), list(letters))
