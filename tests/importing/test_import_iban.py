"""Customers files with an IBAN column: recognised, kept compact, a wrong one named by line."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.cli import main
from app.db.migrate import open_database
from app.db.models import Customer, HistoryEvent
from app.importing.columns import Kind, detect_mapping
from app.services.settings import Preferences, save_preferences

GOOD = "FR7630006000011234567890189"  # test accounts with computed check digits, not real ones
GERMAN = "DE89370400440532013000"


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\r\n").writerows(rows)
    return path


def _import(capsys: pytest.CaptureFixture[str], db: Path, path: Path) -> tuple[int, Any]:
    code = main(["--db", str(db), "import", "customers", str(path), "--format", "json"])
    out, err = capsys.readouterr()
    assert not err, err
    return code, json.loads(out)


def _ibans(db: Path) -> dict[str, str | None]:
    database = open_database(db, backup=False)
    try:
        with database.session_factory() as session:
            return {c.ref: c.iban for c in session.scalars(select(Customer))}
    finally:
        database.dispose()


@pytest.fixture
def empty_db(db_path: Path) -> Path:
    database = open_database(db_path)
    with database.session_factory.begin() as session:
        save_preferences(session, Preferences(language="en"))
    database.dispose()
    return db_path


@pytest.mark.parametrize(
    "header",
    ["IBAN", "iban", "RIB / IBAN", "RIB IBAN", "Compte bancaire", "Coordonnées bancaires",
     "IBAN du client", "Customer IBAN", "Bank account"],
)  # fmt: skip
def test_the_usual_headers_of_an_iban_column_are_recognised(header: str) -> None:
    mapping = detect_mapping(Kind.CUSTOMERS, ["Code client", "Raison sociale", header])
    assert mapping == {"ref": "Code client", "name": "Raison sociale", "iban": header}


def test_a_bare_rib_column_is_not_taken_for_an_iban() -> None:
    assert "iban" not in detect_mapping(Kind.CUSTOMERS, ["Code client", "Nom", "RIB"])


def test_customers_file_with_ibans_stores_them_compact(
    empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        ["Code client", "Raison sociale", "Pays", "RIB / IBAN"],
        ["411DUP", "Dupont", "FR", "fr76 3000 6000 0112 3456 7890 189"],
        ["411ACM", "Acme GmbH", "DE", "DE89 3704 0044 0532 0130 00"],
        ["411MAR", "Martin", "FR", ""],
    ]
    code, result = _import(capsys, empty_db, _csv(tmp_path / "clients.csv", rows))
    assert (code, result["created"], result["refused"]) == (0, 3, [])
    assert _ibans(empty_db) == {"411DUP": GOOD, "411ACM": GERMAN, "411MAR": None}


def test_a_wrong_iban_is_refused_by_line_and_column_and_nothing_is_written(
    empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        ["Code client", "Raison sociale", "Compte bancaire"],
        ["411DUP", "Dupont", GOOD],
        ["411BAD", "Mauvais", "FR76 3000 6000 0112 3456 7890 188"],
        ["411SHO", "Court", "FR133000600001123456789018"],
    ]
    code, result = _import(capsys, empty_db, _csv(tmp_path / "clients.csv", rows))
    assert code == 1
    assert result["refused"] == [
        {
            "line": 3,
            "column": "Compte bancaire",
            "reason": "The IBAN is not valid (check digits do not match).",
        },
        {
            "line": 4,
            "column": "Compte bancaire",
            "reason": "The IBAN is not valid: its length or its account number does not fit "
            "its country.",
        },
    ]
    assert _ibans(empty_db) == {}


def test_a_new_iban_on_reimport_is_written_to_the_customers_history(
    empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = [["Code client", "Raison sociale", "IBAN"], ["411DUP", "Dupont", GOOD]]
    assert _import(capsys, empty_db, _csv(tmp_path / "a.csv", first))[0] == 0
    again = [["Code client", "Raison sociale", "IBAN"], ["411DUP", "Dupont", GERMAN]]
    code, result = _import(capsys, empty_db, _csv(tmp_path / "b.csv", again))
    assert (code, result["updated"]) == (0, 1)
    assert _ibans(empty_db) == {"411DUP": GERMAN}
    database = open_database(empty_db, backup=False)
    try:
        with database.session_factory() as session:
            summaries = [e.summary for e in session.scalars(select(HistoryEvent))]
    finally:
        database.dispose()
    assert any(f"IBAN: {GOOD} → {GERMAN}" in summary for summary in summaries), summaries
