"""FEC leniency: files that stray from the law without risk to the ledger import, with warnings.

A FEC without lettering, a FEC saved as a workbook, an entry that does not balance, a customer's
auxiliary account on another third-party account: each is imported into a real migrated SQLite
file, the balances are checked against the rows the test wrote, and importing it again changes
nothing.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import i18n
from app.cli import main
from app.db.migrate import Database
from app.db.models import Allocation, CreditNote, Customer, HistoryEvent, Invoice, Payment
from app.domain.calendar import Clock
from app.services import ledger
from app.services.fec_import import import_fec
from app.services.importing import ImportOptions

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from benchmarks.fec_file import HEADERS, Account, FecWriter  # noqa: E402

DUPONT = Account("C001", "DUPONT ET FILS")
MARTIN = Account("C002", "MARTIN FRERES")
NO_LETTERING = {
    "line": 1,
    "column": "EcritureLet",
    "reason": "This file has no lettering (no EcritureLet column): payments were allocated to "
    "the oldest invoices first.",
}
LETTERING = (HEADERS.index("EcritureLet"), HEADERS.index("DateLet"))


def book() -> FecWriter:
    """Receipts whose lettering, were it kept, would settle other invoices than the oldest."""
    fec = FecWriter()
    fec.sale(DUPONT, "FA-1", date(2026, 8, 1), 10_000)
    fec.sale(DUPONT, "FA-3", date(2026, 10, 1), 5_000, "A")
    fec.sale(DUPONT, "FA-2", date(2026, 9, 1), 20_050, "B")
    fec.receipt(DUPONT, "VIR-1", date(2026, 10, 5), 5_000, "A")
    fec.receipt(DUPONT, "VIR-2", date(2026, 10, 9), 20_050, "B")
    fec.sale(MARTIN, "FA-4", date(2026, 9, 10), 240_000)
    fec.credit_note(MARTIN, "AV-1", date(2026, 10, 20), 40_000)
    fec.receipt(MARTIN, "CHQ-9", date(2026, 11, 2), 50_000)
    fec.write_off(MARTIN, "OD-1", date(2026, 11, 3), 1_234)
    return fec


def unlettered(fec: FecWriter) -> list[list[str]]:
    """The header and rows without the EcritureLet and DateLet columns."""
    return [[c for i, c in enumerate(row) if i not in LETTERING] for row in [HEADERS, *fec.rows]]


def write_text(rows: list[list[str]], path: Path) -> Path:
    path.write_text("".join("\t".join(row) + "\r\n" for row in rows), encoding="utf-8")
    return path


def write_workbook(rows: list[list[str]], path: Path, blank_after: int | None = None) -> Path:
    """The rows as Excel holds them once the text file is opened and saved: typed cells."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    headers = rows[0]
    for index, row in enumerate(rows):
        if index == 0:
            sheet.append(row)
            continue
        cells: list[object] = []
        for name, cell in zip(headers, row, strict=True):
            if name in ("EcritureDate", "PieceDate", "ValidDate", "DateLet") and cell:
                try:
                    cells.append(date(int(cell[:4]), int(cell[4:6]), int(cell[6:])))
                except ValueError:  # a wrong date stays text, as Excel leaves it
                    cells.append(cell)
            elif name in ("Debit", "Credit"):
                cells.append(Decimal(cell.replace(",", ".")))
            elif name == "CompteNum":
                cells.append(int(cell))
            else:
                cells.append(cell)
        sheet.append(cells)
        if index == blank_after:
            sheet.append([])
    workbook.save(path)
    return path


def cents_of(text: str) -> int:
    units, _sep, fraction = text.partition(",")
    return int(units) * 100 + int(fraction.ljust(2, "0"))


def written_balances(fec: FecWriter) -> dict[str, int]:
    """Debit minus credit of each customer's auxiliary account, from the rows as written."""
    at = {name: HEADERS.index(name) for name in ("CompteNum", "CompAuxNum", "Debit", "Credit")}
    balances: dict[str, int] = {}
    for row in fec.rows:
        if row[at["CompteNum"]].startswith("411"):
            cents = cents_of(row[at["Debit"]]) - cents_of(row[at["Credit"]])
            balances[row[at["CompAuxNum"]]] = balances.get(row[at["CompAuxNum"]], 0) + cents
    return balances


def imported(db: Database, clock: Clock, path: Path) -> dict[str, object]:
    return import_fec(db.session_factory, clock, path, ImportOptions()).to_json()


def ledger_balances(session: Session) -> dict[str, int]:
    owed = dict(
        session.execute(
            select(Customer.ref, func.coalesce(func.sum(Invoice.open_cents), 0))
            .outerjoin(Invoice, Invoice.customer_id == Customer.id)
            .group_by(Customer.ref)
        ).all()
    )
    return {
        customer.ref: owed[customer.ref]
        - ledger.unallocated_credit(session, customer.id).get("EUR", 0)
        for customer in session.scalars(select(Customer))
    }


def counts(session: Session) -> tuple[int, ...]:
    return tuple(
        session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Customer, Invoice, Payment, CreditNote, Allocation, HistoryEvent)
    )


def open_amounts(session: Session) -> dict[str, int]:
    return dict(session.execute(select(Invoice.number, Invoice.open_cents)).all())


def assert_imported_again_changes_nothing(db: Database, clock: Clock, path: Path) -> None:
    with db.session_factory() as session:
        before = (counts(session), open_amounts(session), ledger_balances(session))

    again = imported(db, clock, path)

    assert (again["created"], again["updated"], again["settled"], again["refused"]) == (
        0,
        0,
        0,
        [],
    )
    with db.session_factory() as session:
        assert (counts(session), open_amounts(session), ledger_balances(session)) == before


def test_a_fec_without_lettering_allocates_oldest_first_and_says_so(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    fec = book()
    path = write_text(unlettered(fec), tmp_path / "FEC.txt")

    report = imported(db, clock, path)

    assert report["refused"] == []
    assert report["warnings"] == [NO_LETTERING]
    with db.session_factory() as session:
        assert ledger_balances(session) == written_balances(fec)
        assert written_balances(fec) == {"C001": 10_000, "C002": 148_766}
        # 250.50 received by Dupont: FA-1 (August), then FA-2 (September) but for 50.00
        assert open_amounts(session) == {
            "FA-1": 0,
            "FA-2": 5_000,
            "FA-3": 5_000,
            "FA-4": 148_766,
        }
        assert ledger.check_consistency(session) == []
    assert_imported_again_changes_nothing(db, clock, path)


def test_a_fec_saved_as_a_workbook_reads_as_the_text_file(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    fec = book()
    text = write_text([HEADERS, *fec.rows], tmp_path / "FEC.txt")
    workbook = write_workbook([HEADERS, *fec.rows], tmp_path / "FEC.xlsx")

    report = imported(db, clock, workbook)

    assert (report["refused"], report["warnings"]) == ([], [])
    with db.session_factory() as session:
        assert ledger_balances(session) == written_balances(fec)
        assert open_amounts(session) == {"FA-1": 10_000, "FA-2": 0, "FA-3": 0, "FA-4": 148_766}
    assert_imported_again_changes_nothing(db, clock, workbook)
    # the same entries, whichever of the two files the accountant sends next time
    assert_imported_again_changes_nothing(db, clock, text)


def test_a_workbook_without_lettering_gives_the_same_balances(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    fec = book()
    path = write_workbook(unlettered(fec), tmp_path / "FEC.xlsx")

    report = imported(db, clock, path)

    assert (report["refused"], report["warnings"]) == ([], [NO_LETTERING])
    with db.session_factory() as session:
        assert ledger_balances(session) == written_balances(fec)
        assert open_amounts(session)["FA-2"] == 5_000
    assert_imported_again_changes_nothing(db, clock, path)


def test_a_workbook_reports_problems_on_the_sheets_row_numbers(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    fec = book()
    fec.rows[3][HEADERS.index("PieceDate")] = "20261345"  # FA-3's customer line: sheet row 5
    path = write_workbook([HEADERS, *fec.rows], tmp_path / "FEC.xlsx", blank_after=2)  # now 6

    report = imported(db, clock, path)

    assert report["refused"] == [
        {
            "line": 6,
            "column": "PieceDate",
            "reason": "“20261345” is not a date (expected YYYYMMDD).",
        }
    ]
    with db.session_factory() as session:
        assert counts(session) == (0, 0, 0, 0, 0, 0)


def test_an_entry_that_does_not_balance_is_imported_with_a_warning_on_its_first_line(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    fec = book()
    # FA-3's entry (lines 5 to 7): 50.00 debited to the customer, 41.67 + 8.33 credited; the VAT
    # line loses 8.00
    fec.rows[5][HEADERS.index("Credit")] = "0,33"
    path = write_text([HEADERS, *fec.rows], tmp_path / "FEC.txt")

    report = imported(db, clock, path)

    assert report["refused"] == []
    assert report["warnings"] == [
        {
            "line": 5,
            "column": "",
            "reason": "Entry VT000002 of journal VT does not balance: its debit and credit "
            "differ by €8.00. It was imported as written; check it in the accounting.",
        }
    ]
    with db.session_factory() as session:
        assert ledger_balances(session) == written_balances(fec)
        assert session.scalar(select(Invoice.amount_cents).where(Invoice.number == "FA-3")) == (
            5_000
        )
    assert_imported_again_changes_nothing(db, clock, path)


def test_the_difference_of_an_unbalanced_entry_is_written_as_money_in_french(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    fec = book()
    fec.rows[0][HEADERS.index("Debit")] = "1234,56"  # FA-1: debit 1,234.56, credit 100.00
    path = write_text([HEADERS, *fec.rows], tmp_path / "FEC.txt")
    i18n.set_language("fr")

    report = imported(db, clock, path)

    assert report["refused"] == []
    [warning] = report["warnings"]  # type: ignore[misc]
    assert warning["line"] == 2
    assert "VT000001" in warning["reason"]
    assert "1\u202f134,56\u00a0€" in warning["reason"]


def test_a_customer_auxiliary_on_another_third_party_account_is_reported_not_imported(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    fec = book()
    dupont_elsewhere = Account("411DUPONT", "DUPONT ET FILS")
    fec.entry(
        "OD",
        date(2026, 11, 5),
        "OD-7",
        "Avance consentie",
        [
            ("467000", "Autres comptes débiteurs", dupont_elsewhere, 30_000, 0, ""),
            ("512000", "Banque", None, 0, 30_000, ""),
        ],
    )
    line = len(fec.rows)  # the 467 line: the entry's first, after the header
    path = write_text([HEADERS, *fec.rows], tmp_path / "FEC.txt")

    report = imported(db, clock, path)

    assert report["refused"] == []
    assert report["warnings"] == [
        {
            "line": line,
            "column": "CompAuxNum",
            "reason": "Account 467000 carries the customer auxiliary account 411DUPONT: this "
            "line was not imported as a customer's; check the accounting entry.",
        }
    ]
    with db.session_factory() as session:
        assert ledger_balances(session) == written_balances(fec)
        assert set(session.scalars(select(Customer.ref))) == {"C001", "C002"}
    assert_imported_again_changes_nothing(db, clock, path)


def test_the_command_line_lists_the_warnings_and_imports_the_file(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_text(unlettered(book()), tmp_path / "FEC.txt")

    code = main(["--db", str(db_path), "import", "fec", str(path), "--format", "json"])
    out, _err = capsys.readouterr()

    assert code == 0
    report = json.loads(out)
    assert (report["created"], report["refused"], report["warnings"]) == (
        2 + 4 + 5,  # customers, invoices, receipts, the credit note and the write-off
        [],
        [NO_LETTERING],
    )

    code = main(["--db", str(db_path), "import", "fec", str(path)])
    out, err = capsys.readouterr()

    assert code == 0
    assert "0 created, 0 updated, 11 unchanged, 0 refused" in out
    assert err == (
        "warning: line 1, column “EcritureLet”: This file has no lettering (no EcritureLet "
        "column): payments were allocated to the oldest invoices first.\n"
    )
