"""Customers files with a civility and a state column: recognised, read into codes for the
customer and its main contact, a value that is not a civility refused by line and column."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.cli import main
from app.db.migrate import open_database
from app.db.models import Customer
from app.importing.columns import Kind, detect_mapping
from app.services.settings import Preferences, save_preferences


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\r\n").writerows(rows)
    return path


def _import(capsys: pytest.CaptureFixture[str], db: Path, path: Path) -> tuple[int, Any]:
    code = main(["--db", str(db), "import", "customers", str(path), "--format", "json"])
    out, err = capsys.readouterr()
    assert not err, err
    return code, json.loads(out)


def _people(db: Path) -> dict[str, tuple[str | None, str | None, list[str | None]]]:
    database = open_database(db, backup=False)
    try:
        with database.session_factory() as session:
            return {
                c.ref: (c.civility, c.region, [k.civility for k in c.contacts])
                for c in session.scalars(select(Customer))
            }
    finally:
        database.dispose()


@pytest.fixture
def empty_db(db_path: Path) -> Path:
    database = open_database(db_path)
    with database.session_factory.begin() as session:
        save_preferences(session, Preferences(language="en"))
    database.dispose()
    return db_path


@pytest.mark.parametrize("header", ["Civilité", "Civility", "Title", "Salutation", "Titre"])
def test_the_usual_headers_of_a_civility_column_are_recognised(header: str) -> None:
    mapping = detect_mapping(Kind.CUSTOMERS, ["Code client", "Nom", header, "State"])
    assert mapping == {"ref": "Code client", "name": "Nom", "civility": header, "region": "State"}


def test_civilities_are_read_for_the_customer_and_its_contact(
    empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        ["Code client", "Nom", "Type", "Civilité", "Contact", "E-mail", "Pays", "State"],
        ["411GUE", "Virginie Guérin", "particulier", "Madame", "", "", "FR", ""],
        ["411MAR", "Martin SARL", "business", "M.", "Paul Martin", "p@martin.example", "FR", ""],
        ["411ACM", "Acme Inc", "business", "Ms", "Jane Doe", "j@acme.example", "US", "CA"],
        ["411DUR", "Paul Durand", "individual", "", "", "", "FR", ""],
    ]
    code, result = _import(capsys, empty_db, _csv(tmp_path / "clients.csv", rows))
    assert (code, result["created"], result["refused"]) == (0, 4, [])
    assert _people(empty_db) == {
        "411GUE": ("mme", None, []),
        "411MAR": ("m", None, ["m"]),
        "411ACM": ("mme", "CA", ["mme"]),
        "411DUR": (None, None, []),
    }


def test_a_value_that_is_not_a_civility_is_refused_by_line_and_column(
    empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [["Code client", "Nom", "Title"], ["411GUE", "Guérin", "Mrs"], ["411DOC", "Who", "Dr"]]
    code, result = _import(capsys, empty_db, _csv(tmp_path / "clients.csv", rows))
    assert code == 1
    assert result["refused"] == [
        {
            "line": 3,
            "column": "Title",
            "reason": "“Dr” is not a civility: write M., Mme, Mx, Mr, Mrs or Ms, or leave it "
            "empty.",
        }
    ]
    assert _people(empty_db) == {}
