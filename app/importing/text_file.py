"""Reading a delimited text file line by line, within bounds, and refusing one that was cut short.

Memory stays bounded whatever the file holds: a line is read up to `MAX_LINE` characters and a
cell up to `MAX_CELL` (a quoted cell may run over many lines), a row has at most `MAX_COLUMNS`
cells. Past a bound, the file is refused with a sentence naming the line, before the rest of
it is read.

A file cut short (a copy or a download interrupted) is refused too, whatever the options, since
what it lost cannot be imported and a sync would take its absence for a deletion. What can be
seen of a cut: a quoted cell still open at the end, or a last row whose line does not end with
a line break. Every spreadsheet and accounting export ends its last line, so a missing line
break is the only trace left by a cut in the middle of the last value (`250,75` cut to `25`).
"""

from __future__ import annotations

import codecs
import csv
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

from babel.numbers import format_decimal

from app.i18n import _, current_locale

MAX_LINE = 1_000_000  # characters in one line
MAX_CELL = 100_000  # characters in one cell
MAX_COLUMNS = 1_000
_CHUNK = 1 << 20
_DOS_END = "\x1a"  # Ctrl-Z, which old DOS programs write after the last line
# After the last line, so that a quoted cell left open swallows it: never in a real line, since a
# line holding NUL is refused.
_END = "\x00end of file\x00"

csv.field_size_limit(MAX_CELL)


class SourceError(ValueError):
    """The file cannot be read at all (not a table, unreadable encoding, empty, cut short)."""


def _number(value: int) -> str:
    return str(format_decimal(value, locale=current_locale()))


def not_text(path: Path) -> SourceError:
    return SourceError(_("{name} is not a text table in a known encoding.").format(name=path.name))


def unreadable(path: Path, error: OSError) -> SourceError:
    if path.is_dir():
        return SourceError(_("{path} is a folder, not a file.").format(path=path))
    return SourceError(
        _("{name} cannot be read ({reason}).").format(
            name=path.name, reason=error.strerror or error
        )
    )


def check_readable(path: Path) -> None:
    """A sentence for a name that is no file (missing, a folder) before anything is read."""
    if path.is_dir():
        raise SourceError(_("{path} is a folder, not a file.").format(path=path))
    if not path.exists():
        raise SourceError(_("{path} does not exist.").format(path=path))
    if not path.is_file():  # a pipe or a device: it could wait for ever or never end
        raise SourceError(_("{path} is not a regular file.").format(path=path))


def detect_encoding(raw: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or else Windows-1252 (French Excel)."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 saved without its byte-order mark: text whose every other byte is zero."""
    even, odd = head[0::2], head[1::2]
    if len(odd) < 2:
        return None
    if odd.count(0) > len(odd) // 2 and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > len(even) // 2 and odd.count(0) == 0:
        return "utf-16-be"
    return None


def sniff_encoding(path: Path) -> str:
    """`detect_encoding` over the whole file, read in chunks rather than whole."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
            if head.startswith(codecs.BOM_UTF8):
                return "utf-8-sig"
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return "utf-16"
            bom_less = _utf16_without_bom(head)
            if bom_less is not None:
                return bom_less
            handle.seek(0)
            decoder = codecs.getincrementaldecoder("utf-8")()
            try:
                while chunk := handle.read(_CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                return "cp1252"
    except OSError as exc:
        raise unreadable(path, exc) from exc
    return "utf-8"


class Lines:
    """The physical lines of a text file, each within `MAX_LINE`, and how the last one ended."""

    def __init__(self, path: Path, encoding: str) -> None:
        self.path, self.encoding = path, encoding
        self.count = 0
        self.ended = True  # whether the last line read ends with a line break

    def __iter__(self) -> Iterator[str]:
        try:
            with self.path.open("r", encoding=self.encoding, newline="") as handle:
                while line := handle.readline(MAX_LINE + 1):
                    ended = line.endswith(("\n", "\r"))
                    if not ended and line == _DOS_END:
                        return
                    self.count += 1
                    self.ended = ended
                    if len(line) > MAX_LINE:
                        raise SourceError(
                            _(
                                "Line {line} is longer than {limit} characters: {name} does not "
                                "look like a table Relance can read."
                            ).format(line=self.count, limit=_number(MAX_LINE), name=self.path.name)
                        )
                    if "\x00" in line:
                        raise not_text(self.path)
                    yield line
        except UnicodeDecodeError as exc:  # bytes even Windows-1252 leaves undefined: not text
            raise not_text(self.path) from exc
        except OSError as exc:
            raise unreadable(self.path, exc) from exc


def records(
    path: Path, encoding: str, choose_delimiter: Callable[[str], str]
) -> tuple[str, Iterator[tuple[int, list[str]]]]:
    """The delimiter `choose_delimiter` reads from the first non-blank line, and the file's rows.

    Each row comes with the line it starts on; blank rows are left out. The rows are read as they
    are asked for, and SourceError stops them where the file stops being readable.
    """
    return sampled_records(path, encoding, lambda lines: choose_delimiter(lines[0]), 1)


def sampled_records(
    path: Path, encoding: str, choose_delimiter: Callable[[list[str]], str], sample: int
) -> tuple[str, Iterator[tuple[int, list[str]]]]:
    """As `records`, the delimiter read from the first `sample` non-blank lines.

    A report-style export puts a title and a date above its header, so one line is not enough
    to tell its separator.
    """
    lines = Lines(path, encoding)
    stream = iter(lines)
    read: list[str] = []
    non_blank: list[str] = []
    for line in stream:
        read.append(line)
        if line.strip():
            non_blank.append(line)
            if len(non_blank) >= sample:
                break
    if not non_blank:
        raise SourceError(_("The file is empty."))
    try:
        delimiter = choose_delimiter(non_blank)
    except csv.Error as exc:
        raise _unreadable_row(path, lines.count, exc) from exc
    fed = _Fed(itertools.chain(read, stream))
    reader = csv.reader(itertools.chain(fed, [_END]), delimiter=delimiter)
    return delimiter, _rows(path, lines, fed, reader)


class _Fed:
    """The lines as the CSV reader takes them, counted: the line numbers of its rows."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self.count = 0

    def __iter__(self) -> Iterator[str]:
        for line in self._lines:
            self.count += 1
            yield line


def _rows(
    path: Path, lines: Lines, fed: _Fed, reader: Iterator[list[str]]
) -> Iterator[tuple[int, list[str]]]:
    start, first, last_start, last_end = 1, True, 0, 0
    while True:
        try:
            cells = next(reader)
        except csv.Error as exc:
            raise _unreadable_row(path, start, exc) from exc
        if cells and _END in cells[-1]:
            if cells != [_END]:
                raise _cut(path, start, quoted=True)
            break
        if len(cells) > MAX_COLUMNS:
            raise SourceError(
                _(
                    "Line {line} has {count} columns, more than the {limit} Relance reads: "
                    "{name} does not look like a table Relance can read."
                ).format(
                    line=start,
                    count=_number(len(cells)),
                    limit=_number(MAX_COLUMNS),
                    name=path.name,
                )
            )
        if "".join(cells).strip():  # not a blank row (every cell empty or spaces)
            if not first:
                last_start, last_end = start, fed.count
            first = False
            yield start, cells
        start = fed.count + 1
    if last_end and last_end == fed.count and not lines.ended:
        raise _cut(path, last_start, quoted=False)


def _unreadable_row(path: Path, line: int, error: csv.Error) -> SourceError:
    if "field limit" not in str(error):  # the only error lines split at \r and \n can give
        return SourceError(
            _("Line {line} of {name} cannot be read ({error}).").format(
                line=line, name=path.name, error=error
            )
        )
    return SourceError(
        _(
            "Line {line} has a cell longer than {limit} characters: {name} does not look like a "
            "table Relance can read."
        ).format(line=line, limit=_number(MAX_CELL), name=path.name)
    )


def _cut(path: Path, line: int, *, quoted: bool) -> SourceError:
    if quoted:
        return SourceError(
            _(
                "Line {line} opens a quoted cell that {name} never closes: the file looks cut "
                "short. Nothing was imported: export it again."
            ).format(line=line, name=path.name)
        )
    return SourceError(
        _(
            "Line {line}, the last one, does not end with a line break: {name} looks cut short "
            "in the middle of it. Nothing was imported: export the file again (if it is "
            "complete, end its last line with a line break)."
        ).format(line=line, name=path.name)
    )
