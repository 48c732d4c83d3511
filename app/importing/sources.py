"""Reading a spreadsheet-like file as it really comes: any usual encoding, delimiter or format.

A `Table` is a header and rows of text cells, each row with the line number the user sees in
their editor (1 is the header), so that every problem can be reported where it is.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from app.domain.cells import restored
from app.i18n import _
from app.importing.text_file import (
    SourceError,
    check_readable,
    detect_encoding,
    sampled_records,
    sniff_encoding,
    unreadable,
)

__all__ = [
    "SourceError",
    "Table",
    "choose_header",
    "detect_delimiter",
    "detect_encoding",
    "read_table",
]

DELIMITERS = (";", ",", "\t", "|")
HEADER_SEARCH = 20  # lines looked at for the header under a report's title lines


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (line number, cells), data lines only
    encoding: str = ""
    delimiter: str = ""
    header_line: int = 1  # the line the header was read from


def choose_header(table: Table, is_header: Callable[[list[str]], bool]) -> Table:
    """The table read from the first line `is_header` accepts, the title lines above it dropped.

    Report-style exports put a title, a date and a blank line above the header. When none of the
    first lines looks like a header, the first line stays the header (a mapping may name it).
    """
    candidates = [(table.header_line, table.headers), *table.rows[: HEADER_SEARCH - 1]]
    for index, (line, cells) in enumerate(candidates):
        if is_header(cells):
            if index == 0:
                return table
            headers = list(cells)
            while headers and not headers[-1]:
                headers.pop()
            return Table(headers, table.rows[index:], table.encoding, table.delimiter, line)
    return table


def detect_delimiter(first_line: str) -> str:
    """The delimiter that splits the header into the most fields (`;` wins ties, as in France)."""
    return detect_delimiter_of([first_line])


def detect_delimiter_of(lines: list[str]) -> str:
    """The delimiter on which most of the first lines agree, each split into the same columns.

    The header and the rows under it split into one number of columns; a title line above them
    ("Invoices, November 2026") does not, nor does a row whose address or decimal comma happens to
    hold another separator. Ties go to the most columns, then to `;` (as in France).
    """

    def score(delimiter: str) -> tuple[int, int]:
        counts = Counter(len(next(csv.reader([line], delimiter=delimiter))) for line in lines)
        return max(((n, width) for width, n in counts.items() if width >= 2), default=(0, 0))

    scores = {d: score(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: scores[d])  # max keeps the first of equals: `;`
    if scores[best][1] < 2:
        raise SourceError(_("The file has a single column: it does not look like a table."))
    return best


def read_csv(path: Path, delimiter: str | None = None) -> Table:
    """A CSV or text table, read line by line within the bounds of `text_file`."""
    encoding = sniff_encoding(path)
    delimiter, rows = sampled_records(
        path, encoding, lambda lines: delimiter or detect_delimiter_of(lines), HEADER_SEARCH
    )
    headers: list[str] | None = None
    header_line = 1
    table: list[tuple[int, list[str]]] = []
    for line, cells in rows:
        clean = [restored(c) if c[:1] == "'" else c for c in map(str.strip, cells)]
        if headers is None:
            headers, header_line = clean, line
        else:
            table.append((line, clean))
    return Table(headers or [], table, encoding, delimiter, header_line)


def _cell_text(value: object) -> str:
    """XLSX cells arrive typed; give them back as the text a person would have typed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        # Excel computes with 15 significant digits but stores 17, so a formula's 120.12 arrives
        # as 120.11999999999999; read it as Excel shows it
        return format(Decimal(f"{value:.15g}"), "f")
    return str(value).strip()


def read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook  # deferred: only spreadsheets need it

    try:  # a handle, not a name: openpyxl refuses names not ending in .xlsx
        handle = path.open("rb")
    except OSError as exc:
        raise unreadable(path, exc) from exc
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        handle.close()
        raise SourceError(_("{name} is not an Excel workbook.").format(name=path.name)) from exc
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some exporters declare A1 as the used range; read every row
        headers: list[str] | None = None
        header_line = 1
        rows: list[tuple[int, list[str]]] = []
        try:  # read-only mode parses the sheet as it goes: damage shows up here
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [restored(_cell_text(v)) for v in values]
                if not any(cells):
                    continue
                if headers is None:
                    headers, header_line = cells, number
                    continue
                rows.append((number, cells))
        except Exception as exc:  # the XML parser, zipfile and openpyxl each raise their own
            raise SourceError(
                _(
                    "{name} is a damaged Excel workbook: its first sheet cannot be read to the "
                    "end ({error})."
                ).format(name=path.name, error=exc)
            ) from exc
    finally:
        workbook.close()
        handle.close()
    while headers and not headers[-1]:
        headers.pop()
    return Table(headers or [], rows, "xlsx", "", header_line)


def read_table(path: Path) -> Table:
    """Read a CSV/TXT or XLSX file by its content's kind."""
    check_readable(path)
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        raise unreadable(path, exc) from exc
    table = read_xlsx(path) if magic == b"PK\x03\x04" else read_csv(path)
    if not table.headers:
        raise SourceError(_("The file is empty."))
    return table


def iter_records(table: Table) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows as {header: cell}; missing trailing cells read as empty."""
    for line, cells in padded_rows(table):
        yield line, dict(zip(table.headers, cells, strict=True))


def padded_rows(table: Table) -> Iterator[tuple[int, list[str]]]:
    """Rows as lists of one cell per header: missing trailing cells read as empty, cells beyond
    the last header left out."""
    width = len(table.headers)
    for line, cells in table.rows:
        if len(cells) == width:
            yield line, cells
        else:
            yield line, (cells + [""] * (width - len(cells)))[:width]
