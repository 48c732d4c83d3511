"""Re-importing is a sync: matched rows are updated with history, nothing is ever duplicated.

These tests call the service as the CLI does (`prepare` then `run_import`) with a fixed clock, on a
real migrated SQLite file, and look at the ledger afterwards.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.migrate import Database
from app.db.models import Allocation, Contact, Customer, HistoryEvent, Invoice, Payment
from app.domain.calendar import Clock
from app.importing.columns import Kind
from app.services import import_sync, ledger
from app.services.import_sync import ImportReport
from app.services.importing import ImportOptions, prepare, run_import
from app.services.ledger import check_consistency

TODAY = date(2026, 11, 22)
CUSTOMERS = [
    ["Code client", "Raison sociale", "Ville", "E-mail", "Délai de paiement"],
    ["411DUP", "Dupont & Fils", "Lyon", "compta@dupont.example", "30"],
    ["411MAR", "Martin Frères", "Orléans", "", "45"],
]
INVOICES = [
    ["N° facture", "Code client", "Date facture", "Échéance", "Montant TTC"],
    ["FA-1", "411DUP", "01/09/2026", "01/10/2026", "1 200,00"],
    ["FA-2", "411DUP", "01/10/2026", "", "300,50"],
    ["FA-3", "411MAR", "10/10/2026", "", "2 400,00"],
]
OPEN_ITEMS_HEADERS = ["N° facture", "Code client", "Date facture", "Montant TTC", "Reste dû"]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    return path


def sync(db: Database, clock: Clock, kind: str, path: Path, **options: Any) -> dict[str, Any]:
    prepared = prepare(Kind(kind), path)
    result: ImportReport = run_import(db.session_factory, clock, prepared, ImportOptions(**options))
    return result.to_json()


def done(
    created: int = 0,
    updated: int = 0,
    unchanged: int = 0,
    settled: int = 0,
    customers_created: int = 0,
) -> Any:
    return {
        "created": created,
        "updated": updated,
        "unchanged": unchanged,
        "settled": settled,
        "customers_created": customers_created,
        "refused": [],
        "skipped": [],
        "warnings": [],
        "header_line": 1,
    }


def counts(session: Session) -> dict[str, int]:
    return {
        model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Customer, Contact, Invoice, Payment, Allocation, HistoryEvent)
    }


def events(session: Session, kind: str) -> list[tuple[str | None, str]]:
    """(invoice number, summary) of the events of one kind, oldest first."""
    rows = session.execute(
        select(Invoice.number, HistoryEvent.summary)
        .outerjoin(Invoice, Invoice.id == HistoryEvent.invoice_id)
        .where(HistoryEvent.kind == kind)
        .order_by(HistoryEvent.id)
    )
    return [(number, summary) for number, summary in rows]


def invoice(session: Session, number: str) -> Invoice:
    return session.scalars(select(Invoice).where(Invoice.number == number)).one()


def external(session: Session, number: str) -> list[int]:
    """Amounts settled in the accounting system (allocations without payment) on an invoice."""
    return list(
        session.scalars(
            select(Allocation.amount_cents)
            .join(Invoice)
            .where(Invoice.number == number, Allocation.payment_id.is_(None))
            .order_by(Allocation.id)
        )
    )


@pytest.fixture
def book(db: Database, clock: Clock, tmp_path: Path) -> Database:
    assert sync(db, clock, "customers", write_csv(tmp_path / "c.csv", CUSTOMERS)) == done(2)
    return db


@pytest.fixture
def invoiced(book: Database, clock: Clock, tmp_path: Path) -> Database:
    assert sync(book, clock, "invoices", write_csv(tmp_path / "f.csv", INVOICES)) == done(3)
    return book


# --- the same file twice -----------------------------------------------------------------------
def test_importing_the_same_files_twice_changes_nothing(
    invoiced: Database, clock: Clock, tmp_path: Path
) -> None:
    with invoiced.session_factory() as session:
        before = counts(session)
    customers = write_csv(tmp_path / "c.csv", CUSTOMERS)
    assert sync(invoiced, clock, "customers", customers) == done(unchanged=2)
    assert sync(invoiced, clock, "invoices", tmp_path / "f.csv") == done(unchanged=3)
    with invoiced.session_factory() as session:
        assert counts(session) == before
        assert before["invoices"] == 3 and before["customers"] == 2 and before["contacts"] == 1


# --- customers ---------------------------------------------------------------------------------
def test_a_changed_customer_is_updated_and_the_change_is_in_its_history(
    book: Database, clock: Clock, tmp_path: Path
) -> None:
    rows = [
        CUSTOMERS[0],
        ["411DUP", "Dupont & Fils", "Villeurbanne", "factures@dupont.example", "30"],
        CUSTOMERS[2],
    ]
    assert sync(book, clock, "customers", write_csv(tmp_path / "c2.csv", rows)) == done(
        updated=1, unchanged=1
    )
    with book.session_factory() as session:
        dupont = ledger.customer_by_ref(session, "411DUP")
        assert dupont.city == "Villeurbanne"
        assert [c.email for c in dupont.contacts] == ["factures@dupont.example"]
        event = session.scalars(
            select(HistoryEvent).where(HistoryEvent.kind == "customer_updated")
        ).one()
        assert event.customer_id == dupont.id
        assert event.payload == {
            "source": "import",
            "changes": [
                {"field": "city", "old": "Lyon", "new": "Villeurbanne"},
                {
                    "field": "email",
                    "old": "compta@dupont.example",
                    "new": "factures@dupont.example",
                },
            ],
        }
        assert event.summary == (
            "Updated by import: city: Lyon → Villeurbanne; "
            "email: compta@dupont.example → factures@dupont.example"
        )


# --- invoices ----------------------------------------------------------------------------------
def test_a_changed_amount_and_due_date_update_the_invoice_with_history(
    invoiced: Database, clock: Clock, tmp_path: Path
) -> None:
    rows = [
        INVOICES[0],
        ["FA-1", "411DUP", "01/09/2026", "15/10/2026", "1 250,00"],
        *INVOICES[2:],
    ]
    assert sync(invoiced, clock, "invoices", write_csv(tmp_path / "f2.csv", rows)) == done(
        updated=1, unchanged=2
    )
    with invoiced.session_factory() as session:
        fa1 = invoice(session, "FA-1")
        assert (fa1.due_date, fa1.amount_cents, fa1.open_cents) == (
            date(2026, 10, 15),
            125000,
            125000,
        )
        assert events(session, "invoice_updated") == [
            (
                "FA-1",
                "Invoice FA-1 updated by import: due 1 Oct 2026 → 15 Oct 2026, "
                "amount €1,200.00 → €1,250.00, still owed €1,200.00 → €1,250.00",
            )
        ]
        assert counts(session)["invoices"] == 3
        assert check_consistency(session) == []


def test_an_amount_change_keeps_what_relance_already_received(
    invoiced: Database, clock: Clock, tmp_path: Path
) -> None:
    with invoiced.session_factory.begin() as session:
        dupont = ledger.customer_by_ref(session, "411DUP")
        fa1 = invoice(session, "FA-1")
        ledger.record_payment(
            session,
            clock,
            customer_id=dupont.id,
            amount_cents=20000,
            received_on=date(2026, 10, 5),
            allocate_to={fa1.id: None},
        )
    rows = [INVOICES[0], ["FA-1", "411DUP", "01/09/2026", "01/10/2026", "1 000,00"]]
    result = sync(invoiced, clock, "invoices", write_csv(tmp_path / "f2.csv", rows))
    assert result == done(updated=1)
    with invoiced.session_factory() as session:
        assert invoice(session, "FA-1").open_cents == 80000
        assert check_consistency(session) == []


def test_open_amount_lower_than_the_amount_records_a_settlement_made_in_accounting(
    book: Database, clock: Clock, tmp_path: Path
) -> None:
    rows = [
        OPEN_ITEMS_HEADERS,
        ["FA-1", "411DUP", "01/09/2026", "1 200,00", "450,00"],
        ["FA-2", "411DUP", "01/10/2026", "300,50", "0"],
        ["FA-3", "411MAR", "10/10/2026", "2 400,00", "2 400,00"],
    ]
    path = write_csv(tmp_path / "encours.csv", rows)
    assert sync(book, clock, "invoices", path) == done(created=3)
    with book.session_factory() as session:
        fa1, fa2, fa3 = (invoice(session, n) for n in ("FA-1", "FA-2", "FA-3"))
        assert (fa1.open_cents, fa1.settled_on) == (45000, None)
        assert (fa2.open_cents, fa2.settled_on) == (0, TODAY)
        assert fa3.open_cents == 240000
        assert external(session, "FA-1") == [75000]
        assert external(session, "FA-2") == [30050]
        assert external(session, "FA-3") == []
        note = session.scalars(select(Allocation.note)).first()
        assert note == "Settled in the accounting system (encours.csv)"
        assert check_consistency(session) == []
        before = counts(session)
    assert sync(book, clock, "invoices", path) == done(unchanged=3)
    with book.session_factory() as session:
        assert counts(session) == before


def test_open_amount_moving_down_then_up_settles_then_undoes_only_import_settlements(
    book: Database, clock: Clock, tmp_path: Path
) -> None:
    def open_items(owed: str) -> Path:
        rows = [OPEN_ITEMS_HEADERS, ["FA-1", "411DUP", "01/09/2026", "1 200,00", owed]]
        return write_csv(tmp_path / "encours.csv", rows)

    assert sync(book, clock, "invoices", open_items("1 000,00")) == done(created=1)
    with book.session_factory.begin() as session:
        ledger.record_payment(  # Relance knows of 100 paid; accounting does not say so yet
            session,
            clock,
            customer_id=ledger.customer_by_ref(session, "411DUP").id,
            amount_cents=10000,
            received_on=date(2026, 11, 2),
        )
    assert sync(book, clock, "invoices", open_items("900,00")) == done(unchanged=1)
    assert sync(book, clock, "invoices", open_items("600,00")) == done(updated=1)
    with book.session_factory() as session:
        assert invoice(session, "FA-1").open_cents == 60000
        assert external(session, "FA-1") == [20000, 30000]
    assert sync(book, clock, "invoices", open_items("1 150,00")) == done(updated=1)
    with book.session_factory() as session:
        fa1 = invoice(session, "FA-1")
        # only the import's own settlements (500) can be undone; the payment of 100 stays
        assert (fa1.open_cents, fa1.settled_on) == (110000, None)
        assert external(session, "FA-1") == []
        assert session.scalar(select(func.count()).select_from(Payment)) == 1
        assert check_consistency(session) == []
        assert [s for _n, s in events(session, "invoice_updated")] == [
            "Invoice FA-1 updated by import: still owed €900.00 → €600.00",
            "Invoice FA-1 updated by import: still owed €600.00 → €1,100.00",
        ]


def test_a_snapshot_settles_the_open_invoices_it_no_longer_lists(
    invoiced: Database, clock: Clock, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "encours.csv", [INVOICES[0], INVOICES[1], INVOICES[3]])
    assert sync(invoiced, clock, "invoices", path, snapshot=True) == done(unchanged=2, settled=1)
    with invoiced.session_factory() as session:
        fa2 = invoice(session, "FA-2")
        assert (fa2.open_cents, fa2.settled_on) == (0, TODAY)
        assert external(session, "FA-2") == [30050]
        assert events(session, "invoice_settled_externally") == [
            (
                "FA-2",
                "Invoice FA-2 is no longer in the accounting's open items: marked as settled",
            )
        ]
        assert invoice(session, "FA-1").open_cents == 120000
        assert check_consistency(session) == []
        before = counts(session)
    assert sync(invoiced, clock, "invoices", path, snapshot=True) == done(unchanged=2)
    with invoiced.session_factory() as session:
        assert counts(session) == before


def test_without_snapshot_absent_invoices_are_left_alone(
    invoiced: Database, clock: Clock, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "nouvelles.csv", [INVOICES[0], INVOICES[1]])
    assert sync(invoiced, clock, "invoices", path) == done(unchanged=1)
    with invoiced.session_factory() as session:
        assert invoice(session, "FA-2").open_cents == 30050
        assert events(session, "invoice_settled_externally") == []


def test_a_snapshot_never_settles_an_invoice_whose_row_was_refused(
    invoiced: Database, clock: Clock, tmp_path: Path
) -> None:
    """With --skip-invalid, a listed invoice whose row is wrong is still open, not paid."""
    rows = [INVOICES[0], INVOICES[1], ["FA-2", "411DUP", "01/10/2026", "", "trois cents"]]
    path = write_csv(tmp_path / "encours.csv", rows)
    result = sync(invoiced, clock, "invoices", path, snapshot=True, skip_invalid=True)
    assert (result["unchanged"], result["settled"]) == (1, 1)  # FA-3 only
    assert [r["line"] for r in result["refused"]] == [3]
    with invoiced.session_factory() as session:
        assert invoice(session, "FA-2").open_cents == 30050
        assert invoice(session, "FA-3").open_cents == 0


# --- payments ----------------------------------------------------------------------------------
PAYMENTS = [
    ["Date de règlement", "Code client", "Montant", "Référence", "N° facture", "Mode de règlement"],
    ["05/10/2026", "411DUP", "200,00", "VIR 4411", "FA-2", "virement"],
    ["2026-10-20", "411DUP", "1 000,00", "CHQ 1234567", "", "chèque"],
    ["2026-11-02", "411MAR", "400", "", "", ""],
]


def test_payments_are_allocated_and_reimporting_them_is_idempotent(
    invoiced: Database, clock: Clock, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "reglements.csv", PAYMENTS)
    assert sync(invoiced, clock, "payments", path) == done(created=3)
    with invoiced.session_factory() as session:
        balances = {n: invoice(session, n).open_cents for n in ("FA-1", "FA-2", "FA-3")}
        assert balances == {"FA-1": 20000, "FA-2": 10050, "FA-3": 200000}
        payment = session.scalars(select(Payment).where(Payment.reference == "VIR 4411")).one()
        assert (payment.received_on, payment.method) == (date(2026, 10, 5), "virement")
        assert len(events(session, "payment_received")) == 3
        before = counts(session)
    assert sync(invoiced, clock, "payments", path) == done(unchanged=3)
    more = write_csv(tmp_path / "reglements2.csv", [*PAYMENTS, ["2026-11-03", "411MAR", "400", ""]])
    assert sync(invoiced, clock, "payments", more) == done(created=1, unchanged=3)
    with invoiced.session_factory() as session:
        assert counts(session)["payments"] == before["payments"] + 1
        assert invoice(session, "FA-3").open_cents == 160000
        assert check_consistency(session) == []


def test_payments_match_on_customer_date_amount_and_reference(
    invoiced: Database, clock: Clock, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "r1.csv", PAYMENTS[:2])
    assert sync(invoiced, clock, "payments", path) == done(created=1)
    variants = [
        PAYMENTS[0],
        ["05/10/2026", "411DUP", "200,00", "VIR 4412", "FA-2", ""],  # another reference
        ["06/10/2026", "411DUP", "200,00", "VIR 4411", "FA-2", ""],  # another day
        ["05/10/2026", "411DUP", "201,00", "VIR 4411", "FA-2", ""],  # another amount
        ["05/10/2026", "411MAR", "200,00", "VIR 4411", "", ""],  # another customer
    ]
    result = sync(invoiced, clock, "payments", write_csv(tmp_path / "r2.csv", variants))
    assert result == done(created=4)


def test_a_payment_dated_in_the_future_is_refused_by_line(
    invoiced: Database, clock: Clock, tmp_path: Path
) -> None:
    rows = [PAYMENTS[0], PAYMENTS[1], ["30/11/2026", "411DUP", "50", "", "", ""]]
    result = sync(invoiced, clock, "payments", write_csv(tmp_path / "r.csv", rows))
    assert result["refused"] == [
        {
            "line": 3,
            "column": "Date de règlement",
            "reason": "A payment cannot be received in the future.",
        }
    ]
    assert result["created"] == 0
    with invoiced.session_factory() as session:
        assert counts(session)["payments"] == 0


def test_payments_of_an_unknown_customer_are_refused(
    invoiced: Database, clock: Clock, tmp_path: Path
) -> None:
    rows = [PAYMENTS[0], ["05/10/2026", "411NOPE", "10", "", "", ""]]
    result = sync(invoiced, clock, "payments", write_csv(tmp_path / "r.csv", rows))
    assert result["refused"] == [
        {
            "line": 2,
            "column": "Code client",
            "reason": "No customer has the reference “411NOPE”: import the customers first.",
        }
    ]


def test_known_invoices_are_found_by_number_across_lookup_chunks(
    invoiced: Database, clock: Clock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The book's invoices are looked up by the file's numbers, a few thousand per statement:
    every chunk finds its own (here two numbers per statement), what settled in accounting too."""
    monkeypatch.setattr(import_sync, "LOOKUP_CHUNK", 2)
    rows = [OPEN_ITEMS_HEADERS]
    rows += [["FA-1", "411DUP", "01/09/2026", "1 200,00", "1 000,00"]]  # settled 200 outside
    rows += [["FA-2", "411DUP", "01/10/2026", "300,50", "300,50"]]
    rows += [["FA-3", "411MAR", "10/10/2026", "2 400,00", "2 400,00"]]
    rows += [["FA-4", "411MAR", "11/10/2026", "99,00", "99,00"]]
    path = write_csv(tmp_path / "encours.csv", rows)
    assert sync(invoiced, clock, "invoices", path) == done(created=1, updated=1, unchanged=2)
    rows[1][4] = "1 200,00"  # accounting takes it back: the import's own settlement is undone
    assert sync(invoiced, clock, "invoices", write_csv(path, rows)) == done(updated=1, unchanged=3)
    with invoiced.session_factory() as session:
        assert invoice(session, "FA-1").open_cents == 120000 and external(session, "FA-1") == []
        assert counts(session)["invoices"] == 4
