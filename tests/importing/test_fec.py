"""FEC import: the customer accounts of the accounting become the ledger, to the cent, in sync.

Files are written as accounting packages write them (balanced entries, tab or pipe, decimal
comma) and imported into a real migrated SQLite file; the ledger is then read back.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.cli import main
from app.db.migrate import Database, open_database
from app.db.models import Allocation, CreditNote, Customer, HistoryEvent, Invoice, Payment
from app.domain.calendar import Clock
from app.importing.fec import read_fec
from app.services import ledger
from app.services.fec_import import import_fec
from app.services.importing import ImportOptions

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from benchmarks.fec_file import Account, FecWriter, generate_fec  # noqa: E402

DUPONT = Account("C001", "DUPONT ET FILS")
MARTIN = Account("C002", "MARTIN FRERES")


def book_of_two() -> FecWriter:
    fec = FecWriter()
    fec.sale(DUPONT, "FA-1", date(2026, 9, 1), 120_000, "A")
    fec.sale(DUPONT, "FA-2", date(2026, 10, 1), 30_050)
    fec.receipt(DUPONT, "VIR-1", date(2026, 10, 5), 120_000, "A")
    fec.sale(MARTIN, "FA-3", date(2026, 10, 10), 240_000)
    fec.credit_note(MARTIN, "AV-1", date(2026, 10, 20), 40_000)
    fec.receipt(MARTIN, "CHQ-9", date(2026, 11, 2), 50_000)
    return fec


def imported(db: Database, clock: Clock, path: Path, **options: object) -> dict[str, object]:
    return import_fec(db.session_factory, clock, path, ImportOptions(**options)).to_json()  # type: ignore[arg-type]


def file_balances(path: Path) -> dict[str, int]:
    balances: dict[str, int] = {}
    for line in read_fec(path).lines:
        balances[line.customer_ref] = balances.get(line.customer_ref, 0) + line.cents
    return balances


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


def test_customers_invoices_payments_and_credit_notes_come_from_the_customer_accounts(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    path = book_of_two().write(tmp_path / "FEC.txt")

    report = imported(db, clock, path)

    assert report["refused"] == []
    assert report["created"] == 2 + 3 + 3  # customers, invoices, payments and credit notes
    with db.session_factory() as session:
        customers = {c.ref: c for c in session.scalars(select(Customer))}
        assert {ref: c.name for ref, c in customers.items()} == {
            "C001": "DUPONT ET FILS",
            "C002": "MARTIN FRERES",
        }
        invoices = {i.number: i for i in session.scalars(select(Invoice))}
        assert {n: (i.amount_cents, i.open_cents) for n, i in invoices.items()} == {
            "FA-1": (120_000, 0),
            "FA-2": (30_050, 30_050),
            "FA-3": (240_000, 150_000),
        }
        assert invoices["FA-1"].source == "fec"
        assert invoices["FA-1"].due_date == date(2026, 10, 1)  # piece date + 30 days
        assert invoices["FA-1"].settled_on == date(2026, 10, 5)
        note = session.scalars(select(CreditNote)).one()
        assert (note.number, note.amount_cents, note.issued_on) == (
            "AV-1",
            40_000,
            date(2026, 10, 20),
        )
        payments = {p.reference: p for p in session.scalars(select(Payment))}
        assert payments["VIR-1"].received_on == date(2026, 10, 5)
        assert payments["CHQ-9"].amount_cents == 50_000
        assert ledger.check_consistency(session) == []


def test_every_customer_owes_exactly_their_account_balance_to_the_cent(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    path = generate_fec(tmp_path / "FEC.txt", customers=40, invoices=600, seed=11)

    report = imported(db, clock, path)

    assert (report["refused"], report["warnings"]) == ([], [])  # balanced, lettered: nothing to say
    expected = file_balances(path)
    with db.session_factory() as session:
        assert ledger_balances(session) == expected
        assert ledger.check_consistency(session) == []
    assert 0 in expected.values() and any(cents > 0 for cents in expected.values())


def test_an_overpayment_stays_as_the_customers_credit(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    fec = FecWriter()
    fec.sale(DUPONT, "FA-1", date(2026, 9, 1), 10_000, "A")
    fec.receipt(DUPONT, "VIR-1", date(2026, 9, 20), 12_500, "A")

    imported(db, clock, fec.write(tmp_path / "FEC.txt"))

    with db.session_factory() as session:
        customer = ledger.customer_by_ref(session, "C001")
        assert ledger.unallocated_credit(session, customer.id) == {"EUR": 2_500}
        assert ledger_balances(session) == {"C001": -2_500}


def test_lettering_decides_which_invoice_a_payment_settles(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    fec = FecWriter()
    fec.sale(DUPONT, "FA-OLD", date(2026, 8, 1), 10_000)
    fec.sale(DUPONT, "FA-NEW", date(2026, 9, 1), 10_000, "B")
    fec.receipt(DUPONT, "VIR-7", date(2026, 9, 20), 10_000, "B")  # pays the newer invoice

    imported(db, clock, fec.write(tmp_path / "FEC.txt"))

    with db.session_factory() as session:
        open_by_number = dict(session.execute(select(Invoice.number, Invoice.open_cents)).all())
    assert open_by_number == {"FA-OLD": 10_000, "FA-NEW": 0}


def test_unlettered_payments_settle_the_oldest_invoices_first(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    fec = FecWriter()
    fec.sale(DUPONT, "FA-2", date(2026, 9, 1), 10_000)
    fec.sale(DUPONT, "FA-1", date(2026, 8, 1), 10_000)
    fec.receipt(DUPONT, "CHQ-1", date(2026, 9, 20), 15_000)

    imported(db, clock, fec.write(tmp_path / "FEC.txt"))

    with db.session_factory() as session:
        open_by_number = dict(session.execute(select(Invoice.number, Invoice.open_cents)).all())
    assert open_by_number == {"FA-1": 0, "FA-2": 5_000}


def test_a_write_off_is_an_accounting_entry_not_a_payment_received(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    fec = FecWriter()
    fec.sale(DUPONT, "FA-1", date(2026, 3, 1), 9_000)
    fec.write_off(DUPONT, "OD-4", date(2026, 10, 1), 9_000)

    imported(db, clock, fec.write(tmp_path / "FEC.txt"))

    with db.session_factory() as session:
        entry = session.scalars(select(Payment)).one()
        kinds = set(session.scalars(select(HistoryEvent.kind)))
    assert entry.method == "accounting"
    assert "accounting_entry" in kinds and "payment_received" not in kinds


def test_an_unchanged_file_imported_again_changes_nothing(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    path = generate_fec(tmp_path / "FEC.txt", customers=20, invoices=200, seed=3)
    first = imported(db, clock, path)
    with db.session_factory() as session:
        before = counts(session)

    again = imported(db, clock, path)

    assert (again["created"], again["updated"], again["settled"]) == (0, 0, 0)
    assert again["unchanged"] == first["created"]
    with db.session_factory() as session:
        assert counts(session) == before


def test_next_weeks_file_brings_only_the_weeks_changes(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    week1 = book_of_two()
    imported(db, clock, week1.write(tmp_path / "FEC-w1.txt"))
    week2 = book_of_two()
    week2.sale(DUPONT, "FA-4", date(2026, 11, 10), 5_000)
    week2.receipt(MARTIN, "VIR-20", date(2026, 11, 15), 150_000)

    report = imported(db, clock, week2.write(tmp_path / "FEC-w2.txt"))

    assert (report["created"], report["updated"]) == (2, 0)
    with db.session_factory() as session:
        assert ledger_balances(session) == file_balances(tmp_path / "FEC-w2.txt")
        assert session.scalar(select(Invoice.open_cents).where(Invoice.number == "FA-3")) == 0


def test_a_receipt_lettered_later_moves_to_the_invoice_the_accountant_chose(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    before = FecWriter()
    before.sale(DUPONT, "FA-1", date(2026, 8, 1), 10_000)
    before.sale(DUPONT, "FA-2", date(2026, 9, 1), 10_000)
    before.receipt(DUPONT, "VIR-1", date(2026, 9, 20), 10_000)  # oldest first: FA-1
    imported(db, clock, before.write(tmp_path / "FEC-1.txt"))
    after = FecWriter()
    after.sale(DUPONT, "FA-1", date(2026, 8, 1), 10_000)
    after.sale(DUPONT, "FA-2", date(2026, 9, 1), 10_000, "A")
    after.receipt(DUPONT, "VIR-1", date(2026, 9, 20), 10_000, "A")

    report = imported(db, clock, after.write(tmp_path / "FEC-2.txt"))

    assert report["updated"] == 1
    with db.session_factory() as session:
        open_by_number = dict(session.execute(select(Invoice.number, Invoice.open_cents)).all())
        summaries = list(session.scalars(select(HistoryEvent.summary)))
    assert open_by_number == {"FA-1": 10_000, "FA-2": 0}
    assert any("updated by import" in s and "FA-2" in s for s in summaries)


def test_an_entry_deleted_in_the_accounting_is_removed(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    imported(db, clock, book_of_two().write(tmp_path / "FEC-1.txt"))
    without_cheque = FecWriter()
    without_cheque.sale(DUPONT, "FA-1", date(2026, 9, 1), 120_000, "A")
    without_cheque.sale(DUPONT, "FA-2", date(2026, 10, 1), 30_050)
    without_cheque.receipt(DUPONT, "VIR-1", date(2026, 10, 5), 120_000, "A")
    without_cheque.sale(MARTIN, "FA-3", date(2026, 10, 10), 240_000)
    without_cheque.credit_note(MARTIN, "AV-1", date(2026, 10, 20), 40_000)
    without_cheque.sale(MARTIN, "FA-5", date(2026, 11, 3), 1_000)  # keeps the period the same

    imported(db, clock, without_cheque.write(tmp_path / "FEC-2.txt"))

    with db.session_factory() as session:
        assert session.scalar(select(Payment.id).where(Payment.reference == "CHQ-9")) is None
        assert ledger_balances(session) == file_balances(tmp_path / "FEC-2.txt")
        assert ledger.check_consistency(session) == []


def test_payment_terms_give_the_due_date_and_existing_customers_keep_theirs(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    with db.session_factory() as session:
        ledger.create_customer(
            session, clock, ref="C001", name="Dupont & Fils SARL", payment_terms_days=60
        )
        session.commit()
    path = book_of_two().write(tmp_path / "FEC.txt")

    import_fec(db.session_factory, clock, path, ImportOptions(), terms_days=45)

    with db.session_factory() as session:
        due = dict(session.execute(select(Invoice.number, Invoice.due_date)).all())
        names = dict(session.execute(select(Customer.ref, Customer.name)).all())
    assert due["FA-2"] == date(2026, 11, 30)  # 1 October + the customer's own 60 days
    assert due["FA-3"] == date(2026, 11, 24)  # 10 October + 45 days for a new customer
    assert names["C001"] == "Dupont & Fils SARL"  # the FEC's short label does not rename


@pytest.mark.parametrize("separator", ["\t", "|"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_tab_or_pipe_and_the_usual_encodings_read_alike(
    db: Database, clock: Clock, tmp_path: Path, separator: str, encoding: str
) -> None:
    fec = FecWriter(separator=separator)
    fec.sale(Account("C009", "SOCIÉTÉ GÉNÉRALE DES EAUX"), "FA-9", date(2026, 9, 1), 123_456)
    path = fec.write(tmp_path / "FEC.txt", encoding=encoding)

    assert imported(db, clock, path)["refused"] == []

    with db.session_factory() as session:
        assert session.scalar(select(Customer.name)) == "SOCIÉTÉ GÉNÉRALE DES EAUX"
        assert session.scalar(select(Invoice.amount_cents)) == 123_456


def test_extra_columns_any_order_and_montant_sens_are_understood(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    header = "ecriturenum|JournalCode|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|"
    header += "PieceRef|PieceDate|EcritureLib|Montant|Sens|EcritureLet|DateLet|Analytique\n"
    rows = [
        "1|VT|20260901|411000|Clients|C1|ALPHA|F1|20260901|Facture|1200,00|D|||A1",
        "1|VT|20260901|706000|Ventes|||F1|20260901|Facture|1200,00|C|||A1",
        "2|BQ|20260910|512000|Banque|||R1|20260910|Virement|200,5|D|||",
        "2|BQ|20260910|411000|Clients|C1|ALPHA|R1|20260910|Virement|200,5|-1|||",
    ]
    path = tmp_path / "FEC.txt"
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")

    report = imported(db, clock, path)

    assert (report["refused"], report["warnings"]) == ([], [])  # Sens read on every line

    with db.session_factory() as session:
        assert session.scalar(select(Invoice.open_cents)) == 99_950


def test_unreadable_values_are_reported_by_line_and_column_and_nothing_is_written(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    fec = book_of_two()
    fec.rows[0][3] = "20261301"  # line 2: EcritureDate, month 13
    fec.rows[3][12] = "12,34,56"  # line 5: Credit
    fec.rows[1][11] = "n/a"  # a sales line: not a customer's, not Relance's business
    path = fec.write(tmp_path / "FEC.txt")

    report = imported(db, clock, path)

    assert report["refused"] == [
        {
            "line": 2,
            "column": "EcritureDate",
            "reason": "“20261301” is not a date (expected YYYYMMDD).",
        },
        {"line": 5, "column": "Credit", "reason": "“12,34,56” is not an amount."},
    ]
    with db.session_factory() as session:
        assert counts(session) == (0, 0, 0, 0, 0, 0)


def test_a_file_without_the_fec_columns_is_refused_with_the_missing_names(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    path = tmp_path / "FEC.txt"
    path.write_text(
        "JournalCode\tEcritureNum\tEcritureDate\tCompteNum\tDebit\tCredit\tA\tB\tC\tD\tE\n"
        "VT\t1\t20260101\t411000\t1,00\t0,00\t\t\t\t\t\n",
        encoding="utf-8",
    )

    report = imported(db, clock, path)

    assert {p["column"] for p in report["refused"]} == {  # type: ignore[union-attr]
        "CompAuxNum",
        "CompAuxLib",
        "PieceRef",
        "PieceDate",
    }  # EcritureLet and DateLet may lack: the file is then read without lettering


def test_skip_invalid_imports_the_rest_and_leaves_the_refused_lines_beside_the_file(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    fec = book_of_two()
    fec.rows[-1][12] = "cinq cents"  # the cheque's customer line
    path = fec.write(tmp_path / "FEC.txt")

    report = imported(db, clock, path, skip_invalid=True)

    assert [p["line"] for p in report["refused"]] == [len(fec.rows) + 1]  # type: ignore[index]
    rejects = (tmp_path / "FEC.rejects.csv").read_text(encoding="utf-8-sig")
    assert "cinq cents" in rejects
    with db.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Invoice)) == 3


def test_a_dry_run_counts_what_would_happen_and_writes_nothing(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    path = book_of_two().write(tmp_path / "FEC.txt")

    report = imported(db, clock, path, dry_run=True)

    assert report["created"] == 8
    with db.session_factory() as session:
        assert counts(session) == (0, 0, 0, 0, 0, 0)


def test_progress_is_reported_up_to_the_end(db: Database, clock: Clock, tmp_path: Path) -> None:
    path = generate_fec(tmp_path / "FEC.txt", customers=50, invoices=800, seed=5)
    seen: list[tuple[int, int]] = []

    import_fec(
        db.session_factory, clock, path, progress=lambda done, total: seen.append((done, total))
    )

    assert len(seen) > 2
    assert seen[-1][0] == seen[-1][1]


def test_the_command_line_imports_a_fec_and_prints_the_json_contract(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = book_of_two().write(tmp_path / "FEC.txt")

    code = main(
        ["--db", str(db_path), "import", "fec", str(path), "--terms", "45", "--format", "json"]
    )
    out, err = capsys.readouterr()

    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "created": 8,
        "updated": 0,
        "unchanged": 0,
        "settled": 0,
        "customers_created": 2,
        "refused": [],
        "skipped": [],
        "warnings": [],
        "header_line": 1,
    }
    database = open_database(db_path)
    with database.session_factory() as session:
        assert session.scalar(select(Customer.payment_terms_days).limit(1)) == 45
    database.dispose()


def test_the_command_line_refuses_a_broken_fec_with_exit_1(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fec = book_of_two()
    fec.rows[0][9] = "2026-13-45"
    path = fec.write(tmp_path / "FEC.txt")

    code = main(["--db", str(db_path), "import", "fec", str(path)])
    _out, err = capsys.readouterr()

    assert code == 1
    assert "line 2, column “PieceDate”" in err
