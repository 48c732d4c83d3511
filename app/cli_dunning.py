"""Command line for reminders: `dunning propose|run` and `config get|set`.

`dunning propose` prints the proposals of the day (or `--as-of`) and the customers left out with
the reason; `dunning run` carries them out: one PDF of letters to print, the registered letters
(formal notices) apart with their slip, emails queued, calls planned, everything in each
customer's history. `config` reads and writes the settings that
letters use (see `docs/cli.md` for the keys).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from app import i18n
from app.domain.calendar import Clock

_ = i18n._


def add_commands(commands: Any, parser_class: type[argparse.ArgumentParser], day: Any) -> None:
    dunning = commands.add_parser("dunning", help=_("propose or send the reminders of the day"))
    actions = dunning.add_subparsers(dest="action", required=True, parser_class=parser_class)
    propose = actions.add_parser("propose", help=_("who to remind, how, and why not the others"))
    propose.add_argument("--as-of", type=day, metavar="DATE")
    propose.add_argument("--format", choices=("table", "json"), default="table")
    run = actions.add_parser("run", help=_("print the letters, queue the emails, plan the calls"))
    run.add_argument("--as-of", type=day, metavar="DATE")
    run.add_argument("--letters", type=Path, required=True, metavar="OUT.pdf")
    run.add_argument(
        "--registered",
        type=Path,
        metavar="FILE",
        help=_(
            "where the registered letters (formal notices) go, apart from the others "
            "(default: beside the letters, OUT-recommande.pdf)"
        ),
    )
    run.add_argument("--email", choices=("queue", "none"), default="queue")
    run.add_argument(
        "--accept-last-rates",
        action="store_true",
        help=_("when the rates table lacks a half-year, use the last known rates"),
    )
    run.add_argument("--format", choices=("table", "json"), default="table")

    config = commands.add_parser("config", help=_("read or change a setting"))
    config_actions = config.add_subparsers(dest="action", required=True, parser_class=parser_class)
    get = config_actions.add_parser("get", help=_("print a setting"))
    get.add_argument("key", metavar="KEY")
    set_ = config_actions.add_parser("set", help=_("change a setting"))
    set_.add_argument("key", metavar="KEY")
    set_.add_argument("value", metavar="VALUE")
    secret = config_actions.add_parser(
        "set-password", help=_("store the mail server's password in the OS keychain")
    )
    secret.add_argument("service", choices=("smtp",))


def handlers() -> dict[str, Callable[[argparse.Namespace, Path], int]]:
    return {"dunning": _dunning, "config": _config}


def _propose(args: argparse.Namespace, db_path: Path, as_of: date) -> int:
    """Read with sqlite3 alone (`app.db.reading`): loading SQLAlchemy and the models took a
    third of the command on a large book. Proposing writes nothing."""
    from app import cli
    from app.db import dunning_query
    from app.db.reading import reading, stored_preferences
    from app.domain.dunning_plan import plan_for

    with reading(db_path) as book:
        cli._use_language(stored_preferences(book).language)  # the plan's names are in it
        run = dunning_query.sqlite_run(book)
        states, facts = dunning_query.customer_states(run, as_of, dunning_query.policies(run))
        plan = plan_for(states, facts, as_of, dunning_query.plan_inputs(run))
    if args.format == "json":
        cli.write_json(*plan.json_parts())
    else:
        cli._write(_table(plan))
    return cli.EXIT_OK


def _dunning(args: argparse.Namespace, db_path: Path) -> int:
    from app import cli

    clock = Clock()
    as_of = args.as_of or clock.today()
    if args.action == "propose":
        return _propose(args, db_path, as_of)
    from app.services.dunning import propose

    database = cli._open(db_path)
    from app.services.dunning_run import RunRefused, run_reminders

    try:
        with database.session_factory.begin() as session:
            plan = propose(session, as_of)
            for warning in plan.warnings:
                cli._fail(warning.message())
            result = run_reminders(
                session,
                clock,
                plan.proposals,
                as_of=as_of,
                database_dir=Path(database.path).parent,
                letters_pdf=args.letters,
                registered_pdf=args.registered,
                queue_emails=args.email == "queue",
                accept_last_rates=args.accept_last_rates,
            )
    except RunRefused as refused:
        for problem in refused.problems:
            cli._fail(problem)
        cli._fail(_("Nothing was written."))
        return cli.EXIT_REFUSED
    if args.format == "json":
        cli._write(cli.json_text(_run_json(result)))
    else:
        cli._write(run_summary(result))
    return cli.EXIT_OK


def run_summary(result: Any) -> str:
    """The one line a run prints; it names the registered letters only when there are some."""
    registered = result.registered
    values = {
        "reminders": len(result.reminders),
        "letters": result.letters,
        "pages": result.pages,
        "path": result.letters_pdf or "—",
        "emails": result.emails,
        "calls": result.calls,
    }
    if registered is None:
        return _(
            "{reminders} reminders: {letters} letters ({pages} pages) in {path}, "
            "{emails} emails queued, {calls} calls to make."
        ).format(**values)
    values.update(
        registered=registered.count,
        registered_path=registered.path,
        registered_pages=registered.pages,
        slip=registered.slip,
        ordinary=result.letters - registered.count,
    )
    if result.letters_pdf is None:
        return _(
            "{reminders} reminders: {letters} letters, of which {registered} registered in "
            "{registered_path} ({registered_pages} pages, slip in {slip}), {emails} emails "
            "queued, {calls} calls to make."
        ).format(**values)
    return _(
        "{reminders} reminders: {letters} letters, of which {registered} registered in "
        "{registered_path} ({registered_pages} pages, slip in {slip}) and {ordinary} in {path} "
        "({pages} pages), {emails} emails queued, {calls} calls to make."
    ).format(**values)


def _run_json(result: Any) -> dict[str, Any]:
    from app.domain.money import to_plain
    from app.letters.slip import totals

    def amount(cents: int, currency: str) -> dict[str, str]:
        return {"amount": to_plain(cents, currency), "currency": currency}

    registered = result.registered
    document: dict[str, Any] = {
        "batch": result.batch,
        "reminders": len(result.reminders),
        "letters": result.letters,
        "pages": result.pages,
        "letters_pdf": str(result.letters_pdf) if result.letters_pdf else None,
        "emails": result.emails,
        "calls": result.calls,
        "registered_letters": None,
    }
    if registered is not None:
        lines = [r.line for r in registered.letters]
        document["registered_letters"] = {
            "path": str(registered.path),
            "slip": str(registered.slip),
            "count": registered.count,
            "pages": registered.pages,
            "totals": [amount(c, cur) for cur, c in totals(lines).items()],
            "letters": [
                {
                    "customer_ref": r.customer_ref,
                    "customer_name": r.customer_name,
                    **amount(r.line.amount_cents, r.line.currency),
                    "apart": (
                        amount(r.line.apart_cents, r.line.apart_currency)
                        if r.line.apart_cents
                        else None
                    ),
                    "reference": r.line.reference,
                }
                for r in registered.letters
            ],
        }
    return document


def _table(plan: Any) -> str:
    from app.domain.dunning_plan import level_label
    from app.domain.money import to_plain

    rows = [[_("Customer"), _("Name"), _("Level"), _("Channels"), _("Invoices"), _("Total")]]
    for item in plan.proposals:
        p = item.proposal
        rows.append(
            [
                p.customer.ref,
                p.customer.name[:32],
                level_label(p.level),
                "+".join(p.channels),
                str(len(p.invoices)),
                f"{to_plain(p.claimed_cents, p.currency)} {p.currency}",
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    if plan.skipped:
        lines += ["", _("Not reminded:")]
        lines += [f"  {s.customer.ref}  {s.reason.value}" for s in plan.skipped]
    for warning in plan.warnings:
        lines += ["", _("Warning: {message}").format(message=warning.message())]
    if not plan.proposals:
        lines.append(_("Nobody to remind as of {day}.").format(day=plan.as_of.isoformat()))
    return "\n".join(lines)


def _config(args: argparse.Namespace, db_path: Path) -> int:
    from app import cli
    from app.services.letter_settings import config_get, config_keys, config_set
    from app.services.settings import SettingsError

    if args.action == "set-password":
        from app.cli_mail import set_password

        return set_password(args, db_path)
    database = cli._open(db_path)
    try:
        if args.action == "get":
            with database.session_factory() as session:
                cli._write(str(config_get(session, args.key)))
            return cli.EXIT_OK
        with database.session_factory.begin() as session:
            cli._write(str(config_set(session, args.key, args.value)))
        return cli.EXIT_OK
    except KeyError:
        raise cli.UsageError(
            _("“{key}” is not a setting. Settings: {keys}.").format(
                key=args.key, keys=", ".join(config_keys())
            )
        ) from None
    except SettingsError as exc:
        cli._fail("\n".join(exc.problems.values()))
        return cli.EXIT_REFUSED
