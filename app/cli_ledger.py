"""Command line for typing the ledger by hand: `customer add` and `invoice add`.

Unusable arguments (an unknown customer, an unreadable amount) exit 2 like every command; a
value the import would refuse too (a SIRET whose key is wrong, a number already used) exits 1.
Either way one sentence goes to standard error and nothing is written.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from app import i18n
from app.domain.calendar import Clock
from app.domain.money import AmountError, parse_amount

_ = i18n._


def add_commands(
    commands: Any, parser_class: type[argparse.ArgumentParser], iso_date: Callable[[str], Any]
) -> None:
    customer = commands.add_parser("customer", help=_("customers typed by hand"))
    customer_actions = customer.add_subparsers(
        dest="action", required=True, parser_class=parser_class
    )
    add = customer_actions.add_parser("add", help=_("add a customer"))
    add.add_argument("ref", metavar="REF")
    add.add_argument("--name", required=True, metavar="N")
    add.add_argument("--kind", choices=("business", "individual"), default="business")
    add.add_argument("--address", default="", metavar="LINE")
    add.add_argument("--address2", default="", metavar="LINE")
    add.add_argument("--postcode", default="", metavar="CODE")
    add.add_argument("--city", default="", metavar="CITY")
    add.add_argument("--country", default="FR", metavar="CC")
    add.add_argument("--language", choices=("fr", "en"), default="fr")
    add.add_argument("--terms", type=int, default=30, metavar="DAYS")
    add.add_argument("--email", default="", metavar="EMAIL")
    add.add_argument("--siret", default="", metavar="SIRET")
    add.add_argument("--vat", default="", metavar="VAT")
    add.add_argument("--iban", default="", metavar="IBAN", help=_("spaces allowed"))
    add.add_argument(
        "--civility", default="", metavar="C", help=_("an individual's: M., Mme, Mx, Mr, Ms…")
    )
    add.add_argument("--region", default="", metavar="STATE", help=_("a state or province"))

    invoice = commands.add_parser("invoice", help=_("invoices typed by hand"))
    invoice_actions = invoice.add_subparsers(
        dest="action", required=True, parser_class=parser_class
    )
    new = invoice_actions.add_parser("add", help=_("add an invoice to a customer"))
    new.add_argument("customer_ref", metavar="CUSTOMER_REF")
    new.add_argument("number", metavar="NUMBER")
    new.add_argument("--amount", required=True, metavar="A")
    new.add_argument("--issued", required=True, type=iso_date, metavar="DATE")
    new.add_argument(
        "--due", type=iso_date, metavar="DATE", help=_("default: the customer's terms")
    )
    new.add_argument("--currency", default="EUR", metavar="CODE")


def handlers() -> dict[str, Callable[[argparse.Namespace, Path], int]]:
    return {"customer": _customer, "invoice": _invoice}


def _customer(args: argparse.Namespace, db_path: Path) -> int:
    from app import cli
    from app.services.ledger import LedgerError
    from app.services.ledger_entry import CustomerFields, add_customer

    typed = CustomerFields(
        ref=args.ref,
        name=args.name,
        kind=args.kind,
        address_line1=args.address,
        address_line2=args.address2,
        postcode=args.postcode,
        city=args.city,
        country=args.country,
        language=args.language,
        payment_terms_days=args.terms,
        siret=args.siret,
        vat_number=args.vat,
        iban=args.iban,
        civility=args.civility,
        region=args.region,
    )
    database = cli._open(db_path)
    try:
        with database.session_factory.begin() as session:
            customer = add_customer(session, Clock(), typed, email=args.email)
            text = _("Customer {ref} added: {name}.").format(ref=customer.ref, name=customer.name)
    except LedgerError as exc:
        cli._fail(str(exc))
        return cli.EXIT_REFUSED
    cli._write(text)
    return cli.EXIT_OK


def _invoice(args: argparse.Namespace, db_path: Path) -> int:
    from app import cli
    from app.services import ledger
    from app.services.ledger_entry import InvoiceFields, new_invoice

    currency = args.currency.strip().upper()
    try:
        amount = parse_amount(args.amount, currency)
    except AmountError as exc:
        raise cli.UsageError(
            _("“{text}” is not an amount (write it like 1234.50 or 1234,50).").format(
                text=args.amount
            )
        ) from exc
    database = cli._open(db_path)
    clock = Clock()
    try:
        with database.session_factory.begin() as session:
            try:
                customer = ledger.customer_by_ref(session, args.customer_ref)
            except ledger.LedgerError as exc:
                raise cli.UsageError(str(exc)) from exc
            due = args.due or args.issued + timedelta(days=customer.payment_terms_days)
            typed = InvoiceFields(args.number, args.issued, due, amount, currency)
            invoice = new_invoice(session, clock, customer.id, typed)
            text = _("Invoice {number} added to {name}, due {due}.").format(
                number=invoice.number, name=customer.name, due=invoice.due_date.isoformat()
            )
    except ledger.LedgerError as exc:
        cli._fail(str(exc))
        return cli.EXIT_REFUSED
    cli._write(text)
    return cli.EXIT_OK
