"""Command line for promises: `promise add` and `promises`.

A promise in the past, for more than is owed, or on an unknown invoice is refused with one
sentence (exit 1 for a refusal, 2 for an unknown reference or number), and nothing is written.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from app import i18n
from app.domain.calendar import Clock

_ = i18n._
ngettext = i18n.ngettext


def add_commands(commands: Any, parser_class: type[argparse.ArgumentParser], day: Any) -> None:
    promise = commands.add_parser("promise", help=_("record a promise to pay"))
    actions = promise.add_subparsers(dest="action", required=True, parser_class=parser_class)
    add = actions.add_parser("add", help=_("the customer promised to pay an amount by a date"))
    add.add_argument("customer_ref", metavar="CUSTOMER_REF")
    add.add_argument("--amount", required=True, metavar="A")
    add.add_argument("--date", required=True, type=day, metavar="DATE")
    add.add_argument("--invoice", action="append", default=[], metavar="NUMBER")
    add.add_argument("--note", metavar="TEXT")
    plan = commands.add_parser("plan", help=_("split what a customer owes into instalments"))
    plan_actions = plan.add_subparsers(dest="action", required=True, parser_class=parser_class)
    plan_add = plan_actions.add_parser("add", help=_("a payment plan, with its agreement letter"))
    plan_add.add_argument("customer_ref", metavar="CUSTOMER_REF")
    plan_add.add_argument("--instalments", required=True, type=int, metavar="N")
    plan_add.add_argument("--first", required=True, type=day, metavar="DATE")
    plan_add.add_argument("--every", default="month", metavar="month|DAYS")
    listing = commands.add_parser("promises", help=_("promises to pay and whether they were kept"))
    listing.add_argument("--as-of", type=day, metavar="DATE")
    listing.add_argument("--format", choices=("table", "json"), default="table")
    listing.add_argument(
        "--ics", type=Path, metavar="FILE", help=_("also write them to a calendar")
    )
    listing.add_argument("--customer", metavar="CUSTOMER_REF", help=_("only this customer's"))
    today = commands.add_parser(
        "today", help=_("the day's work: promises, calls, emails, disputes")
    )
    today.add_argument("--as-of", type=day, metavar="DATE")
    today.add_argument("--format", choices=("table", "json"), default="table")


def handlers() -> dict[str, Callable[[argparse.Namespace, Path], int]]:
    return {"promise": _promise, "promises": _promises, "today": _today, "plan": _plan}


def _promise(args: argparse.Namespace, db_path: Path) -> int:

    from app import cli
    from app.cli_casework import _lookup
    from app.domain.money import AmountError, parse_amount
    from app.services import ledger
    from app.services.ledger import LedgerError
    from app.services.promises import record_promise

    database = cli._open(db_path)
    clock = Clock()
    try:
        cents = parse_amount(args.amount)
    except AmountError:
        raise cli.UsageError(_("“{text}” is not an amount.").format(text=args.amount)) from None
    try:
        with database.session_factory.begin() as session:
            customer = _lookup(lambda: ledger.customer_by_ref(session, args.customer_ref))
            invoices = [
                _lookup(partial(ledger.invoice_by_number, session, n, customer.id))
                for n in args.invoice
            ]
            currency = invoices[0].currency if invoices else "EUR"
            promise = record_promise(
                session,
                clock,
                customer.id,
                amount_cents=cents,
                promised_on=args.date,
                invoice_ids=[i.id for i in invoices],
                currency=currency,
                note=args.note,
            )
            cli._write(_("Promise {id} recorded.").format(id=promise.id))
    except LedgerError as exc:
        cli._fail(str(exc))
        return cli.EXIT_REFUSED
    return cli.EXIT_OK


def _promises(args: argparse.Namespace, db_path: Path) -> int:
    from app import cli
    from app.services.promise_followup import evaluate_promises, promise_rows

    database = cli._open(db_path)
    clock = Clock()
    as_of = args.as_of or clock.today()
    with database.session_factory.begin() as session:
        if args.as_of is None:
            evaluate_promises(session, clock)  # today's judgement is written, with its history
        rows = promise_rows(session, as_of)
        if args.customer:
            rows = [r for r in rows if r.customer_ref == args.customer]
        if args.ics is not None:
            _write_ics(session, clock, args, db_path)
    if args.format == "json":
        cli._write(cli.json_text([r.to_json() for r in rows]))
        return cli.EXIT_OK
    lines = [
        f"{r.id:>4}  {r.customer_ref:<10}  {r.promised_on.isoformat()}  "
        f"{r.status:<11}  {r.to_json()['amount']:>12}  {r.to_json()['paid']:>12}"
        for r in rows
    ]
    cli._write("\n".join(lines) if lines else _("No promise to pay."))
    return cli.EXIT_OK


def _today(args: argparse.Namespace, db_path: Path) -> int:
    from app import cli
    from app.services.promise_followup import evaluate_promises
    from app.services.today import worklist

    database = cli._open(db_path)
    clock = Clock()
    as_of = args.as_of or clock.today()
    with database.session_factory.begin() as session:
        if args.as_of is None:
            evaluate_promises(session, clock)
        items = worklist(session, as_of)
    if args.format == "json":
        cli._write(cli.json_text([i.to_json() for i in items]))
        return cli.EXIT_OK
    lines = [
        f"{i.kind.value:<15}  {i.customer_ref:<10}  {i.day.isoformat()}  {i.summary}" for i in items
    ]
    cli._write("\n".join(lines) if lines else _("Nothing to do today."))
    return cli.EXIT_OK


def _write_ics(session: Any, clock: Clock, args: argparse.Namespace, db_path: Path) -> None:
    from app.cli_casework import _lookup
    from app.services import ledger
    from app.services.calendar_export import promises_ics

    customer_id = None
    if args.customer:
        customer_id = _lookup(lambda: ledger.customer_by_ref(session, args.customer)).id
    data = promises_ics(session, clock.now(), customer_id=customer_id, book=db_path.stem)
    args.ics.write_bytes(data)


def _plan(args: argparse.Namespace, db_path: Path) -> int:
    from sqlalchemy import func, select

    from app import cli
    from app.cli_casework import _lookup
    from app.db.models import Invoice
    from app.domain.promise_rules import split_equally
    from app.services import ledger
    from app.services.ledger import LedgerError
    from app.services.payment_plans import create_plan

    if args.every != "month" and not args.every.isdigit():
        raise cli.UsageError(_("--every is “month” or a number of days."))
    if args.instalments < 1:
        raise cli.UsageError(_("A plan has at least one instalment."))
    database = cli._open(db_path)
    clock = Clock()
    try:
        with database.session_factory.begin() as session:
            customer = _lookup(lambda: ledger.customer_by_ref(session, args.customer_ref))
            owed = session.scalar(
                select(func.coalesce(func.sum(Invoice.open_cents), 0)).where(
                    Invoice.customer_id == customer.id
                )
            )
            every = args.every if args.every == "month" else int(args.every)
            try:
                schedule = split_equally(int(owed or 0), args.instalments, args.first, every)
            except ValueError:
                raise LedgerError(_("Nothing is owed: there is nothing to plan.")) from None
            plan = create_plan(
                session, clock, customer.id, schedule, database_dir=Path(database.path).parent
            )
            cli._write(
                ngettext(
                    "Plan {id}: {n} instalment; agreement letter in {path}.",
                    "Plan {id}: {n} instalments; agreement letter in {path}.",
                    len(schedule),
                ).format(id=plan.id, n=len(schedule), path=plan.document_path)
            )
    except LedgerError as exc:
        cli._fail(str(exc))
        return cli.EXIT_REFUSED
    return cli.EXIT_OK
