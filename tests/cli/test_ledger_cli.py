"""`customer add` and `invoice add`: typed on the command line, refused whole with a sentence."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli import main
from app.db.migrate import open_database
from app.db.models import Contact, Customer, Invoice


def _customers(db_path: Path) -> list[Customer]:
    database = open_database(db_path)
    try:
        with database.session_factory() as session:
            return list(session.scalars(select(Customer)))
    finally:
        database.dispose()


def test_customer_and_invoice_added_from_the_command_line(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(db_path)
    assert (
        main(
            [
                "--db",
                db,
                "customer",
                "add",
                "411NEW",
                "--name",
                "Nouvelle SARL",
                "--postcode",
                "69002",
                "--city",
                "Lyon",
                "--siret",
                "732 829 320 00074",
                "--vat",
                "FR44732829320",
                "--email",
                "compta@nouvelle.fr",
                "--terms",
                "45",
            ]
        )
        == 0
    )
    assert "411NEW" in capsys.readouterr().out
    code = main(
        ["--db", db, "invoice", "add", "411NEW", "FA-9", "--amount", "1 234,50",
         "--issued", "2026-09-01"]
    )  # fmt: skip
    assert code == 0
    database = open_database(db_path)
    with database.session_factory() as session:
        invoice = session.scalars(select(Invoice)).one()
        assert (invoice.amount_cents, invoice.due_date) == (123450, date(2026, 10, 16))
        assert session.scalars(select(Contact.email)).one() == "compta@nouvelle.fr"
        assert session.scalars(select(Customer.siret)).one() == "73282932000074"
    database.dispose()


def test_customer_with_a_bad_siret_exits_1_and_writes_nothing(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", str(db_path), "customer", "add", "411X", "--name", "X",
                 "--siret", "73282932000075"])  # fmt: skip
    assert code == 1
    assert "SIRET number is not valid" in capsys.readouterr().err
    assert _customers(db_path) == []


def test_invoice_refusals_exit_1_for_rules_and_2_for_an_unknown_customer(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(db_path)
    assert main(["--db", db, "customer", "add", "411A", "--name", "A"]) == 0
    base = ["--db", db, "invoice", "add"]
    assert main([*base, "411A", "F1", "--amount", "10", "--issued", "2026-09-01"]) == 0
    capsys.readouterr()
    assert main([*base, "411A", "F1", "--amount", "10", "--issued", "2026-09-01"]) == 1
    assert "already used" in capsys.readouterr().err
    early = [*base, "411A", "F2", "--amount", "10", "--issued", "2026-09-01", "--due", "2026-08-01"]
    assert main(early) == 1
    assert "due before it is issued" in capsys.readouterr().err
    huge = [*base, "411A", "F3", "--amount", "10000000000000", "--issued", "2026-09-01"]
    assert main(huge) == 1
    assert "cannot be more than" in capsys.readouterr().err
    assert main([*base, "411ZZZ", "F4", "--amount", "10", "--issued", "2026-09-01"]) == 2
    assert "No customer has the reference" in capsys.readouterr().err
    database = open_database(db_path)
    with database.session_factory() as session:
        assert list(session.scalars(select(Invoice.number))) == ["F1"]
    database.dispose()
