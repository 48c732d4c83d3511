"""Command line for email: `outbox list|send` and `config set-password smtp`.

The password is read without echo and goes to the OS keychain, never to the database or a file;
without a keychain the command says so and stores nothing.
"""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app import i18n
from app.domain.calendar import Clock

_ = i18n._


def add_commands(commands: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    outbox = commands.add_parser("outbox", help=_("emails waiting, sent or failed"))
    actions = outbox.add_subparsers(dest="action", required=True, parser_class=parser_class)
    listing = actions.add_parser("list", help=_("the messages of the outbox, newest first"))
    listing.add_argument("--format", choices=("table", "json"), default="table")
    actions.add_parser("send", help=_("send what is waiting now"))


def handlers() -> dict[str, Callable[[argparse.Namespace, Path], int]]:
    return {"outbox": _outbox}


def _outbox(args: argparse.Namespace, db_path: Path) -> int:
    from app import cli
    from app.services import outbox, outbox_send

    database = cli._open(db_path)
    if args.action == "list":
        outbox_send.settle_now(database, Clock())
        with database.session_factory() as session:
            rows = outbox.rows(session)
        if args.format == "json":
            cli._write(cli.json_text([r.to_json() for r in rows]))
        else:
            lines = [
                f"{r.id:>5}  {r.state:<9}  {r.attempts:>2}  {r.to:<32}  {r.subject}" for r in rows
            ]
            cli._write("\n".join(lines) if lines else _("The outbox is empty."))
        return cli.EXIT_OK
    report = outbox_send.send_pending(database, Clock(), outbox_send.smtp_transport)
    if report.busy:
        cli._fail(report.last_error)
        return cli.EXIT_REFUSED
    cli._write(
        _("{sent} sent, {failed} refused by the server, {waiting} waiting, {held} held.").format(
            sent=report.sent, failed=report.failed, waiting=report.retrying, held=report.held
        )
    )
    if report.last_error:
        cli._fail(report.last_error)
    return cli.EXIT_OK if not report.failed else cli.EXIT_REFUSED


def set_password(args: argparse.Namespace, db_path: Path) -> int:
    from app import cli
    from app.mail import keychain
    from app.services.smtp_settings import load_smtp

    database = cli._open(db_path)
    with database.session_factory() as session:
        settings = load_smtp(session)
    if not settings.host or not settings.user:
        raise cli.UsageError(_("Set smtp.host and smtp.user first."))
    if not keychain.available():
        cli._fail(
            _(
                "There is no keychain on this computer: the password is not stored. Give it in "
                "the window when Relance asks; it is then kept for that session only."
            )
        )
        return cli.EXIT_REFUSED
    password = getpass.getpass(
        _("Password for {user} on {host}: ").format(user=settings.user, host=settings.host)
    )
    keychain.set_password(settings.host, settings.user, password)
    cli._write(_("Password stored in {where}.").format(where=keychain.where()))
    return cli.EXIT_OK
