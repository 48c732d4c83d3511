"""`import` facing hostile or damaged files: a clear sentence or a refused row, never a traceback,
never half an import, and exit 1 only when nothing was written.
"""

from __future__ import annotations

import gc
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.db.migrate import open_database
from app.db.models import Customer, HistoryEvent, Invoice
from app.services.settings import Preferences, save_preferences

CUSTOMERS = "Code client;Raison sociale;Ville\n411DUP;Dupont & Fils;Lyon\n411MAR;Martin;Orléans\n"


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    try:
        code = main(["--db", str(db), *args])
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, Any, str]:
    code, out, err = run(capsys, db, *args, "--format", "json")
    return code, json.loads(out) if out else None, err


def rows_in(db: Path) -> tuple[int, int, int]:
    gc.collect()
    database = open_database(db, backup=False)
    try:
        with database.session_factory() as session:
            return tuple(  # type: ignore[return-value]
                session.scalar(select(func.count()).select_from(model)) or 0
                for model in (Customer, Invoice, HistoryEvent)
            )
    finally:
        database.dispose()


@pytest.fixture
def empty_db(db_path: Path) -> Path:
    database = open_database(db_path)
    with database.session_factory.begin() as session:
        save_preferences(session, Preferences(language="en"))
    database.dispose()
    return db_path


@pytest.fixture
def book(empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "clients.csv"
    path.write_text(CUSTOMERS, encoding="utf-8")
    assert run(capsys, empty_db, "import", "customers", str(path))[0] == 0
    return empty_db


# --- exit 1 means nothing written ---------------------------------------------------------------
def test_a_rejects_file_that_cannot_be_written_leaves_the_import_unwritten(
    book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "factures.csv"
    path.write_text(
        "N° facture;Code client;Date facture;Montant TTC\n"
        "FA-1;411DUP;01/09/2026;100,00\n"
        "FA-2;411NOPE;01/09/2026;100,00\n",
        encoding="utf-8",
    )
    (tmp_path / "factures.rejects.csv").mkdir()  # where the rejects file should go
    before = rows_in(book)

    code, out, err = run(capsys, book, "import", "invoices", str(path), "--skip-invalid")

    assert code == 1
    assert rows_in(book) == before
    assert "factures.rejects.csv" in err and "Nothing was written" in err
    assert "Traceback" not in err and "created" not in out


def test_a_fec_rejects_file_that_cannot_be_written_leaves_the_import_unwritten(
    empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    headers = (
        "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\t"
        "CompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\t"
        "ValidDate\tMontantdevise\tIdevise\n"
    )
    good = "VT\tVentes\t1\t20261001\t411000\tClients\tC001\tDUPONT\tFA-1\t20261001\tFA-1\t"
    bad = "VT\tVentes\t2\t20261002\t411000\tClients\tC002\tMARTIN\tFA-2\t20261002\tFA-2\t"
    path = tmp_path / "FEC.txt"
    path.write_text(
        headers + good + "10,00\t0,00\t\t\t\t\t\n" + bad + "dix\t0,00\t\t\t\t\t\n",
        encoding="utf-8",
    )
    blocker = tmp_path / "FEC.rejects.csv"
    blocker.mkdir()

    code, out, err = run(capsys, empty_db, "import", "fec", str(path), "--skip-invalid")

    assert code == 1
    assert rows_in(empty_db) == (0, 0, 0)
    assert "FEC.rejects.csv" in err and "Nothing was written" in err
    assert "created" not in out


def test_a_rejects_file_written_before_the_commit_is_removed_when_the_commit_fails(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.orm import Session

    from app.domain.calendar import Clock
    from app.importing.columns import Kind
    from app.services.importing import ImportOptions, prepare, run_import

    path = tmp_path / "factures.csv"
    path.write_text(
        "N° facture;Code client;Date facture;Montant TTC\n"
        "FA-1;411DUP;01/09/2026;100,00\n"
        "FA-2;411NOPE;01/09/2026;100,00\n",
        encoding="utf-8",
    )

    def refuse(self: Session) -> None:
        raise OSError("disk I/O error")

    monkeypatch.setattr(Session, "commit", refuse)
    database = open_database(book, backup=False)
    try:
        with pytest.raises(OSError, match="disk I/O error"):
            run_import(
                database.session_factory,
                Clock(),
                prepare(Kind.INVOICES, path),
                ImportOptions(skip_invalid=True),
            )
    finally:
        database.dispose()
    assert not (tmp_path / "factures.rejects.csv").exists()
