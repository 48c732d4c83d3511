"""`customer add REF --iban X`: checked like the form and the import, kept compact."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli import main
from app.db.migrate import open_database
from app.db.models import Customer


def _ibans(db_path: Path) -> dict[str, str | None]:
    database = open_database(db_path)
    try:
        with database.session_factory() as session:
            return {c.ref: c.iban for c in session.scalars(select(Customer))}
    finally:
        database.dispose()


def test_customer_added_with_an_iban_typed_with_spaces(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", str(db_path), "customer", "add", "411NEW", "--name", "Nouvelle SARL",
                 "--iban", "FR76 3000 6000 0112 3456 7890 189"])  # fmt: skip
    assert code == 0
    assert "Customer 411NEW added" in capsys.readouterr().out
    assert _ibans(db_path) == {"411NEW": "FR7630006000011234567890189"}


def test_customer_with_a_wrong_iban_exits_1_with_the_reason_and_writes_nothing(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", str(db_path), "customer", "add", "411X", "--name", "X",
                 "--iban", "FR7630006000011234567890188"])  # fmt: skip
    assert code == 1
    assert capsys.readouterr().err.strip() == "The IBAN is not valid (check digits do not match)."
    assert _ibans(db_path) == {}


def test_customer_add_help_names_the_iban_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["customer", "add", "--help"])
    assert "--iban IBAN" in capsys.readouterr().out


def test_the_documented_synopsis_names_the_iban_option() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
    synopsis = next(
        line for line in docs.read_text(encoding="utf-8").splitlines() if " customer add " in line
    )
    assert "[--iban IBAN]" in synopsis
