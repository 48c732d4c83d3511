"""One file of unpaid invoices is enough: the customers it names and Relance lacks are created.

Files go through `app.cli.main` into a real SQLite file, which is then opened again and read.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.db.migrate import open_database
from app.db.models import Contact, Customer, HistoryEvent, Invoice
from app.services.settings import Preferences, save_preferences

HEADERS = [
    "N° facture",
    "Code client",
    "Client",
    "Adresse",
    "Code postal",
    "Ville",
    "Pays",
    "E-mail",
    "Date facture",
    "Montant TTC",
]
NEW_ROWS = [
    HEADERS,
    [
        "FA-1",
        "411NEW",
        "Nouvelle SARL",
        "3 rue des Lilas",
        "69003",
        "Lyon",
        "",
        "compta@nouvelle.example",
        "02/11/2026",
        "1 200,00",
    ],
    ["FA-2", "411NEW", "", "", "", "", "", "", "05/11/2026", "100,00"],
    ["FA-3", "411BEL", "Brasserie Liégeoise", "", "4000", "Liège", "be", "", "06/11/2026", "50"],
]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\r\n").writerows(rows)
    return path


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    try:
        code = main(["--db", str(db), *args])
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, Any]:
    code, out, _err = run(capsys, db, *args, "--format", "json")
    return code, json.loads(out)


@pytest.fixture
def empty_db(db_path: Path) -> Path:
    database = open_database(db_path)
    with database.session_factory.begin() as session:
        save_preferences(session, Preferences(language="en"))
    database.dispose()
    return db_path


@pytest.fixture
def read_back(db_path: Path) -> Iterator[Any]:
    """The database opened again after the command line wrote to it, as a later run would."""
    opened: list[Any] = []

    def query(statement: Any) -> list[Any]:
        database = open_database(db_path, backup=False)
        opened.append(database)
        with database.session_factory() as session:
            return list(session.execute(statement).all())

    yield query
    for database in opened:
        database.dispose()


def test_an_invoices_file_with_names_creates_its_customers(
    empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], read_back: Any
) -> None:
    path = write_csv(tmp_path / "factures.csv", NEW_ROWS)

    code, result = run_json(capsys, empty_db, "import", "invoices", str(path))

    assert code == 0
    assert result == {
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "settled": 0,
        "customers_created": 2,
        "refused": [],
        "skipped": [],
        "warnings": [],
        "header_line": 1,
    }
    customers = read_back(
        select(
            Customer.ref,
            Customer.name,
            Customer.address_line1,
            Customer.postcode,
            Customer.city,
            Customer.country,
            Customer.payment_terms_days,
        ).order_by(Customer.ref)
    )
    assert [tuple(c) for c in customers] == [
        ("411BEL", "Brasserie Liégeoise", None, "4000", "Liège", "BE", 30),
        ("411NEW", "Nouvelle SARL", "3 rue des Lilas", "69003", "Lyon", "FR", 30),
    ]
    emails = read_back(select(Customer.ref, Contact.email).join(Contact.customer))
    assert [tuple(e) for e in emails] == [("411NEW", "compta@nouvelle.example")]
    owners = read_back(
        select(Invoice.number, Customer.ref).join(Customer, Invoice.customer_id == Customer.id)
    )
    assert dict(tuple(o) for o in owners) == {"FA-1": "411NEW", "FA-2": "411NEW", "FA-3": "411BEL"}
    created = read_back(
        select(func.count())
        .select_from(HistoryEvent)
        .where(HistoryEvent.kind == "customer_created")
    )
    assert created[0][0] == 2


def test_importing_the_same_file_again_creates_nothing_twice(
    empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], read_back: Any
) -> None:
    path = write_csv(tmp_path / "factures.csv", NEW_ROWS)
    run_json(capsys, empty_db, "import", "invoices", str(path))

    code, again = run_json(capsys, empty_db, "import", "invoices", str(path))

    assert code == 0
    assert (again["created"], again["unchanged"], again["customers_created"]) == (0, 3, 0)
    assert read_back(select(func.count()).select_from(Customer))[0][0] == 2
    assert read_back(select(func.count()).select_from(Invoice))[0][0] == 3


def test_a_known_customer_is_not_changed_by_an_invoices_file(
    empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], read_back: Any
) -> None:
    first = write_csv(tmp_path / "factures.csv", NEW_ROWS)
    run_json(capsys, empty_db, "import", "invoices", str(first))
    renamed = [HEADERS, ["FA-4", "411NEW", "Autre Nom", "9 quai Sud", "", "", "", "", "", "10"]]
    renamed[1][8] = "07/11/2026"

    code, result = run_json(
        capsys, empty_db, "import", "invoices", str(write_csv(tmp_path / "b.csv", renamed))
    )

    assert (code, result["created"], result["customers_created"]) == (0, 1, 0)
    customer = read_back(
        select(Customer.name, Customer.address_line1).where(Customer.ref == "411NEW")
    )
    assert tuple(customer[0]) == ("Nouvelle SARL", "3 rue des Lilas")


def test_an_unknown_customer_without_a_name_is_refused_by_line_and_column(
    empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], read_back: Any
) -> None:
    rows = [*NEW_ROWS, ["FA-9", "411ANON", "", "", "", "", "", "", "06/11/2026", "70"]]
    path = write_csv(tmp_path / "factures.csv", rows)

    code, out, err = run(capsys, empty_db, "import", "invoices", str(path))

    assert code == 1
    assert err.splitlines() == [
        "line 5, column “Client”: No customer has the reference “411ANON”: write the customer's "
        "name in this column to create the customer, or import the customers first."
    ]
    assert "Nothing was written" in out
    assert read_back(select(func.count()).select_from(Customer))[0][0] == 0
    assert read_back(select(func.count()).select_from(Invoice))[0][0] == 0


def test_without_a_name_column_an_unknown_customer_is_refused_as_before(
    empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [["N° facture", "Code client", "Date facture", "Montant TTC"]]
    rows.append(["FA-1", "411NOPE", "02/11/2026", "10"])
    path = write_csv(tmp_path / "factures.csv", rows)

    code, result = run_json(capsys, empty_db, "import", "invoices", str(path))

    assert code == 1
    assert result["refused"] == [
        {
            "line": 2,
            "column": "Code client",
            "reason": "No customer has the reference “411NOPE”: import the customers first.",
        }
    ]


def test_a_customer_that_cannot_be_created_refuses_its_rows(
    empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [row[:] for row in NEW_ROWS]
    rows[1][7] = "compta-at-nouvelle"  # checked as a customers import checks it
    path = write_csv(tmp_path / "factures.csv", rows)

    code, result = run_json(capsys, empty_db, "import", "invoices", str(path))

    assert code == 1
    assert [(r["line"], r["column"], r["reason"]) for r in result["refused"]] == [
        (2, "E-mail", "“compta-at-nouvelle” is not an email address."),
        (3, "Code client", "The customer “411NEW” cannot be created: see line 2."),
    ]


def test_skip_invalid_creates_the_named_customers_and_sets_the_others_aside(
    empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], read_back: Any
) -> None:
    rows = [*NEW_ROWS, ["FA-9", "411ANON", "", "", "", "", "", "", "06/11/2026", "70"]]
    path = write_csv(tmp_path / "factures.csv", rows)

    code, out, _err = run(capsys, empty_db, "import", "invoices", str(path), "--skip-invalid")

    assert code == 0
    assert out.splitlines()[0] == (
        "3 created, 0 updated, 0 unchanged, 1 refused, 2 customers created"
    )
    refs = read_back(select(Customer.ref).order_by(Customer.ref))
    assert [r[0] for r in refs] == ["411BEL", "411NEW"]
    rejects = (tmp_path / "factures.rejects.csv").read_text(encoding="utf-8-sig")
    assert "411ANON" in rejects and "411NEW" not in rejects


def test_a_dry_run_counts_the_customers_and_writes_none(
    empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], read_back: Any
) -> None:
    path = write_csv(tmp_path / "factures.csv", NEW_ROWS)

    code, out, err = run(capsys, empty_db, "import", "invoices", str(path), "--dry-run")

    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "3 created, 0 updated, 0 unchanged, 0 refused, 2 customers created",
        "Dry run: nothing was written.",
    ]
    assert read_back(select(func.count()).select_from(Customer))[0][0] == 0


def test_customers_made_by_an_invoices_file_are_those_a_customers_file_makes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Created in bulk, a customer is row for row what `ledger.create_customer` makes."""

    def book(name: str) -> Path:
        database = open_database(tmp_path / name)
        with database.session_factory.begin() as session:
            save_preferences(session, Preferences(language="en"))
        database.dispose()
        return tmp_path / name

    def rows(db: Path, table: str, leave_out: tuple[str, ...]) -> list[dict[str, Any]]:
        database = open_database(db, backup=False)
        with database.engine.connect() as connection:
            result = connection.exec_driver_sql(f"SELECT * FROM {table} ORDER BY id").mappings()
            found = [{k: v for k, v in r.items() if k not in leave_out} for r in result]
        database.dispose()
        return found

    columns = ["Code client", "Client", "Adresse", "Code postal", "Ville", "Pays", "E-mail"]
    customers = [columns, *([row[1], *row[2:8]] for row in NEW_ROWS[1:] if row[2])]
    by_customers, by_invoices = book("customers.sqlite3"), book("invoices.sqlite3")
    code, _out, err = run(
        capsys, by_customers, "import", "customers", str(write_csv(tmp_path / "c.csv", customers))
    )
    assert code == 0, err
    code, _out, err = run(
        capsys, by_invoices, "import", "invoices", str(write_csv(tmp_path / "f.csv", NEW_ROWS))
    )
    assert code == 0, err
    stamps = ("id", "created_at", "updated_at")
    assert rows(by_invoices, "customers", stamps) == rows(by_customers, "customers", stamps)
    assert rows(by_invoices, "contacts", ("id",)) == rows(by_customers, "contacts", ("id",))
    created = [
        e
        for e in rows(by_invoices, "history_events", ("id", "at"))
        if e["kind"] == "customer_created"
    ]
    assert created == rows(by_customers, "history_events", ("id", "at"))
