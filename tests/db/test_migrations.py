"""The schema Alembic builds is the schema the models describe, with SQLite set up safely."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.db.migrate import Database, State, head_revision, inspect_file, open_database
from app.db.models import Base, Customer, Invoice

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)


def test_database_built_by_alembic_equals_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_new_database_is_stamped_with_the_head_revision(db: Database) -> None:
    with db.engine.connect() as connection:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert revision == head_revision()
    db.dispose()
    assert inspect_file(db.path) == (State.CURRENT, head_revision())


def test_database_file_is_in_wal_mode(db: Database) -> None:
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    db.dispose()
    plain = sqlite3.connect(db.path)  # the mode is kept in the file itself
    try:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        plain.close()


def test_foreign_keys_are_enforced(db: Database) -> None:
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), db.session_factory.begin() as session:
        session.add(
            Invoice(
                customer_id=999,
                number="FA-1",
                issue_date=date(2026, 11, 1),
                due_date=date(2026, 12, 1),
                amount_cents=1000,
                open_cents=1000,
                created_at=NOW,
            )
        )
    with db.session_factory() as session:
        assert session.query(Invoice).count() == 0


def test_check_constraints_guard_the_open_balance(db: Database) -> None:
    with db.session_factory.begin() as session:
        session.add(Customer(ref="411A", name="A", created_at=NOW, updated_at=NOW))
    with pytest.raises(IntegrityError, match="CHECK"), db.session_factory.begin() as session:
        customer_id = session.query(Customer.id).scalar()
        session.add(
            Invoice(
                customer_id=customer_id,
                number="FA-1",
                issue_date=date(2026, 11, 1),
                due_date=date(2026, 12, 1),
                amount_cents=1000,
                open_cents=1001,
                created_at=NOW,
            )
        )


def test_opening_twice_does_not_migrate_again(db_path: Path) -> None:
    open_database(db_path).dispose()
    before = sqlite3.connect(db_path)
    try:
        tables = before.execute("SELECT name FROM sqlite_master ORDER BY name").fetchall()
    finally:
        before.close()
    database = open_database(db_path)
    try:
        with database.engine.connect() as connection:
            again = connection.execute(text("SELECT name FROM sqlite_master ORDER BY name")).all()
        assert [tuple(r) for r in again] == tables
    finally:
        database.dispose()


def test_the_revisions_read_from_the_folder_are_alembics() -> None:
    """`known_revisions` reads file names instead of loading every script: they must agree."""
    from alembic.script import ScriptDirectory

    from app.db.migrate import alembic_config, known_revisions

    scripts = ScriptDirectory.from_config(alembic_config())
    assert known_revisions() == {s.revision for s in scripts.walk_revisions()}
    assert head_revision() == scripts.get_current_head()
