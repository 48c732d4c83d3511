"""`import` facing hostile or damaged files: a clear sentence or a refused row, never a traceback,
never half an import, and exit 1 only when nothing was written.
"""

from __future__ import annotations

import gc
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.db.migrate import open_database
from app.db.models import Customer, HistoryEvent, Invoice
from app.services.settings import Preferences, save_preferences

CUSTOMERS = "Code client;Raison sociale;Ville\n411DUP;Dupont & Fils;Lyon\n411MAR;Martin;Orléans\n"
INVOICE_HEADER = "N° facture;Code client;Date facture;Montant TTC;Reste dû\n"
FEC_HEADER = (
    "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\t"
    "CompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\t"
    "ValidDate\tMontantdevise\tIdevise\n"
)


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    try:
        code = main(["--db", str(db), *args])
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, Any, str]:
    code, out, err = run(capsys, db, *args, "--format", "json")
    return code, json.loads(out) if out else None, err


def rows_in(db: Path) -> tuple[int, int, int]:
    gc.collect()
    database = open_database(db, backup=False)
    try:
        with database.session_factory() as session:
            return tuple(  # type: ignore[return-value]
                session.scalar(select(func.count()).select_from(model)) or 0
                for model in (Customer, Invoice, HistoryEvent)
            )
    finally:
        database.dispose()


@pytest.fixture
def empty_db(db_path: Path) -> Path:
    database = open_database(db_path)
    with database.session_factory.begin() as session:
        save_preferences(session, Preferences(language="en"))
    database.dispose()
    return db_path


@pytest.fixture
def book(empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "clients.csv"
    path.write_text(CUSTOMERS, encoding="utf-8")
    assert run(capsys, empty_db, "import", "customers", str(path))[0] == 0
    return empty_db


# --- exit 1 means nothing written ---------------------------------------------------------------
def test_a_rejects_file_that_cannot_be_written_leaves_the_import_unwritten(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "factures.csv"
    path.write_text(
        "N° facture;Code client;Date facture;Montant TTC\n"
        "FA-1;411DUP;01/09/2026;100,00\n"
        "FA-2;411NOPE;01/09/2026;100,00\n",
        encoding="utf-8",
    )
    (tmp_path / "factures.rejects.csv").mkdir()  # where the rejects file should go
    before = rows_in(book)

    code, out, err = run(capsys, book, "import", "invoices", str(path), "--skip-invalid")

    assert code == 1
    assert rows_in(book) == before
    assert "factures.rejects.csv" in err and "Nothing was written" in err
    assert "Traceback" not in err and "created" not in out


def test_a_fec_rejects_file_that_cannot_be_written_leaves_the_import_unwritten(
    empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    headers = FEC_HEADER
    good = "VT\tVentes\t1\t20261001\t411000\tClients\tC001\tDUPONT\tFA-1\t20261001\tFA-1\t"
    bad = "VT\tVentes\t2\t20261002\t411000\tClients\tC002\tMARTIN\tFA-2\t20261002\tFA-2\t"
    path = tmp_path / "FEC.txt"
    path.write_text(
        headers + good + "10,00\t0,00\t\t\t\t\t\n" + bad + "dix\t0,00\t\t\t\t\t\n",
        encoding="utf-8",
    )
    blocker = tmp_path / "FEC.rejects.csv"
    blocker.mkdir()

    code, out, err = run(capsys, empty_db, "import", "fec", str(path), "--skip-invalid")

    assert code == 1
    assert rows_in(empty_db) == (0, 0, 0)
    assert "FEC.rejects.csv" in err and "Nothing was written" in err
    assert "created" not in out


def test_a_rejects_file_written_before_the_commit_is_removed_when_the_commit_fails(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.orm import Session

    from app.domain.calendar import Clock
    from app.importing.columns import Kind
    from app.services.importing import ImportOptions, prepare, run_import

    path = tmp_path / "factures.csv"
    path.write_text(
        "N° facture;Code client;Date facture;Montant TTC\n"
        "FA-1;411DUP;01/09/2026;100,00\n"
        "FA-2;411NOPE;01/09/2026;100,00\n",
        encoding="utf-8",
    )

    def refuse(self: Session) -> None:
        raise OSError("disk I/O error")

    monkeypatch.setattr(Session, "commit", refuse)
    database = open_database(book, backup=False)
    try:
        with pytest.raises(OSError, match="disk I/O error"):
            run_import(
                database.session_factory,
                Clock(),
                prepare(Kind.INVOICES, path),
                ImportOptions(skip_invalid=True),
            )
    finally:
        database.dispose()
    assert not (tmp_path / "factures.rejects.csv").exists()


# --- files too big for their own good -----------------------------------------------------------


def refused_whole(
    capsys: pytest.CaptureFixture[str], db: Path, kind: str, path: Path
) -> tuple[str, tuple[int, int, int]]:
    """The file is refused with one sentence, no report, no traceback and nothing written."""
    before = rows_in(db)
    code, out, err = run(capsys, db, "import", kind, str(path), "--skip-invalid")
    assert (code, out) == (1, ""), (out, err)
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err, before


def test_a_cell_over_the_csv_modules_limit_is_refused_naming_its_line(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "factures.csv"
    path.write_text(
        INVOICE_HEADER + "FA-1;411DUP;01/09/2026;10;10\n" + "FA-2;" + "x" * 200_000 + ";;;\n",
        encoding="utf-8",
    )
    err, before = refused_whole(capsys, book, "invoices", path)
    assert err.startswith("Line 3 has a cell longer than 100,000 characters"), err
    assert rows_in(book) == before


def test_a_quoted_cell_that_never_closes_is_refused_before_it_fills_the_memory(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "factures.csv"
    path.write_text(
        INVOICE_HEADER
        + 'FA-1;"411DUP;01/09/2026;10;10\n'
        + "FA-2;411DUP;01/09/2026;10;10\n" * 9000,
        encoding="utf-8",
    )
    err, _before = refused_whole(capsys, book, "invoices", path)
    assert err.startswith("Line 2 has a cell longer than 100,000 characters"), err


def test_a_file_with_a_million_columns_is_refused_naming_its_line(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "factures.csv"
    path.write_text(";" * 1_000_000 + "\n", encoding="utf-8")
    err, _before = refused_whole(capsys, book, "invoices", path)
    assert err.startswith("Line 1 is longer than 1,000,000 characters"), err


def test_a_row_with_more_columns_than_relance_reads_is_refused_naming_its_line(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "factures.csv"
    path.write_text(INVOICE_HEADER + "FA-1;411DUP;01/09/2026;10;10" + ";" * 5000 + "\n")
    err, _before = refused_whole(capsys, book, "invoices", path)
    assert err.startswith("Line 2 has 5,005 columns, more than the 1,000 Relance reads"), err


CHILD = """
import json, resource, sys
import app.cli, app.services.importing, app.services.fec_import, app.db.migrate  # loaded first
from app.cli import main
code = main(["--db", sys.argv[1], "import", sys.argv[2], sys.argv[3]])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
print(json.dumps({"code": code, "peak_kib": peak}))
"""


def import_in_a_child(db: Path, kind: str, path: Path) -> tuple[int, int, str]:
    """Exit status and peak memory (KiB) of an import run in its own process."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(db), kind, str(path)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=120,
        check=False,
    )
    result = json.loads(done.stdout.splitlines()[-1])
    return result["code"], result["peak_kib"], done.stderr


@pytest.mark.parametrize("kind", ["invoices", "fec"])
def test_a_200_mb_line_is_refused_with_the_memory_bounded(
    book: Path, tmp_path: Path, kind: str
) -> None:
    small = tmp_path / "small.csv"
    small.write_text(INVOICE_HEADER + "FA-1;411DUP;01/09/2026;10;10\n", encoding="utf-8")
    huge = tmp_path / "huge.csv"
    with huge.open("w", encoding="utf-8") as handle:
        handle.write(FEC_HEADER if kind == "fec" else INVOICE_HEADER)
        handle.write("VT\tVentes\t1\t" if kind == "fec" else "FA-2;411DUP;01/09/2026;")
        block = "9" * (1 << 20)
        for _ in range(200):
            handle.write(block)
        handle.write(";0\n")
    _code, baseline, _err = import_in_a_child(book, "invoices", small)

    code, peak, err = import_in_a_child(book, kind, huge)

    assert code == 1
    assert "Line 2 is longer than 1,000,000 characters" in err and "Traceback" not in err, err
    assert peak - baseline < 40 * 1024, f"peak {peak // 1024} MiB, baseline {baseline // 1024} MiB"


# --- files cut short ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("ending", "line"),
    [
        ("FA-2;411DUP;01/09/2026;25", 3),  # cut in the amount: fewer cells than the header
        ("FA-2;411DUP;01/09/2026;250,75;25", 3),  # cut in the last cell: no line break
        ('FA-2;411DUP;01/09/2026;"250,75";"25', 3),  # cut inside a quoted cell
        ('FA-2;"411DUP\n', 3),  # cut inside a quoted cell after a line break in it
        ('FA-2;411DUP;01/09/2026;"250,75";"250,75"\r\nFA-3;"411', 4),
    ],
)
def test_a_file_cut_short_is_refused_naming_the_line_and_nothing_is_written(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], ending: str, line: int
) -> None:
    path = tmp_path / "factures.csv"
    path.write_text(INVOICE_HEADER + "FA-1;411DUP;01/09/2026;250,75;250,75\n" + ending)
    err, before = refused_whole(capsys, book, "invoices", path)
    assert err.startswith(f"Line {line}"), err
    assert "cut short" in err
    assert rows_in(book) == before


def test_a_short_last_row_that_ends_its_line_is_read_as_spreadsheets_write_it(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Excel leaves out the separators of empty cells at the end of rows past the first ones
    path = tmp_path / "factures.csv"
    path.write_text(
        INVOICE_HEADER + "FA-1;411DUP;01/09/2026;250,75;100\nFA-2;411DUP;01/09/2026;80\n"
    )
    code, result, err = run_json(capsys, book, "import", "invoices", str(path))
    assert (code, result["created"], result["refused"]) == (0, 2, []), err


def test_a_dos_end_of_file_mark_is_not_a_cut(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "factures.csv"
    path.write_bytes((INVOICE_HEADER + "FA-1;411DUP;01/09/2026;250,75;100\r\n\x1a").encode())
    code, result, err = run_json(capsys, book, "import", "invoices", str(path))
    assert (code, result["created"]) == (0, 1), err


def test_a_fec_cut_short_is_refused_naming_the_line(
    empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    headers = FEC_HEADER
    line = "VT\tVentes\t1\t20261001\t411000\tClients\tC001\tDUPONT\tFA-1\t20261001\tFA-1\t"
    path = tmp_path / "FEC.txt"
    path.write_text(headers + line + "250,75\t0,00\t\t\t\t\t\n" + line + "25", encoding="utf-8")
    err, _before = refused_whole(capsys, empty_db, "fec", path)
    assert err.startswith("Line 3") and "cut short" in err, err
    assert rows_in(empty_db) == (0, 0, 0)


# --- files that are not tables ------------------------------------------------------------------
def test_a_binary_file_is_refused_with_a_sentence(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 64)
    for kind in ("invoices", "fec"):
        err, _before = refused_whole(capsys, book, kind, path)
        assert "photo.csv is not a text table" in err, err


def test_utf16_without_a_byte_order_mark_is_read(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "factures.txt"
    text = INVOICE_HEADER + "FA-1;411DUP;01/09/2026;250,75;100\n"
    path.write_bytes(text.replace(";", "\t").encode("utf-16-le"))
    code, result, err = run_json(capsys, book, "import", "invoices", str(path))
    assert (code, result["created"]) == (0, 1), err


def test_a_header_only_file_imports_nothing_and_says_so(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "factures.csv"
    path.write_text(INVOICE_HEADER)
    code, result, err = run_json(capsys, book, "import", "invoices", str(path))
    assert (code, result["created"], result["refused"]) == (0, 0, []), err


@pytest.mark.parametrize("kind", ["invoices", "fec"])
def test_a_folder_given_as_the_file_is_refused_with_a_sentence(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    err, _before = refused_whole(capsys, book, kind, folder)
    assert err == f"{folder} is a folder, not a file.\n"


@pytest.mark.parametrize("kind", ["invoices", "fec"])
def test_a_file_that_disappears_while_it_is_read_is_refused_with_a_sentence(
    book: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
) -> None:
    path = tmp_path / "factures.csv"
    path.write_text(INVOICE_HEADER)
    real_open = Path.open

    def vanishing(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == path:
            raise FileNotFoundError(2, "No such file or directory", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", vanishing)
    err, _before = refused_whole(capsys, book, kind, path)
    assert err == "factures.csv cannot be read (No such file or directory).\n"


# --- amounts beyond reason ----------------------------------------------------------------------
THIRTY_DIGITS = "123456789012345678901234567890"


@pytest.mark.parametrize(
    ("amount", "refused"),
    [
        (THIRTY_DIGITS, True),
        (THIRTY_DIGITS + ",00", True),
        ("1 000 000 000 000,01", True),
        ("1 000 000 000 000,00", False),  # the ceiling itself: 10^12 of the currency
    ],
)
def test_an_amount_over_the_ceiling_is_refused_by_line_and_column(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], amount: str, refused: bool
) -> None:
    path = tmp_path / "factures.csv"
    path.write_text(INVOICE_HEADER + f"FA-1;411DUP;01/09/2026;{amount};\n", encoding="utf-8")

    code, result, err = run_json(capsys, book, "import", "invoices", str(path))

    assert "Traceback" not in err
    if refused:
        assert code == 1
        assert [(p["line"], p["column"]) for p in result["refused"]] == [(2, "Montant TTC")]
        assert "more than the largest amount" in result["refused"][0]["reason"]
    else:
        assert (code, result["created"]) == (0, 1)


def test_a_payment_over_the_ceiling_is_refused_by_line_and_column(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "reglements.csv"
    path.write_text(
        f"Date de règlement;Code client;Montant\n2026-10-02;411DUP;{THIRTY_DIGITS}\n",
        encoding="utf-8",
    )
    code, result, _err = run_json(capsys, book, "import", "payments", str(path))
    assert code == 1
    assert [(p["line"], p["column"]) for p in result["refused"]] == [(2, "Montant")]


def test_a_fec_amount_over_the_ceiling_is_refused_by_line_and_column(
    empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = "VT\tVentes\t1\t20261001\t411000\tClients\tC001\tDUPONT\tFA-1\t20261001\tFA-1\t"
    path = tmp_path / "FEC.txt"
    path.write_text(FEC_HEADER + line + THIRTY_DIGITS + "\t0,00\t\t\t\t\t\n", encoding="utf-8")
    code, result, err = run_json(capsys, empty_db, "import", "fec", str(path))
    assert code == 1, err
    assert [(p["line"], p["column"]) for p in result["refused"]] == [(2, "Debit")]
    assert "more than the largest amount" in result["refused"][0]["reason"]


def test_the_command_line_refuses_a_payment_over_the_ceiling(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["payment", "add", "411DUP", "--amount", THIRTY_DIGITS, "--date", "2026-10-02"]
    code, out, err = run(capsys, book, *args)
    assert (code, out) == (2, "")
    assert "more than" in err and "Traceback" not in err


def test_the_ledger_refuses_amounts_over_the_ceiling_at_entry(book: Path) -> None:
    from datetime import date

    from app.domain.calendar import Clock
    from app.services import ledger

    too_much = 10**14 + 1  # cents: one cent over 10^12 euros
    database = open_database(book, backup=False)
    clock = Clock.fixed(date(2026, 11, 22))
    try:
        with database.session_factory() as session:
            customer = ledger.customer_by_ref(session, "411DUP")
            with pytest.raises(ledger.LedgerError, match="more than"):
                ledger.add_invoice(
                    session,
                    clock,
                    customer_id=customer.id,
                    number="FA-9",
                    issue_date=date(2026, 9, 1),
                    amount_cents=too_much,
                )
            with pytest.raises(ledger.LedgerError, match="more than"):
                ledger.record_payment(
                    session,
                    clock,
                    customer_id=customer.id,
                    amount_cents=too_much,
                    received_on=date(2026, 9, 1),
                )
            with pytest.raises(ledger.LedgerError, match="more than"):
                ledger.add_credit_note(
                    session,
                    clock,
                    customer_id=customer.id,
                    number="AV-9",
                    issued_on=date(2026, 9, 1),
                    amount_cents=too_much,
                )
    finally:
        database.dispose()


def test_a_workbook_damaged_inside_its_sheet_is_refused_with_a_sentence(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import io
    import zipfile

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["N° facture", "Code client", "Date facture", "Montant TTC"])
    for number in range(2000):
        sheet.append([f"FA-{number}", "411DUP", "01/09/2026", 10])
    whole = io.BytesIO()
    workbook.save(whole)
    damaged = io.BytesIO()
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith("sheet1.xml"):
                data = data[: len(data) // 2]  # the sheet cut in the middle of its rows
            target.writestr(item, data)
    path = tmp_path / "factures.xlsx"
    path.write_bytes(damaged.getvalue())

    err, before = refused_whole(capsys, book, "invoices", path)

    assert err.startswith("factures.xlsx is a damaged Excel workbook"), err
    assert rows_in(book) == before


@pytest.mark.parametrize("content", ["[" * 100_000, '{"amount": "' + "x" * 2_000_000 + '"}'])
def test_a_hostile_mapping_file_is_refused_with_a_sentence(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    path = tmp_path / "factures.csv"
    path.write_text(INVOICE_HEADER + "FA-1;411DUP;01/09/2026;10;10\n", encoding="utf-8")
    mapping = tmp_path / "mapping.json"
    mapping.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, book, "import", "invoices", str(path), "--mapping", str(mapping))
    assert (code, out) == (1, "")
    assert err.startswith("The mapping file cannot be read") and "Traceback" not in err, err[:300]
