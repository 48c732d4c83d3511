"""`history`, `dispute` and `hold` on the command line: the JSON contract, refusals exit 1."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from app.cli import main
from app.db.migrate import open_database
from app.domain.calendar import Clock
from app.services import ledger
from app.services.settings import Preferences, save_preferences
from tests.db_digest import digest


@pytest.fixture
def book(db_path: Path) -> Path:
    database = open_database(db_path)
    clock = Clock.fixed(date(2026, 11, 1))
    with database.session_factory.begin() as session:
        save_preferences(session, Preferences(language="en"))
        customer = ledger.create_customer(session, clock, ref="411DUP", name="Dupont & Fils")
        for number, amount in (("FA-1", 100_000), ("FA-0", 20_000)):
            ledger.add_invoice(
                session,
                clock,
                customer_id=customer.id,
                number=number,
                issue_date=date(2026, 9, 1),
                amount_cents=amount,
            )
        ledger.record_payment(
            session,
            clock,
            customer_id=customer.id,
            amount_cents=20_000,
            received_on=date(2026, 10, 1),
            allocate_to={ledger.invoice_by_number(session, "FA-0").id: None},
        )
    database.dispose()
    return db_path


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    try:
        code = main(["--db", str(db), *args])
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_dispute_open_then_history_json_follows_the_contract(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(
        capsys, book, "dispute", "open", "FA-1", "--reason", "quality", "--amount", "250,50"
    )
    assert code == 0
    assert "FA-1" in out and "€250.50" in out

    code, out, _err = run(capsys, book, "history", "411DUP", "--format", "json")

    assert code == 0
    document = json.loads(out)
    assert document["customer_ref"] == "411DUP"
    assert all(set(e) == {"at", "kind", "summary", "invoice_number"} for e in document["events"])
    newest = document["events"][0]
    assert (newest["kind"], newest["invoice_number"]) == ("dispute_opened", "FA-1")
    assert newest["at"].endswith("+00:00")
    kinds = [e["kind"] for e in document["events"]]
    assert kinds.count("invoice_issued") == 2 and "customer_created" in kinds
    assert [e["at"] for e in document["events"]] == sorted(
        (e["at"] for e in document["events"]), reverse=True
    )


def test_dispute_close_resolved_suggests_a_credit_note(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, book, "dispute", "open", "FA-1", "--reason", "price", "--amount", "100")
    code, out, _err = run(
        capsys, book, "dispute", "close", "FA-1", "--outcome", "resolved", "--note", "agreed"
    )
    assert code == 0
    assert "credit note of €100.00 for invoice FA-1" in out
    code, _out, err = run(capsys, book, "dispute", "close", "FA-1", "--outcome", "rejected")
    assert (code, err.strip()) == (1, "Invoice FA-1 has no open dispute.")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("dispute", "open", "FA-0", "--reason", "price"),
            "Invoice FA-0 is settled: there is nothing left to dispute.",
        ),
        (
            ("dispute", "open", "FA-1", "--reason", "price", "--amount", "1000,01"),
            "The disputed amount €1,000.01 is more than the €1,000.00 of invoice FA-1 that is "
            "open and not already disputed.",
        ),
        (
            ("hold", "411DUP", "--reason", "moving", "--until", "2020-01-01"),
            "The end of the hold (1 Jan 2020) is in the past.",
        ),
        (("hold", "411DUP", "--off"), "Dupont & Fils is not on hold."),
    ],
)
def test_refusals_exit_1_with_one_sentence_and_write_nothing(
    book: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    before = digest(book)
    code, out, err = run(capsys, book, *args)
    assert (code, out, err.strip()) == (1, "", message)
    assert digest(book) == before


@pytest.mark.parametrize(
    "args",
    [
        ("hold", "411DUP"),
        ("hold", "411DUP", "--off", "--reason", "x"),
        ("dispute", "open", "FA-1", "--reason", "weather"),
        ("dispute", "close", "FA-1", "--outcome", "maybe"),
        ("dispute", "open", "FA-1", "--reason", "price", "--amount", "12,3,4"),
        ("dispute", "open", "NOPE", "--reason", "price"),
        ("history", "411NOPE"),
        ("hold", "411NOPE", "--off"),
    ],
)
def test_wrong_usage_exits_2(
    book: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    before = digest(book)
    assert run(capsys, book, *args)[0] == 2
    assert digest(book) == before


def test_hold_on_then_off_and_both_in_the_history(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(
        capsys, book, "hold", "411DUP", "--reason", "moving offices", "--until", "2099-01-31"
    )
    assert (code, out.strip()) == (0, "Dupont & Fils is on hold: no reminder will be proposed.")
    assert run(capsys, book, "hold", "411DUP", "--off")[0] == 0
    _code, out, _err = run(capsys, book, "history", "411DUP")
    assert "Put on hold: moving offices (until 31 Jan 2099)" in out
    assert "Hold lifted: reminders resume" in out
