"""Import a file: read it, map its columns, validate every row, then sync it in one transaction.

By default nothing is written when any row is refused; `skip_invalid` writes the valid rows and
leaves the refused ones, with their reasons, in a rejects file beside the input. `dry_run` does
everything but commit, so its counts are exactly what a real import would do.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.collector import collector_paused
from app.db.bulk import roomy_cache
from app.domain.calendar import Clock
from app.domain.cells import inert_row
from app.i18n import _, current_locale
from app.importing.columns import (
    Kind,
    by_name,
    detect_mapping,
    load_mapping,
    read_mapping_file,
    recognised,
)
from app.importing.dates import ColumnOrder
from app.importing.parsing import date_orders, parse
from app.importing.records import InvoiceRecord, Parsed, Problem
from app.importing.sources import Table, choose_header, read_table
from app.services.import_customers import NewCustomers, create_customers, plan_new_customers
from app.services.import_names import name_refs
from app.services.import_sync import (
    ImportReport,
    Progress,
    check_references,
    sync_customers,
    sync_invoices,
    sync_payments,
)
from app.services.promise_followup import evaluate_promises
from app.services.settings import load_preferences


class RejectsError(OSError):
    """The rejects file cannot be written, so the import was not written either."""


@dataclass(frozen=True)
class ImportOptions:
    mapping_file: Path | None = None
    dry_run: bool = False
    skip_invalid: bool = False
    snapshot: bool = False
    source: str = ""


@dataclass(frozen=True)
class Prepared:
    """A file read and mapped, ready to validate (what the wizard previews)."""

    kind: Kind
    path: Path
    table: Table
    mapping: dict[str, str]

    def date_orders(self, locale: str | None = None) -> dict[str, ColumnOrder]:
        """How each date column is read (day or month first, and why), for the preview."""
        return date_orders(self.table, self.mapping, locale or current_locale())


# A line is the header when it holds this many column names Relance knows (or, with a mapping
# file, every header the mapping names): the title lines of a report hold at most one.
HEADER_NAMES = 2


@collector_paused()  # a large file's rows hold no cycles to collect: see `collector`
def prepare(kind: Kind, path: Path, mapping_file: Path | None = None) -> Prepared:
    named = set(read_mapping_file(mapping_file).values()) if mapping_file else set()

    def is_header(cells: list[str]) -> bool:
        return (bool(named) and named <= set(cells)) or recognised(kind, cells) >= HEADER_NAMES

    table = choose_header(read_table(path), is_header)
    mapping = (
        load_mapping(mapping_file, kind, table.headers, table.header_line)
        if mapping_file
        else detect_mapping(kind, table.headers)
    )
    return Prepared(kind, path, table, mapping)


def _column(mapping: dict[str, str], problem: Problem) -> Problem:
    return Problem(problem.line, mapping.get(problem.column, problem.column), problem.reason)


@collector_paused()
def run_import(
    session_factory: sessionmaker[Session],
    clock: Clock,
    prepared: Prepared,
    options: ImportOptions = ImportOptions(),
    progress: Progress | None = None,
) -> ImportReport:
    with session_factory() as session:
        preferences = load_preferences(session)
        names = None
        if by_name(prepared.kind, prepared.mapping):
            names = name_refs(session, prepared.kind, prepared.table, prepared.mapping)
        parsed = parse(
            prepared.kind,
            prepared.table,
            prepared.mapping,
            preferences.currency,
            locale=preferences.locale or current_locale(),
            names=names,
        )
        new_customers = NewCustomers()
        if prepared.kind is Kind.INVOICES:
            new_customers = plan_new_customers(session, parsed, prepared.mapping)
            parsed.problems += new_customers.problems
        else:
            parsed.problems += check_references(session, parsed, prepared.mapping)
        header_line = prepared.table.header_line
        if parsed.problems and not options.skip_invalid:
            return ImportReport(refused=_ordered(parsed.problems), header_line=header_line)
        refused_lines = {p.line for p in parsed.problems}
        valid = [r for r in parsed.records if r.line not in refused_lines]
        report = ImportReport(header_line=header_line)
        listed = _listed(prepared, parsed)
        try:
            with roomy_cache(session):
                create_customers(session, clock, new_customers.records, report, progress)
                _sync(session, clock, prepared, valid, report, options, progress, listed)
                evaluate_promises(session, clock)  # money an import brought may keep promises
        except BaseException:
            session.rollback()
            raise
        sync_problems = [_column(prepared.mapping, p) for p in report.refused]
        sync_problems += _other_lines(valid, sync_problems, prepared.mapping)
        report.refused = _ordered([*parsed.problems, *sync_problems])
        if sync_problems and not options.skip_invalid:
            session.rollback()
            return ImportReport(refused=report.refused, header_line=header_line)
        if options.dry_run:
            session.rollback()
            return report
        rejects = None
        if options.skip_invalid and report.refused:
            rejects = write_rejects(prepared, parsed, report.refused)  # first: see commit_after
        commit_after(session, rejects)
        report.written = True
    return report


def commit_after(session: Session, rejects: Path | None) -> None:
    """Commit an import whose rejects file is already written, or take that file back.

    The rejects file is written before the commit so that a file that cannot be written (a
    read-only folder, a full disk) leaves nothing imported, and exit status 1 keeps meaning
    "nothing was written".
    """
    try:
        session.commit()
    except BaseException:
        if rejects is not None:
            rejects.unlink(missing_ok=True)
        raise


def _listed(prepared: Prepared, parsed: Parsed) -> set[str]:
    """The invoice numbers of every row, valid or not: a snapshot settles only the others."""
    header = prepared.mapping.get("number")
    if prepared.kind is not Kind.INVOICES or header is None:
        return set()
    return {cell.strip() for cell in parsed.column(header)} - {""}


def _other_lines(
    records: list[Any], problems: list[Problem], mapping: dict[str, str]
) -> list[Problem]:
    """An invoice read from several item lines and refused while syncing refuses each line.

    The rejects file then holds the whole invoice: imported again without a line, it would be
    an invoice for less than it is.
    """
    refused = {p.line for p in problems}
    return [
        Problem(
            line,
            mapping.get("number", "number"),
            _("The invoice “{number}” is refused: see line {line}.").format(
                number=record.number, line=record.line
            ),
        )
        for record in records
        if isinstance(record, InvoiceRecord) and record.line in refused
        for line in record.lines
        if line != record.line
    ]


def _ordered(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line, p.column))


def _sync(
    session: Session,
    clock: Clock,
    prepared: Prepared,
    records: list[Any],
    report: ImportReport,
    options: ImportOptions,
    progress: Progress | None,
    listed: set[str],
) -> None:
    if prepared.kind is Kind.CUSTOMERS:
        sync_customers(session, clock, records, report, progress)
    elif prepared.kind is Kind.INVOICES:
        sync_invoices(
            session,
            clock,
            records,
            report,
            source=options.source,
            snapshot=options.snapshot,
            label=prepared.path.name,
            progress=progress,
            listed=listed,
            status_column=prepared.mapping.get("status", "status"),
        )
    else:
        sync_payments(session, clock, records, report, progress)


def rejects_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.rejects.csv")


def write_rejects(prepared: Prepared, parsed: Parsed, problems: list[Problem]) -> Path:
    """The refused rows as they were, with why, for the user to fix and import again."""
    reasons: dict[int, list[Problem]] = {}
    for problem in problems:
        reasons.setdefault(problem.line, []).append(problem)
    headers = prepared.table.headers
    rows = (
        [
            line,
            problem.column,
            problem.reason,
            *(parsed.cells(line).get(h, "") for h in headers),
        ]
        for line in sorted(reasons)
        for problem in reasons[line]
    )
    return write_rejects_file(
        rejects_path(prepared.path), ["line", "column", "reason", *headers], rows
    )


def write_rejects_file(target: Path, header: list[str], rows: Iterable[list[object]]) -> Path:
    """A rejects file Excel opens directly, or RejectsError and no partial file if it cannot."""
    opened = False
    try:
        with target.open("w", encoding="utf-8-sig", newline="") as handle:
            opened = True
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(inert_row(header))
            for row in rows:
                writer.writerow(inert_row(row))
    except OSError as exc:
        if opened:
            target.unlink(missing_ok=True)
        raise RejectsError(
            _("Nothing was written: the rejects file {path} cannot be written ({reason}).").format(
                path=target, reason=exc.strerror or exc
            )
        ) from exc
    return target
