"""Command line front end over the same services as the window (contract: DESIGN.md §4).

Exit status: 0 success, 1 input refused (every problem printed, nothing changed), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any, NoReturn

from app import __version__, i18n
from app.collector import sparse_collections
from app.domain.calendar import Clock, DateError, parse_iso_date

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
_ = i18n._
ngettext = i18n.ngettext


class UsageError(Exception):
    """Wrong usage detected after parsing (a bad date, amount or reference): exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def _iso_date(text: str) -> date:
    try:
        return parse_iso_date(text)
    except DateError as exc:
        raise argparse.ArgumentTypeError(
            _("“{text}” is not a date in the form YYYY-MM-DD.").format(text=text)
        ) from exc


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise argparse.ArgumentTypeError(_("“{text}” is not a positive number.").format(text=text))
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="relance", description=_("Relance: courteous debt collection."))
    parser.add_argument("--version", action="version", version=f"Relance {__version__}")
    parser.add_argument("--db", type=Path, metavar="PATH", help=_("database file to use"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    demo = commands.add_parser("demo", help=_("create or fill a database with demo data"))
    demo.add_argument("--customers", type=_positive_int, default=150, metavar="N")
    demo.add_argument(
        "--remove",
        action="store_true",
        help=_("take the demo's customers out of the book (your own customers stay)"),
    )

    aging = commands.add_parser("aging", help=_("aged balance of receivables"))
    aging.add_argument("--as-of", type=_iso_date, metavar="DATE")
    aging.add_argument("--format", choices=("table", "json", "csv"), default="table")

    payment = commands.add_parser("payment", help=_("record payments"))
    payment_commands = payment.add_subparsers(dest="action", required=True, parser_class=_Parser)
    add = payment_commands.add_parser("add", help=_("record a payment received"))
    add.add_argument("customer_ref", metavar="CUSTOMER_REF")
    add.add_argument("--amount", required=True, metavar="A")
    add.add_argument("--date", required=True, type=_iso_date, metavar="DATE")
    add.add_argument("--invoice", metavar="NUMBER", help=_("allocate to this invoice first"))
    add.add_argument("--reference", metavar="R")

    importer = commands.add_parser("import", help=_("import or re-sync from an accounting file"))
    importer.add_argument(
        "kind", choices=("customers", "invoices", "payments", "fec"), metavar="KIND"
    )
    importer.add_argument("file", type=Path, metavar="FILE")
    importer.add_argument("--mapping", type=Path, metavar="FILE", help=_("JSON: field → header"))
    importer.add_argument("--dry-run", action="store_true", help=_("report without writing"))
    importer.add_argument(
        "--skip-invalid", action="store_true", help=_("write the valid rows, reject the others")
    )
    importer.add_argument(
        "--snapshot",
        action="store_true",
        help=_("the file lists every open invoice: settle the ones it does not list"),
    )
    importer.add_argument(
        "--terms",
        type=_positive_int,
        metavar="DAYS",
        help=_("FEC: payment terms for new customers (default 30)"),
    )
    importer.add_argument("--format", choices=("table", "json"), default="table")

    from app import cli_casework, cli_dunning, cli_ledger, cli_mail, cli_promises

    cli_casework.add_commands(commands, _Parser, _iso_date)
    cli_ledger.add_commands(commands, _Parser, _iso_date)
    cli_promises.add_commands(commands, _Parser, _iso_date)
    cli_dunning.add_commands(commands, _Parser, _iso_date)
    cli_mail.add_commands(commands, _Parser)
    commands.add_parser("backup", help=_("back up the database now"))
    restore = commands.add_parser("restore", help=_("restore the database from a backup"))
    restore.add_argument("file", type=Path, metavar="FILE")
    return parser


def _give_streams_to_a_windowed_launcher() -> None:
    """A windowed launcher (pythonw, the frozen application on Windows and macOS) starts without
    standard streams: what a command writes then goes nowhere, instead of failing with a
    traceback after its work was done. Its exit status still tells."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def _write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _fail(message: str) -> None:
    sys.stderr.write(message.rstrip() + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    _give_streams_to_a_windowed_launcher()
    args = build_parser().parse_args(argv)
    from app import cli_casework, cli_dunning, cli_ledger, cli_mail, cli_promises

    if args.command is None:
        from app.ui.application import run

        return run(args.db)  # without --db: the book opened last, else the default one
    db_path: Path = args.db if args.db is not None else _default_db()
    handlers: dict[str, Callable[[argparse.Namespace, Path], int]] = {
        "demo": _demo,
        "aging": _aging,
        "payment": _payment,
        "import": _import,
        "backup": _backup,
        "restore": _restore,
        **cli_casework.handlers(),
        **cli_dunning.handlers(),
        **cli_ledger.handlers(),
        **cli_mail.handlers(),
        **cli_promises.handlers(),
    }
    try:
        with sparse_collections():
            return _run(handlers[args.command], args, db_path)
    finally:
        _close_opened()


def _run(
    handler: Callable[[argparse.Namespace, Path], int], args: argparse.Namespace, db_path: Path
) -> int:
    """One command, its refusals said in a sentence on stderr with the documented status."""
    from app.db.errors import DatabaseError  # deferred: keeps --version and --help instant

    try:
        return handler(args, db_path)
    except UsageError as exc:
        _fail(str(exc))
        return EXIT_USAGE
    except DatabaseError as exc:
        _fail(str(exc))
        return EXIT_REFUSED
    except Exception as exc:  # a full disk, a read-only file, another writer: never a traceback
        from app.db.errors import describe

        message = describe(exc, db_path)
        if message is None:
            raise
        _fail(message)
        return EXIT_REFUSED


def _default_db() -> Path:
    from app.paths import default_db_path

    return default_db_path()


_opened: list[Any] = []  # the databases a command opened, closed when it ends


def _close_opened() -> None:
    while _opened:
        _opened.pop().dispose()


def _open(db_path: Path, *, for_reading: bool = False) -> Any:
    """The book, open; `for_reading` for a command that commits nothing (see `open_database`:
    call `confirm_sound()` before writing out what it read)."""
    from app.db.migrate import open_database
    from app.services.settings import load_preferences

    database = open_database(db_path, for_reading=for_reading)
    _opened.append(database)
    with database.session_factory() as session:
        preferences = load_preferences(session)
    _use_language(preferences.language)
    return database


def _use_language(language: str) -> None:
    """The book's language for what the command writes, or the system's when it has none."""
    i18n.set_language(language or i18n.system_language())


def _demo(args: argparse.Namespace, db_path: Path) -> int:
    from app.services.demo import fill_demo
    from app.services.demo_book import DemoRefused, remove_demo

    database = _open(db_path)
    if args.remove:
        with database.session_factory.begin() as session:
            removed = remove_demo(session)
        _write(
            _("{customers} demo customers and {invoices} invoices removed from {path}").format(
                customers=removed.customers, invoices=removed.invoices, path=db_path
            )
        )
        return EXIT_OK
    try:
        with database.session_factory.begin() as session:
            summary = fill_demo(session, Clock(), customers=args.customers)
    except DemoRefused as refused:
        _fail(str(refused))
        return EXIT_REFUSED
    _write(
        _("{customers} customers and {invoices} invoices added to {path}").format(
            customers=summary.customers, invoices=summary.invoices, path=db_path
        )
    )
    return EXIT_OK


def _aging(args: argparse.Namespace, db_path: Path) -> int:
    # Read with sqlite3 alone (`app.db.reading`): loading SQLAlchemy took longer than the report.
    from app.db.aging_query import sqlite_aging_lines
    from app.db.reading import reading, stored_preferences
    from app.services.reports import aged_balance

    as_of: date = args.as_of or Clock().today()
    with reading(db_path) as book:
        preferences = stored_preferences(book)
        lines = sqlite_aging_lines(book, as_of)
    _use_language(preferences.language)
    report = aged_balance(as_of, preferences.currency, lines)
    render = {"json": _aging_json, "csv": _aging_csv, "table": _aging_table}[args.format]
    _write(render(report))
    return EXIT_OK


def _aging_json(report: Any) -> str:
    return json_text(report.to_json())


def json_text(document: Any) -> str:
    """A command's JSON: indented for a person at a terminal, on one line for a program reading
    it (written by the json module's C encoder, several times faster on a large book's report)."""
    if _at_terminal():
        return json.dumps(document, ensure_ascii=False, indent=2)
    return json.dumps(document, ensure_ascii=False)


def _at_terminal() -> bool:
    return sys.stdout is not None and sys.stdout.isatty()


def write_json(document: dict[str, Any], streamed: dict[str, Iterable[str]]) -> None:
    """Write a large object whose lists named in `streamed` come item by item, each already
    encoded as `json.dumps(item, ensure_ascii=False)` would (a generator): for a program, each
    item is written as it comes, so neither the whole list nor the whole text is ever held (the
    bytes are `json_text`'s, exactly); for a person at a terminal, the document is indented as
    `json_text` does."""
    if _at_terminal():
        lists = {key: [json.loads(item) for item in items] for key, items in streamed.items()}
        _write(json_text(document | lists))
        return
    encode = json.JSONEncoder(ensure_ascii=False).encode
    out = sys.stdout
    out.write("{")
    for n, (key, value) in enumerate(document.items()):
        out.write((", " if n else "") + encode(key) + ": ")
        if key not in streamed:
            out.write(encode(value))
            continue
        out.write("[")
        items, first = iter(streamed[key]), True
        while chunk := list(islice(items, 1000)):  # written by thousands, not one by one
            out.write(("" if first else ", ") + ", ".join(chunk))
            first = False
        out.write("]")
    out.write("}\n")


def _aging_csv(report: Any) -> str:
    from app.domain.aging import BUCKETS
    from app.domain.cells import inert_row
    from app.domain.money import to_plain

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["customer_ref", "name", "currency", *BUCKETS, "total", "disputed"])
    for line in report.lines:
        amounts = [to_plain(line.aging.buckets[b], line.currency) for b in BUCKETS]
        total = to_plain(line.aging.total, line.currency)
        disputed = to_plain(line.disputed_cents, line.currency)
        writer.writerow(
            inert_row([line.customer_ref, line.name, line.currency, *amounts, total, disputed])
        )
    return buffer.getvalue()


def _aging_table(report: Any) -> str:
    from app.services.reports import aging_table

    return aging_table(report, i18n.current_locale())


def _payment(args: argparse.Namespace, db_path: Path) -> int:
    from app.domain.money import AmountError, parse_amount
    from app.services import ledger
    from app.services.settings import load_preferences

    database = _open(db_path)
    clock = Clock()
    with database.session_factory.begin() as session:
        currency = load_preferences(session).currency
        try:
            amount = parse_amount(args.amount, currency)
        except AmountError as exc:
            raise UsageError(
                _("“{text}” is not an amount (write it like 1234.50 or 1234,50).").format(
                    text=args.amount
                )
            ) from exc
        try:
            customer = ledger.customer_by_ref(session, args.customer_ref)
            allocate_to: dict[int, int | None] | None = None
            if args.invoice:
                invoice = ledger.invoice_by_number(session, args.invoice, customer.id)
                allocate_to = {invoice.id: None}
                currency = invoice.currency
            result = ledger.record_payment(
                session,
                clock,
                customer_id=customer.id,
                amount_cents=amount,
                received_on=args.date,
                currency=currency,
                reference=args.reference,
                allocate_to=allocate_to,
            )
        except ledger.LedgerError as exc:
            raise UsageError(str(exc)) from exc
        summary = ledger.describe_posting(session, result, currency)
    _write(summary)
    return EXIT_OK


def _import(args: argparse.Namespace, db_path: Path) -> int:
    from app.importing.columns import Kind, MappingError
    from app.importing.sources import SourceError
    from app.services.importing import (
        ImportOptions,
        RejectsError,
        prepare,
        rejects_path,
        run_import,
    )

    database = _open(db_path)
    options = ImportOptions(args.mapping, args.dry_run, args.skip_invalid, args.snapshot)
    try:
        if args.kind == "fec":
            from app.services.fec_import import import_fec

            report = import_fec(
                database.session_factory, Clock(), args.file, options, terms_days=args.terms or 30
            )
        else:
            prepared = prepare(Kind(args.kind), args.file, args.mapping)
            report = run_import(database.session_factory, Clock(), prepared, options)
    except (SourceError, MappingError, RejectsError) as exc:
        _fail(str(exc))
        return EXIT_REFUSED
    if args.format == "json":
        _write(json_text(report.to_json()))
    else:
        if report.header_line > 1:
            _write(
                _("Header read on line {line}; the lines above it were skipped.").format(
                    line=report.header_line
                )
            )
        for problem in report.refused:
            _fail(
                _("line {line}, column “{column}”: {reason}").format(
                    line=problem.line, column=problem.column, reason=problem.reason
                )
            )
        for problem in report.warnings:
            _fail(_("warning: {problem}").format(problem=_where(problem)))
        for problem in report.skipped:
            _write(_("skipped: {problem}").format(problem=_where(problem)))
        _write(
            _(
                "{created} created, {updated} updated, {unchanged} unchanged, {refused} refused"
            ).format(
                created=report.created,
                updated=report.updated,
                unchanged=report.unchanged,
                refused=len(report.refused),
            )
            + (_(", {settled} settled").format(settled=report.settled) if report.settled else "")
            + (_(", {n} skipped").format(n=len(report.skipped)) if report.skipped else "")
            + _customers_created(report.customers_created)
        )
        if args.dry_run:
            _write(_("Dry run: nothing was written."))
        elif report.refused and not args.skip_invalid:
            _write(_("Nothing was written: correct the file, or use --skip-invalid."))
        elif report.refused:
            _write(_("Refused rows written to {path}").format(path=rejects_path(args.file)))
    if report.refused and not args.skip_invalid:
        return EXIT_REFUSED
    return EXIT_OK


def _where(problem: Any) -> str:
    """`line 4, column “Statut”: …`, or `line 4: …` for a whole line."""
    if not problem.column:
        return _("line {line}: {reason}").format(line=problem.line, reason=problem.reason)
    return _("line {line}, column “{column}”: {reason}").format(
        line=problem.line, column=problem.column, reason=problem.reason
    )


def _customers_created(count: int) -> str:
    """The summary's extension for the customers an invoices file or a FEC created."""
    if not count:
        return ""
    return ngettext(", {n} customer created", ", {n} customers created", count).format(n=count)


def _backup(args: argparse.Namespace, db_path: Path) -> int:
    from app.db.backup import backup_database

    database = _open(db_path)
    database.dispose()
    target = backup_database(db_path, reason="manual")
    _write(_("Backup written to {path}").format(path=target))
    return EXIT_OK


def _restore(args: argparse.Namespace, db_path: Path) -> int:
    from app.db.lock import DatabaseLock
    from app.db.restore import restore_database
    from app.services.outbox_send import sending_lock, sending_now

    with DatabaseLock(db_path) as lock, sending_lock(db_path) as sending:
        if not lock.acquire():
            _fail(_("Relance is open on this database: close it before restoring."))
            return EXIT_REFUSED
        if not sending.acquire():  # an `outbox send` at work: its messages would be undone
            _fail(sending_now())
            return EXIT_REFUSED
        safety = restore_database(args.file, db_path, lock)
    _write(_("Database restored from {path}").format(path=args.file))
    if safety is not None:
        _write(_("The previous content was saved to {path}").format(path=safety))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
