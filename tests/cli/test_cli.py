"""The command line contract (DESIGN.md §4): outputs, exit codes, and nothing written on refusal."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from app.cli import main
from app.db.lock import DatabaseLock
from app.db.migrate import open_database
from app.domain.calendar import Clock
from app.services import ledger
from tests.db_digest import digest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def book(db_path: Path) -> Path:
    database = open_database(db_path)
    clock = Clock.fixed(date(2026, 11, 22))
    with database.session_factory.begin() as session:
        dupont = ledger.create_customer(session, clock, ref="411DUP", name="Dupont et Fils")
        for number, issued, cents in (
            ("FA-1", date(2026, 7, 1), 120000),  # due 31 July: 114 days late on 22 Nov
            ("FA-2", date(2026, 10, 1), 30050),  # due 31 Oct: 22 days late
            ("FA-3", date(2026, 11, 10), 5000),  # due 10 Dec: not due
        ):
            ledger.add_invoice(
                session,
                clock,
                customer_id=dupont.id,
                number=number,
                issue_date=issued,
                amount_cents=cents,
            )
        acme = ledger.create_customer(session, clock, ref="411ACME", name="Acme Ltd", language="en")
        ledger.add_invoice(
            session,
            clock,
            customer_id=acme.id,
            number="UK-1",
            issue_date=date(2026, 9, 1),
            amount_cents=70000,
            currency="GBP",
        )
    database.dispose()
    return db_path


def run(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> tuple[int, str, str]:
    """Run the CLI on a database; argparse's own refusals (SystemExit) become exit codes too."""
    try:
        code = main(["--db", db, *args])
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def text_table(out: str) -> list[dict[str, str]]:
    """The rows of a text table, each cell under its title; the dashes under the titles mark
    where each column starts and ends."""
    header, rule, *lines = out.splitlines()
    spans = [match.span() for match in re.finditer(r"-+", rule)]

    def cells(line: str) -> list[str]:
        return [line[start:end].strip() for start, end in spans]

    titles = cells(header)
    return [dict(zip(titles, cells(line), strict=True)) for line in lines if line != rule]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("Relance 0.")


def test_aging_json_follows_the_contract(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, str(book), "aging", "--as-of", "2026-11-22", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["as_of"] == "2026-11-22"
    assert report["total"] == "1550.50"
    assert report["buckets"] == {
        "not_due": "50.00",
        "1-30": "300.50",
        "31-60": "0.00",
        "61-90": "0.00",
        "over_90": "1200.00",
    }
    dupont = next(c for c in report["customers"] if c["customer_ref"] == "411DUP")
    assert dupont == {
        "customer_ref": "411DUP",
        "name": "Dupont et Fils",
        "currency": "EUR",
        "total": "1550.50",
        "buckets": report["buckets"],
        "disputed": "0.00",
    }
    acme = next(c for c in report["customers"] if c["customer_ref"] == "411ACME")
    assert (acme["currency"], acme["total"], acme["buckets"]["1-30"]) == ("GBP", "700.00", "0.00")
    assert report["other_currencies"]["GBP"]["total"] == "700.00"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("command", [("aging",), ("dunning", "propose")])
def test_json_is_indented_for_a_terminal_and_on_one_line_for_a_program(
    book: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: tuple[str, ...],
) -> None:
    args = (str(book), *command, "--as-of", "2026-11-22", "--format", "json")
    code, piped, _err = run(capsys, *args)
    assert code == 0 and piped.count("\n") == 1  # one line, and its end
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(["--db", *args]) == 0
    shown = terminal.getvalue()
    assert '\n  "as_of": "2026-11-22",\n' in shown
    assert json.loads(shown) == json.loads(piped)


def test_aging_shows_the_disputed_part_apart(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, _err = run(
        capsys, str(book), "dispute", "open", "FA-1", "--reason", "quality", "--amount", "400"
    )
    assert code == 0
    code, out, _err = run(capsys, str(book), "aging", "--as-of", "2026-11-22", "--format", "json")
    report = json.loads(out)
    assert report["total"] == "1550.50"  # still owed, only not reminded
    assert report["disputed"] == "400.00"
    dupont = next(c for c in report["customers"] if c["customer_ref"] == "411DUP")
    assert dupont["disputed"] == "400.00"
    assert report["other_currencies"]["GBP"]["disputed"] == "0.00"
    code, out, _err = run(capsys, str(book), "aging", "--as-of", "2026-11-22", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["disputed"] for r in rows if r["customer_ref"] == "411DUP"] == ["400.00"]
    code, out, _err = run(capsys, str(book), "aging", "--as-of", "2026-11-22")
    assert out.splitlines()[0].split()[-1] == "Disputed"


def test_aging_as_of_an_earlier_date_moves_the_buckets(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, str(book), "aging", "--as-of", "2026-08-15", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["buckets"]["1-30"] == "1200.00"  # FA-1 is 15 days late then
    assert report["buckets"]["not_due"] == "350.50"


def test_aging_csv_and_table(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, str(book), "aging", "--as-of", "2026-11-22", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[1]["customer_ref"] == "411DUP" and rows[1]["over_90"] == "1200.00"
    assert rows[1]["total"] == "1550.50"
    code, out, _err = run(capsys, str(book), "aging", "--as-of", "2026-11-22")
    assert code == 0
    table = text_table(out)
    dupont = next(r for r in table if r["Customer"] == "411DUP")
    assert (dupont["Name"], dupont["Cur."], dupont["Over 90 days"], dupont["Total"]) == (
        "Dupont et Fils",
        "EUR",
        "1,200.00",
        "1,550.50",
    )
    totals = {r["Cur."]: r["Total"] for r in table if r["Customer"] == "TOTAL"}
    assert totals == {"EUR": "1,550.50", "GBP": "700.00"}


def test_payment_add_accepts_a_decimal_comma_and_allocates(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(
        capsys,
        str(book),
        "payment",
        "add",
        "411DUP",
        "--amount",
        "1 300,50",
        "--date",
        "2026-11-20",
        "--reference",
        "VIR 88",
    )
    assert code == 0, _err
    assert "FA-1" in out
    code, out, _err = run(capsys, str(book), "aging", "--as-of", "2026-11-22", "--format", "json")
    assert json.loads(out)["total"] == "250.00"


def test_payment_add_to_a_named_invoice(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, _err = run(
        capsys,
        str(book),
        "payment",
        "add",
        "411DUP",
        "--amount",
        "50",
        "--date",
        "2026-11-20",
        "--invoice",
        "FA-3",
    )
    assert code == 0
    _code, out, _err = run(capsys, str(book), "aging", "--as-of", "2026-11-22", "--format", "json")
    assert json.loads(out)["buckets"]["not_due"] == "0.00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["411DUP", "--amount", "12x", "--date", "2026-11-20"], "is not an amount"),
        (["411DUP", "--amount", "12", "--date", "2026-02-30"], "is not a date"),
        (["411DUP", "--amount", "12", "--date", "20/11/2026"], "is not a date"),
        (["411NOPE", "--amount", "12", "--date", "2026-11-20"], "No customer has the reference"),
        (["411DUP", "--amount", "12", "--date", "2026-11-20", "--invoice", "NOPE"], "No invoice"),
        (["411DUP", "--amount", "0", "--date", "2026-11-20"], "must be positive"),
        (["411DUP", "--amount", "12.345", "--date", "2026-11-20"], "is not an amount"),
    ],
)
def test_bad_input_exits_2_with_one_sentence_and_writes_nothing(
    book: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = digest(book)
    code, _out, err = run(capsys, str(book), "payment", "add", *args)
    assert code == 2
    assert message in err
    assert digest(book) == before


def test_wrong_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["aging", "--format", "xml"])
    assert raised.value.code == 2


def test_foreign_file_is_refused_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    foreign = tmp_path / "notes.sqlite3"
    foreign.write_bytes(b"These are my notes, not a database.\n" * 20)
    before = digest(foreign)
    code, _out, err = run(capsys, str(foreign), "aging")
    assert code == 1
    assert "not a Relance database" in err
    assert digest(foreign) == before
    assert not (tmp_path / "backups").exists()


def test_backup_then_restore_brings_back_the_old_content(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, str(book), "backup")
    assert code == 0
    backup = Path(out.strip().split(" to ", 1)[1])
    assert backup.exists() and backup.parent == book.parent / "backups"
    run(
        capsys, str(book), "payment", "add", "411DUP", "--amount", "1550.50", "--date", "2026-11-20"
    )
    code, out, _err = run(capsys, str(book), "restore", str(backup))
    assert code == 0
    assert "previous content was saved" in out
    _code, out, _err = run(capsys, str(book), "aging", "--as-of", "2026-11-22", "--format", "json")
    assert json.loads(out)["total"] == "1550.50"
    saved = [p for p in (book.parent / "backups").iterdir() if "before-restore" in p.name]
    assert len(saved) == 1  # the state with the payment can still be brought back


def test_restore_refuses_a_file_that_is_not_a_backup(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("nope")
    before = digest(book)
    code, _out, err = run(capsys, str(book), "restore", str(junk))
    assert code == 1
    assert "not a Relance database" in err
    assert digest(book) == before


def test_restore_is_refused_while_the_window_holds_the_database(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, str(book), "backup")
    backup = out.strip().split(" to ", 1)[1]
    script = (
        "import time; from pathlib import Path; from app.db.lock import DatabaseLock; "
        f"lock = DatabaseLock(Path({str(book)!r})); assert lock.acquire(); "
        "print('held', flush=True); time.sleep(30)"
    )
    with subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
            code, _out, err = run(capsys, str(book), "restore", backup)
            assert code == 1
            assert "close it before restoring" in err
        finally:
            holder.kill()
    with DatabaseLock(book) as lock:
        assert lock.acquire()  # released when the holder died
