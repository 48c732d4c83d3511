"""`dunning propose` only reads: it commits nothing (not even the shipped policies a book lacks),
and streams its JSON (a damaged book: tests/cli/test_aging_reading.py)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import text

from app.cli import main
from app.db.migrate import Database
from app.domain.calendar import Clock
from app.services.dunning import propose
from tests.cli.test_aging_reading import PROPOSE, TODAY, fill


def files_digest(path: Path) -> str:
    """The book's bytes with its journal's: what a write would change."""
    digest = hashlib.sha256()
    for name in (path.name, path.name + "-wal"):
        companion = path.with_name(name)
        digest.update(companion.read_bytes() if companion.exists() else b"<none>")
    return digest.hexdigest()


def test_proposing_writes_nothing_even_the_policies_a_book_lacks(
    db: Database, db_path: Path, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(db, clock)
    db.dispose()
    with closing(sqlite3.connect(db_path)) as connection:
        connection.execute("DELETE FROM dunning_levels")
        connection.execute("DELETE FROM dunning_policies")
        connection.commit()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = files_digest(db_path)
    assert main(["--db", str(db_path), *PROPOSE]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert {p["customer_ref"] for p in plan["proposals"]} == {"411A", "411B", "411C"}
    assert files_digest(db_path) == before
    with closing(sqlite3.connect(db_path)) as connection:
        assert connection.execute("SELECT COUNT(*) FROM dunning_policies").fetchone() == (0,)


def test_the_streamed_proposals_are_the_bytes_of_the_whole_document(
    db: Database, db_path: Path, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(db, clock)
    with db.session_factory.begin() as session:
        session.execute(
            text("UPDATE customers SET name = 'Dupré \"& fils\"\\ ☕' WHERE ref = '411B'")
        )
    assert main(["--db", str(db_path), *PROPOSE]) == 0
    written = capsys.readouterr().out
    with db.session_factory() as session:  # in the book's language, which the command set
        expected = json.dumps(propose(session, TODAY).to_json(), ensure_ascii=False) + "\n"
    assert written == expected
    assert len(json.loads(written)["proposals"]) == 3
    assert 'Dupré \\"& fils\\"\\\\ ☕' in written and "Les taux" in written
