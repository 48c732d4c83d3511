"""`dunning propose|run` and `config get|set`: the JSON contract, files written, refusals."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from sqlalchemy.orm import Session

from app.cli import main
from app.db.migrate import open_database
from app.domain.calendar import Clock
from app.services import hold, ledger
from app.services.settings import Preferences, save_preferences


@pytest.fixture
def book(db_path: Path, sign_letters: Callable[[Session], object]) -> Path:
    database = open_database(db_path)
    clock = Clock.fixed(date(2026, 10, 1))
    with database.session_factory.begin() as session:
        sign_letters(session)
        save_preferences(session, Preferences(language="en"))
        dupont = ledger.create_customer(session, clock, ref="411DUP", name="Dupont & Fils")
        legrand = ledger.create_customer(session, clock, ref="411LEG", name="Legrand")
        for customer, number in ((dupont, "FA-1"), (legrand, "FA-2")):
            ledger.add_invoice(
                session,
                clock,
                customer_id=customer.id,
                number=number,
                issue_date=date(2026, 9, 1),
                due_date=date(2026, 10, 1),
                amount_cents=120_050,
            )
        hold.set_hold(session, clock, legrand.id, "Takeover")
    database.dispose()
    return db_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_propose_json_follows_the_contract(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(
        capsys, "--db", str(book), "dunning", "propose", "--as-of", "2026-10-15", "--format", "json"
    )
    assert code == 0
    document = json.loads(out)
    assert set(document) == {"as_of", "proposals", "skipped", "warnings", "decisions"}
    assert document["as_of"] == "2026-10-15"
    (proposal,) = document["proposals"]
    assert {
        "customer_ref",
        "customer_name",
        "level",
        "level_name",
        "channels",
        "invoices",
        "total",
        "interest",
        "fixed_fees",
    } <= set(proposal)
    assert (proposal["customer_ref"], proposal["level"], proposal["level_name"]) == (
        "411DUP",
        2,
        "Friendly reminder",
    )
    assert proposal["invoices"] == [
        {"number": "FA-1", "due_date": "2026-10-01", "open_amount": "1200.50", "days_overdue": 14}
    ]
    assert (proposal["total"], proposal["interest"], proposal["fixed_fees"]) == (
        "1200.50",
        "0.00",
        "0.00",
    )
    assert (proposal["credit"], proposal["also_due"], proposal["claims_penalties"]) == (
        "0.00",
        [],
        False,
    )
    assert document["skipped"] == [{"customer_ref": "411LEG", "reason": "hold"}]
    # the shipped rates stop at 2026 H1: a letter of October 2026 says which half-year lacks
    (warning,) = document["warnings"]
    assert (warning["code"], warning["missing_half_years"], warning["last_known"]) == (
        "stale_rates",
        ["2026-07-01"],
        "2026-01-01",
    )
    assert "2026-H2" in warning["message"]


def test_propose_json_gives_the_credit_and_the_new_skip_reasons(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = open_database(book)
    clock = Clock.fixed(date(2026, 10, 2))
    with database.session_factory.begin() as session:
        dupont = ledger.customer_by_ref(session, "411DUP")
        small = ledger.add_invoice(
            session,
            clock,
            customer_id=dupont.id,
            number="FA-0",
            issue_date=date(2026, 9, 1),
            due_date=date(2026, 10, 1),
            amount_cents=10_000,
        )
        ledger.record_payment(  # 300.50 for a 100.00 invoice: 200.50 kept as credit
            session,
            clock,
            customer_id=dupont.id,
            amount_cents=30_050,
            received_on=clock.today(),
            allocate_to={small.id: None},
        )
        early = ledger.create_customer(session, clock, ref="411EAR", name="Early")
        ledger.add_invoice(
            session,
            clock,
            customer_id=early.id,
            number="FA-3",
            issue_date=date(2026, 9, 18),
            due_date=date(2026, 10, 18),
            amount_cents=50_000,
        )
    database.dispose()
    code, out, _err = run(
        capsys, "--db", str(book), "dunning", "propose", "--as-of", "2026-10-15", "--format", "json"
    )
    assert code == 0
    document = json.loads(out)
    (proposal,) = document["proposals"]
    assert (proposal["total"], proposal["credit"]) == ("1000.00", "200.50")
    assert proposal["invoices"][0]["open_amount"] == "1200.50"
    skipped = {s["customer_ref"]: s["reason"] for s in document["skipped"]}
    assert skipped == {"411LEG": "hold", "411EAR": "no_email"}  # a courtesy note is never posted


def test_run_refuses_without_a_company_profile_and_writes_nothing(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = open_database(db_path)
    clock = Clock.fixed(date(2026, 10, 1))
    with database.session_factory.begin() as session:
        customer = ledger.create_customer(session, clock, ref="411DUP", name="Dupont")
        ledger.add_invoice(
            session,
            clock,
            customer_id=customer.id,
            number="FA-1",
            issue_date=date(2026, 9, 1),
            due_date=date(2026, 10, 1),
            amount_cents=120_050,
        )
    database.dispose()
    before = book_bytes(db_path)
    target = tmp_path / "out.pdf"
    code, _out, err = run(
        capsys,
        "--db",
        str(db_path),
        "dunning",
        "run",
        "--as-of",
        "2026-10-15",
        "--letters",
        str(target),
    )
    assert code == 1
    assert "company name, address, postcode, city, signatory" in err
    assert "Nothing was written." in err
    assert not target.exists()
    assert book_bytes(db_path) == before
    assert not (db_path.parent / "documents").exists()


def book_bytes(path: Path) -> bytes:
    """The book as stored: the file and its write-ahead log, whatever is not checkpointed."""
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_run_writes_the_letters_and_queues_no_email_when_asked(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.pdf"
    code, out, _err = run(
        capsys,
        "--db",
        str(book),
        "dunning",
        "run",
        "--as-of",
        "2026-10-15",
        "--letters",
        str(target),
        "--email",
        "none",
    )
    assert code == 0
    assert out.strip() == (
        f"1 reminders: 1 letters (1 pages) in {target}, 0 emails queued, 0 calls to make."
    )
    with pdfplumber.open(target) as pdf:
        assert "Dupont & Fils" in (pdf.pages[0].extract_text() or "")
    code, out, _err = run(
        capsys, "--db", str(book), "dunning", "propose", "--as-of", "2026-10-15", "--format", "json"
    )
    assert json.loads(out)["proposals"] == []  # already reminded today


def test_config_set_get_and_refusals(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--db", str(book), "config", "set", "letters.envelope", "din_a")[0] == 0
    code, out, _err = run(capsys, "--db", str(book), "config", "get", "letters.envelope")
    assert (code, out.strip()) == (0, "din_a")
    code, _out, err = run(capsys, "--db", str(book), "config", "set", "letters.envelope", "nowhere")
    assert code == 1 and "Choose one of" in err
    code, _out, err = run(capsys, "--db", str(book), "config", "get", "nope")
    assert code == 2 and "“nope” is not a setting" in err
    code, out, _err = run(capsys, "--db", str(book), "config", "get", "letters.envelope")
    assert out.strip() == "din_a"  # the refused value left the setting as it was
