"""Reading a FEC (Fichier des Écritures Comptables, art. A47 A-1 LPF) for its customer accounts.

Only the lines on customer accounts (`411…`) become records; every other line only tells what
kind of entry its customer lines belong to (a bank receipt, a sales credit note, something
else). Columns are found by name, whatever their case and order, so the extra columns some
packages add do no harm; `Montant` + `Sens` stand in for `Debit` + `Credit` as the law allows.

Where a file strays from the law without putting the ledger at risk, it is read with warnings
rather than refused: no lettering columns, a workbook saved from the text file, an entry that
does not balance, a customer's auxiliary account on another third-party account.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.domain.calendar import DateError, parse_date
from app.domain.money import AmountError, format_money, parse_amount, too_large
from app.domain.text import has_control
from app.i18n import _, current_locale
from app.importing.records import Problem, over_ceiling
from app.importing.sources import read_xlsx
from app.importing.text_file import SourceError, check_readable, records, sniff_encoding, unreadable

CUSTOMER_ACCOUNTS = ("411",)
# A customer's auxiliary account, as packages number them; on another third-party account (401,
# 416, 467…) it is worth a look, never a guess.
CUSTOMER_AUXILIARIES = ("411",)
# Columns Relance reads; the other mandatory ones (JournalLib, CompteLib, EcritureLib, EcritureLet,
# DateLet, ValidDate, Montantdevise, Idevise) are used when present and not required.
REQUIRED = (
    "JournalCode",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
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
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_WORKBOOK = b"PK\x03\x04"  # a zip: an XLSX workbook, as `sources.read_table` tells them


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
    warnings: list[Problem] = field(default_factory=list)  # read, imported, worth a look
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


def _is_workbook(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) == _WORKBOOK
    except OSError as exc:
        raise unreadable(path, exc) from exc


def _workbook_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """The first sheet's header, then its rows numbered as the sheet numbers them."""
    table = read_xlsx(path)
    if not table.headers:
        raise SourceError(_("The file is empty."))
    yield 1, table.headers
    yield from table.rows


def _rows(path: Path, workbook: bool) -> Iterator[tuple[int, list[str]]]:
    if workbook:
        return _workbook_rows(path)

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

    def has(self, name: str) -> bool:
        return name.casefold() in self._index

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


class _Amounts:
    """Debit minus credit of any line, straight from its cells, for its entry's balance."""

    def __init__(self, columns: _Columns, currency: str) -> None:
        self.montant, self.currency = columns.montant, currency
        first, second = ("Montant", "Sens") if columns.montant else ("Debit", "Credit")
        self.first_at, self.second_at = columns.position(first), columns.position(second)

    def cents(self, cells: list[str]) -> int | None:
        """None when an amount or direction cannot be read (the line's own check tells why)."""
        first = cells[self.first_at].strip() if self.first_at < len(cells) else ""
        second = cells[self.second_at].strip() if self.second_at < len(cells) else ""
        try:
            cents = parse_amount(first, self.currency) if first else 0
            if not self.montant:
                return cents - (parse_amount(second, self.currency) if second else 0)
        except AmountError:
            return None
        sense = second.upper()
        if sense in ("D", "+1", "1") or not cents:
            return cents
        return -cents if sense in ("C", "-1") else None


def _legal_date(text: str) -> str:
    """`2026-10-05`, as a workbook gives a date cell, back to the law's `20261005`."""
    match = _ISO.fullmatch(text)
    return "".join(match.groups()) if match else text


class _Entries:
    """Each entry's first line and debit minus credit, to tell the entries that do not balance."""

    def __init__(self) -> None:
        self.first_line: dict[EntryKey, int] = {}
        self.cents: dict[EntryKey, int] = {}
        self.unreadable: set[EntryKey] = set()  # an amount could not be read: no verdict

    def add(self, entry: EntryKey, line: int, cents: int | None) -> None:
        self.first_line.setdefault(entry, line)
        if cents is None:
            self.unreadable.add(entry)
        else:
            self.cents[entry] = self.cents.get(entry, 0) + cents

    def unbalanced(self, currency: str) -> Iterator[Problem]:
        locale = current_locale()
        for entry, cents in self.cents.items():
            if cents and entry not in self.unreadable:
                journal, number, _day = entry
                yield Problem(
                    self.first_line[entry],
                    "",
                    _(
                        "Entry {number} of journal {journal} does not balance: its debit and "
                        "credit differ by {difference}. It was imported as written; check it in "
                        "the accounting."
                    ).format(
                        number=number,
                        journal=journal,
                        difference=format_money(abs(cents), currency, locale),
                    ),
                )


def read_fec(path: Path, currency: str = "EUR") -> FecFile:
    """Read every line, keep the customer lines, and report each unreadable value where it is."""
    check_readable(path)
    workbook = _is_workbook(path)
    rows = _rows(path, workbook)
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
    if not columns.has("EcritureLet"):
        fec.warnings.append(
            Problem(
                1,
                "EcritureLet",
                _(
                    "This file has no lettering (no EcritureLet column): payments were "
                    "allocated to the oldest invoices first."
                ),
            )
        )
    entries, amounts = _Entries(), _Amounts(columns, currency)
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
        day = cells[date_at].strip()
        entry = (
            cells[journal_at].strip(),
            cells[number_at].strip(),
            _legal_date(day) if workbook else day,
        )
        if not account.startswith(CUSTOMER_ACCOUNTS):
            entries.add(entry, line, amounts.cents(cells))
            if account.startswith("4"):
                _check_auxiliary(columns, line, cells, account, fec.warnings)
            flag = counterpart_of(account)
            if flag:
                fec.counterparts[entry] = fec.counterparts.get(entry, Counterpart.NONE) | flag
            continue
        record = _customer_line(columns, line, cells, entry, currency, fec.problems)
        entries.add(entry, line, amounts.cents(cells) if record is None else record.cents)
        if record is None:
            fec.raw_lines[line] = cells
            continue
        if record.cents:
            fec.lines.append(record)
        if fec.first_date is None or record.entry_date < fec.first_date:
            fec.first_date = record.entry_date
        if fec.last_date is None or record.entry_date > fec.last_date:
            fec.last_date = record.entry_date
    fec.warnings += entries.unbalanced(currency)
    fec.warnings.sort(key=lambda p: p.line)
    return fec


def _check_auxiliary(
    columns: _Columns, line: int, cells: list[str], account: str, warnings: list[Problem]
) -> None:
    """A customer's auxiliary account on another third-party account: told, never imported."""
    aux = columns.get(cells, "CompAuxNum")
    if aux.startswith(CUSTOMER_AUXILIARIES):
        warnings.append(
            Problem(
                line,
                columns.header("CompAuxNum"),
                _(
                    "Account {account} carries the customer auxiliary account {aux}: this line "
                    "was not imported as a customer's; check the accounting entry."
                ).format(account=account, aux=aux),
            )
        )


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
