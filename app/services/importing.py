"""Import a file: read it, map its columns, validate every row, then sync it in one transaction.

By default nothing is written when any row is refused; `skip_invalid` writes the valid rows and
leaves the refused ones, with their reasons, in a rejects file beside the input. `dry_run` does
everything but commit, so its counts are exactly what a real import would do.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.domain.calendar import Clock
from app.domain.cells import inert_row
from app.importing.columns import Kind, detect_mapping, load_mapping
from app.importing.records import Parsed, Problem, parse
from app.importing.sources import Table, read_table
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


def prepare(kind: Kind, path: Path, mapping_file: Path | None = None) -> Prepared:
    table = read_table(path)
    mapping = (
        load_mapping(mapping_file, kind, table.headers)
        if mapping_file
        else detect_mapping(kind, table.headers)
    )
    return Prepared(kind, path, table, mapping)


def _column(mapping: dict[str, str], problem: Problem) -> Problem:
    return Problem(problem.line, mapping.get(problem.column, problem.column), problem.reason)


def run_import(
    session_factory: sessionmaker[Session],
    clock: Clock,
    prepared: Prepared,
    options: ImportOptions = ImportOptions(),
    progress: Progress | None = None,
) -> ImportReport:
    with session_factory() as session:
        currency = load_preferences(session).currency
        parsed = parse(prepared.kind, prepared.table, prepared.mapping, currency)
        parsed.problems += check_references(session, parsed, prepared.mapping)
        if parsed.problems and not options.skip_invalid:
            return ImportReport(refused=_ordered(parsed.problems))
        refused_lines = {p.line for p in parsed.problems}
        valid = [r for r in parsed.records if r.line not in refused_lines]
        report = ImportReport()
        listed = _listed(prepared, parsed)
        try:
            _sync(session, clock, prepared, valid, report, options, progress, listed)
            evaluate_promises(session, clock)  # money an import brought may keep promises
        except BaseException:
            session.rollback()
            raise
        sync_problems = [_column(prepared.mapping, p) for p in report.refused]
        report.refused = _ordered([*parsed.problems, *sync_problems])
        if sync_problems and not options.skip_invalid:
            session.rollback()
            return ImportReport(refused=report.refused)
        if options.dry_run:
            session.rollback()
        else:
            session.commit()
            report.written = True
    if options.skip_invalid and report.refused and not options.dry_run:
        write_rejects(prepared, parsed, report.refused)
    return report


def _listed(prepared: Prepared, parsed: Parsed) -> set[str]:
    """The invoice numbers of every row, valid or not: a snapshot settles only the others."""
    header = prepared.mapping.get("number")
    if prepared.kind is not Kind.INVOICES or header is None:
        return set()
    return {cells.get(header, "").strip() for cells in parsed.rows_by_line.values()} - {""}


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
        )
    else:
        sync_payments(session, clock, records, report, progress)


def rejects_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.rejects.csv")


def write_rejects(prepared: Prepared, parsed: Parsed, problems: list[Problem]) -> Path:
    """The refused rows as they were, with why, for the user to fix and import again."""
    target = rejects_path(prepared.path)
    reasons: dict[int, list[Problem]] = {}
    for problem in problems:
        reasons.setdefault(problem.line, []).append(problem)
    headers = prepared.table.headers
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(inert_row(["line", "column", "reason", *headers]))
        for line in sorted(reasons):
            cells = parsed.rows_by_line.get(line, {})
            for problem in reasons[line]:
                writer.writerow(
                    inert_row(
                        [line, problem.column, problem.reason, *(cells.get(h, "") for h in headers)]
                    )
                )
    return target
