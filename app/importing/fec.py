"""Reading a FEC (Fichier des Écritures Comptables, art. A47 A-1 LPF) for its customer accounts.

Only the lines on customer accounts (`411…`) become records; every other line only tells what
kind of entry its customer lines belong to (a bank receipt, a sales credit note, something
else). Columns are found by name, whatever their case and order, so the extra columns some
packages add do no harm; `Montant` + `Sens` stand in for `Debit` + `Credit` as the law allows.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.domain.calendar import DateError, parse_date
from app.domain.money import AmountError, parse_amount, too_large
from app.domain.text import has_control
from app.i18n import _
from app.importing.records import Problem, over_ceiling
from app.importing.text_file import SourceError, check_readable, records, sniff_encoding

CUSTOMER_ACCOUNTS = ("411",)
# Columns Relance reads; the other mandatory ones (JournalLib, CompteLib, EcritureLib, DateLet,
# ValidDate, Montantdevise, Idevise) are used when present and not required.
REQUIRED = (
    "JournalCode",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLet",
)
# What becomes a customer's reference or name, a document's number or label: single lines.
_SINGLE_LINES = (
    "JournalCode",
    "EcritureNum",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "EcritureLib",
    "EcritureLet",
)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")


class Counterpart(enum.Flag):
    """What the other lines of an entry touch: a receipt, a sale (or its credit note)."""

    NONE = 0
    BANK = enum.auto()  # class 5: bank, cash, cheques to deposit
    CASH = enum.auto()  # 53: cash box
    SALES = enum.auto()  # 70…: sales, 4457…: VAT collected


def counterpart_of(account: str) -> Counterpart:
    if account.startswith("53"):
        return Counterpart.BANK | Counterpart.CASH
    if account.startswith("5"):
        return Counterpart.BANK
    if account.startswith(("70", "4457")):
        return Counterpart.SALES
    return Counterpart.NONE


EntryKey = tuple[str, str, str]  # journal code, entry number, entry date as written


@dataclass(frozen=True, slots=True)
class FecLine:
    """One line on a customer account; `cents` is debit minus credit."""

    line: int
    entry: EntryKey
    journal: str
    entry_date: date
    customer_ref: str
    customer_name: str
    piece_ref: str
    piece_date: date
    label: str
    cents: int
    letter: str
    letter_date: date | None


@dataclass
class FecFile:
    lines: list[FecLine] = field(default_factory=list)
    counterparts: dict[EntryKey, Counterpart] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    raw_lines: dict[int, list[str]] = field(default_factory=dict)  # refused lines, as written
    headers: list[str] = field(default_factory=list)
    first_date: date | None = None
    last_date: date | None = None
    line_count: int = 0


def parse_fec_date(text: str) -> date:
    """`YYYYMMDD` as the law says; ISO and `DD/MM/YYYY` from packages that ignore it."""
    raw = text.strip()
    match = _COMPACT.fullmatch(raw)
    if match:
        try:
            return date(*(int(g) for g in match.groups()))
        except ValueError as exc:
            raise DateError(f"“{text}” is not a valid date") from exc
    return parse_date(raw)


def _header_index(headers: list[str]) -> dict[str, int]:
    return {h.strip().lstrip("\ufeff").casefold(): i for i, h in enumerate(headers)}


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    def delimiter_of(first: str) -> str:
        delimiter = "|" if first.count("|") > first.count("\t") else "\t"
        if first.count(delimiter) < 10:
            raise SourceError(
                _(
                    "{name} does not look like a FEC: its first line should name the columns, "
                    "separated by tabs or pipes (JournalCode, JournalLib, EcritureNum…)."
                ).format(name=path.name)
            )
        return delimiter

    _delimiter, rows = records(path, sniff_encoding(path), delimiter_of)
    return rows


class _Columns:
    def __init__(self, headers: list[str]) -> None:
        index = _header_index(headers)
        self.headers = headers
        self.missing = [name for name in REQUIRED if name.casefold() not in index]
        self.montant = "debit" not in index and "montant" in index and "sens" in index
        if not self.montant:
            self.missing += [n for n in ("Debit", "Credit") if n.casefold() not in index]
        self._index = index

    def get(self, cells: list[str], name: str) -> str:
        position = self._index.get(name.casefold())
        if position is None or position >= len(cells):
            return ""
        return cells[position].strip()

    def position(self, name: str) -> int:
        return self._index[name.casefold()]

    def header(self, name: str) -> str:
        position = self._index.get(name.casefold())
        return self.headers[position].strip() if position is not None else name


class _LineReader:
    """One customer line's fields, recording a problem for each unreadable value."""

    def __init__(self, columns: _Columns, line: int, cells: list[str], problems: list[Problem]):
        self.columns, self.line, self.cells, self.problems = columns, line, cells, problems
        self.ok = True

    def text(self, name: str) -> str:
        return self.columns.get(self.cells, name)

    def fail(self, name: str, reason: str) -> None:
        self.ok = False
        self.problems.append(Problem(self.line, self.columns.header(name), reason))

    def day(self, name: str, *, required: bool = True) -> date | None:
        value = self.text(name)
        if not value:
            if required:
                self.fail(name, _("This value is required."))
            return None
        try:
            return parse_fec_date(value)
        except DateError:
            self.fail(name, _("“{value}” is not a date (expected YYYYMMDD).").format(value=value))
            return None

    def amount(self, name: str, currency: str) -> int:
        value = self.text(name)
        if not value:
            return 0
        try:
            cents = parse_amount(value, currency)
        except AmountError:
            self.fail(name, _("“{value}” is not an amount.").format(value=value))
            return 0
        if too_large(cents, currency):
            self.fail(name, over_ceiling(value, currency))
            return 0
        return cents

    def signed_cents(self, currency: str) -> int:
        if not self.columns.montant:
            return self.amount("Debit", currency) - self.amount("Credit", currency)
        cents = self.amount("Montant", currency)
        sense = self.text("Sens").upper()
        if sense in ("D", "+1", "1"):
            return cents
        if sense in ("C", "-1"):
            return -cents
        self.fail("Sens", _("“{value}” is not a direction (D or C).").format(value=sense))
        return 0


def read_fec(path: Path, currency: str = "EUR") -> FecFile:
    """Read every line, keep the customer lines, and report each unreadable value where it is."""
    check_readable(path)
    rows = _rows(path)
    try:
        _line, headers = next(rows)
    except StopIteration:
        raise SourceError(_("The file is empty.")) from None
    columns = _Columns(headers)
    fec = FecFile(headers=[h.strip() for h in headers])
    if columns.missing:
        fec.problems += [
            Problem(1, name, _("This column is required in a FEC.")) for name in columns.missing
        ]
        return fec
    account_at = columns.position("CompteNum")
    journal_at, number_at = columns.position("JournalCode"), columns.position("EcritureNum")
    date_at = columns.position("EcritureDate")
    for line, cells in rows:
        fec.line_count += 1
        if len(cells) <= max(account_at, journal_at, number_at, date_at):
            fec.problems.append(Problem(line, "CompteNum", _("This line has too few columns.")))
            fec.raw_lines[line] = cells
            continue
        account = cells[account_at].strip()
        entry = (cells[journal_at].strip(), cells[number_at].strip(), cells[date_at].strip())
        if not account.startswith(CUSTOMER_ACCOUNTS):
            flag = counterpart_of(account)
            if flag:
                fec.counterparts[entry] = fec.counterparts.get(entry, Counterpart.NONE) | flag
            continue
        record = _customer_line(columns, line, cells, entry, currency, fec.problems)
        if record is None:
            fec.raw_lines[line] = cells
            continue
        if record.cents:
            fec.lines.append(record)
        if fec.first_date is None or record.entry_date < fec.first_date:
            fec.first_date = record.entry_date
        if fec.last_date is None or record.entry_date > fec.last_date:
            fec.last_date = record.entry_date
    return fec


def _customer_line(
    columns: _Columns,
    line: int,
    cells: list[str],
    entry: EntryKey,
    currency: str,
    problems: list[Problem],
) -> FecLine | None:
    row = _LineReader(columns, line, cells, problems)
    for name in _SINGLE_LINES:
        if has_control(row.text(name)):
            row.fail(
                name,
                _(
                    "This value holds a line break or another control character, which "
                    "Relance does not accept here."
                ),
            )
    if not entry[1]:
        row.fail("EcritureNum", _("This value is required."))
    entry_date = row.day("EcritureDate")
    piece_date = row.day("PieceDate", required=False) or entry_date
    letter_date = row.day("DateLet", required=False)
    cents = row.signed_cents(currency)
    aux = row.text("CompAuxNum")
    ref = aux or row.text("CompteNum")
    name = (row.text("CompAuxLib") if aux else row.text("CompteLib")) or ref
    if not row.ok or entry_date is None or piece_date is None:
        return None
    return FecLine(
        line=line,
        entry=entry,
        journal=entry[0],
        entry_date=entry_date,
        customer_ref=ref,
        customer_name=name,
        piece_ref=row.text("PieceRef"),
        piece_date=piece_date,
        label=row.text("EcritureLib"),
        cents=cents,
        letter=row.text("EcritureLet"),
        letter_date=letter_date,
    )
