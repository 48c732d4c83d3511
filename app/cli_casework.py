"""Command line for the customer file: `history`, `dispute open|close` and `hold`.

Refusals (a settled invoice, too large an amount, a hold ending in the past) print one sentence,
write nothing and exit 1; wrong usage, including an unknown customer reference or invoice number,
exits 2, as everywhere in the CLI.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from app import i18n
from app.domain.calendar import Clock
from app.domain.disputes import DisputeReason

_ = i18n._
Found = TypeVar("Found")


def add_commands(commands: Any, parser_class: type[argparse.ArgumentParser], day: Any) -> None:
    history = commands.add_parser("history", help=_("a customer's history, newest first"))
    history.add_argument("customer_ref", metavar="CUSTOMER_REF")
    history.add_argument("--format", choices=("table", "json"), default="table")

    dispute = commands.add_parser("dispute", help=_("open or close a dispute on an invoice"))
    actions = dispute.add_subparsers(dest="action", required=True, parser_class=parser_class)
    opening = actions.add_parser("open", help=_("the customer contests an invoice"))
    opening.add_argument("invoice_number", metavar="INVOICE_NUMBER")
    opening.add_argument(
        "--reason", required=True, choices=[r.value for r in DisputeReason], metavar="R"
    )
    opening.add_argument("--amount", metavar="A", help=_("the disputed part (default: all open)"))
    opening.add_argument("--note", metavar="TEXT")
    closing = actions.add_parser("close", help=_("close the open dispute of an invoice"))
    closing.add_argument("invoice_number", metavar="INVOICE_NUMBER")
    closing.add_argument("--outcome", required=True, choices=("resolved", "rejected"))
    closing.add_argument("--note", metavar="TEXT")

    hold = commands.add_parser("hold", help=_("put a customer on hold, or lift the hold"))
    hold.add_argument("customer_ref", metavar="CUSTOMER_REF")
    hold.add_argument("--reason", metavar="TEXT")
    hold.add_argument("--until", type=day, metavar="DATE")
    hold.add_argument("--off", action="store_true", help=_("lift the hold"))


def _lookup(find: Callable[[], Found]) -> Found:
    """An unknown reference or number is wrong usage (exit 2), as for `payment add`."""
    from app import cli
    from app.services.ledger import LedgerError

    try:
        return find()
    except LedgerError as exc:
        raise cli.UsageError(str(exc)) from exc


def handlers() -> dict[str, Callable[[argparse.Namespace, Path], int]]:
    return {"history": _history, "dispute": _dispute, "hold": _hold}


def _history(args: argparse.Namespace, db_path: Path) -> int:
    from app import cli
    from app.services import ledger
    from app.services.customer_file import timeline

    database = cli._open(db_path)
    with database.session_factory() as session:
        customer = _lookup(lambda: ledger.customer_by_ref(session, args.customer_ref))
        events = timeline(session, customer.id)
    if args.format == "json":
        document = {
            "customer_ref": customer.ref,
            "events": [
                {
                    "at": event.at.isoformat(),
                    "kind": event.kind,
                    "summary": event.summary,
                    "invoice_number": event.invoice_number or None,
                }
                for event in events
            ],
        }
        cli._write(cli.json_text(document))
        return cli.EXIT_OK
    lines = [f"{customer.ref} — {customer.name}"]
    for event in events:
        local = event.at.astimezone().strftime("%Y-%m-%d %H:%M")
        invoice = f"  [{event.invoice_number}]" if event.invoice_number else ""
        lines.append(f"{local}  {event.kind:<26} {event.summary}{invoice}")
    if not events:
        lines.append(_("No history yet."))
    cli._write("\n".join(lines))
    return cli.EXIT_OK


def _dispute(args: argparse.Namespace, db_path: Path) -> int:
    from app import cli
    from app.domain.money import AmountError, format_money, parse_amount
    from app.services import disputes, ledger

    database = cli._open(db_path)
    clock = Clock()
    with database.session_factory.begin() as session:
        invoice = _lookup(lambda: ledger.invoice_by_number(session, args.invoice_number))
        try:
            if args.action == "open":
                cents = None
                if args.amount is not None:
                    try:
                        cents = parse_amount(args.amount, invoice.currency)
                    except AmountError as exc:
                        raise cli.UsageError(
                            _(
                                "“{text}” is not an amount (write it like 1234.50 or 1234,50)."
                            ).format(text=args.amount)
                        ) from exc
                dispute = disputes.open_dispute(
                    session,
                    clock,
                    invoices={invoice.id: cents},
                    reason=args.reason,
                    note=args.note,
                )
                cli._write(
                    _("Dispute opened on {number} for {amount}: reminders pause on it.").format(
                        number=invoice.number,
                        amount=format_money(
                            dispute.items[0].amount_cents, invoice.currency, i18n.current_locale()
                        ),
                    )
                )
                return cli.EXIT_OK
            found = disputes.open_dispute_of_invoice(session, invoice.id)
            if found is None:
                raise ledger.LedgerError(
                    _("Invoice {number} has no open dispute.").format(number=invoice.number)
                )
            closed = disputes.close_dispute(session, clock, found.id, args.outcome, args.note)
        except ledger.LedgerError as exc:
            session.rollback()
            cli._fail(str(exc))
            return cli.EXIT_REFUSED
        if closed.outcome.value == "resolved":
            cli._write(_("Dispute resolved in the customer's favour."))
            for cents in closed.credit_suggestions.values():
                cli._write(
                    _("Consider a credit note of {amount} for invoice {number}.").format(
                        amount=format_money(cents, invoice.currency, i18n.current_locale()),
                        number=invoice.number,
                    )
                )
        else:
            cli._write(_("Dispute rejected: reminders resume."))
    return cli.EXIT_OK


def _hold(args: argparse.Namespace, db_path: Path) -> int:
    from app import cli
    from app.services import hold, ledger

    if args.off and (args.reason or args.until):
        raise cli.UsageError(_("--off lifts the hold: it takes no --reason nor --until."))
    if not args.off and not args.reason:
        raise cli.UsageError(_("Say why with --reason TEXT, or lift the hold with --off."))
    database = cli._open(db_path)
    clock = Clock()
    with database.session_factory.begin() as session:
        customer = _lookup(lambda: ledger.customer_by_ref(session, args.customer_ref))
        try:
            if args.off:
                hold.release_hold(session, clock, customer.id)
                message = _("{name}: hold lifted, reminders resume.").format(name=customer.name)
            else:
                hold.set_hold(session, clock, customer.id, args.reason, args.until)
                message = _("{name} is on hold: no reminder will be proposed.").format(
                    name=customer.name
                )
        except ledger.LedgerError as exc:
            session.rollback()
            cli._fail(str(exc))
            return cli.EXIT_REFUSED
    cli._write(message)
    return cli.EXIT_OK
