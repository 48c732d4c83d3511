"""A "Pays" column may hold country names as exports write them; the book keeps ISO codes.

Files go through the service as the CLI and the wizard call it (`prepare` then `run_import`) into
a real migrated SQLite file, which is then read back.
"""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import func, select

from app.db.migrate import Database
from app.db.models import Customer
from app.domain.calendar import Clock
from app.importing.columns import Kind
from app.services.import_sync import ImportReport
from app.services.importing import prepare, run_import

CUSTOMERS = [
    ["Code client", "Raison sociale", "Code postal", "Ville", "Pays"],
    ["411BEL", "Brasserie Liégeoise", "4000", "Liège", "Belgique"],
    ["411DEU", "Müller GmbH", "10115", "Berlin", "Deutschland"],
    ["411USA", "Acme Inc.", "10001", "New York", "United States"],
    ["411ROY", "Thames Ltd", "EC1A 1BB", "London", "royaume uni"],
    ["411FRA", "Dupont & Fils", "69002", "Lyon", ""],
]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    return path


def import_file(db: Database, clock: Clock, kind: Kind, path: Path) -> ImportReport:
    return run_import(db.session_factory, clock, prepare(kind, path))


def test_customers_country_names_are_stored_as_iso_codes(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    report = import_file(db, clock, Kind.CUSTOMERS, write_csv(tmp_path / "c.csv", CUSTOMERS))
    assert (report.refused, report.written) == ([], True)
    with db.session_factory() as session:
        stored = {
            ref: country for ref, country in session.execute(select(Customer.ref, Customer.country))
        }
    assert stored == {
        "411BEL": "BE",
        "411DEU": "DE",
        "411USA": "US",
        "411ROY": "GB",
        "411FRA": "FR",
    }


def test_invoices_create_their_customers_with_a_country_named_in_its_language(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    rows = [
        [
            "N° facture",
            "Code client",
            "Client",
            "Code postal",
            "Ville",
            "Pays",
            "Date facture",
            "Montant TTC",
        ],
        [
            "FA-1",
            "411SUI",
            "Horlogerie Genevoise",
            "1204",
            "Genève",
            "Schweiz",
            "02/11/2026",
            "1 200,00",
        ],
        [
            "FA-2",
            "411ESP",
            "Bodega Sevillana",
            "41001",
            "Sevilla",
            "España",
            "05/11/2026",
            "300,00",
        ],
    ]
    report = import_file(db, clock, Kind.INVOICES, write_csv(tmp_path / "i.csv", rows))
    assert (report.refused, report.customers_created) == ([], 2)
    with db.session_factory() as session:
        stored = {
            ref: country for ref, country in session.execute(select(Customer.ref, Customer.country))
        }
    assert stored == {"411SUI": "CH", "411ESP": "ES"}


def test_a_row_whose_country_is_unknown_is_refused_with_the_value_named(
    db: Database, clock: Clock, tmp_path: Path
) -> None:
    rows = [*CUSTOMERS[:2], ["411NAR", "Lion & Co", "1000", "Cair Paravel", "Narnia"]]
    report = import_file(db, clock, Kind.CUSTOMERS, write_csv(tmp_path / "c.csv", rows))
    assert [(p.line, p.column) for p in report.refused] == [(3, "Pays")]
    assert report.refused[0].reason.startswith("“Narnia” is not a country")
    assert not report.written
    with db.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Customer)) == 0
