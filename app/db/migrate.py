"""Open a database file safely: recognise it, back it up, migrate it, or refuse it clearly.

Order at start: read the file without writing (a foreign or corrupt file stays untouched) →
refuse a schema newer than this application → back up (before any migration, and at least once
a day) → run Alembic upgrades → hand back an engine.
"""

from __future__ import annotations

import enum
import logging
import sqlite3
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.db.backup import backup_database, latest_backup_age
from app.db.engine import make_engine, make_session_factory, sqlite_url
from app.i18n import _

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"
DAILY = timedelta(days=1)


class DatabaseError(Exception):
    """A database file that Relance must not open; the message is meant for the user."""


class State(enum.Enum):
    NEW = "new"
    CURRENT = "current"
    OUTDATED = "outdated"


@dataclass(frozen=True)
class Database:
    path: Path
    engine: Engine
    session_factory: sessionmaker[Session]

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def inspect_file(path: Path) -> tuple[State, str | None]:
    """Classify a database file without modifying it; raise DatabaseError if it is not ours."""
    if not path.exists() or path.stat().st_size == 0:
        return State.NEW, None
    with path.open("rb") as handle:
        if handle.read(16) != SQLITE_HEADER:
            raise DatabaseError(
                _(
                    "{path} is not a Relance database (not an SQLite file). It was left untouched."
                ).format(path=path)
            )
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            _(
                "{path} is damaged or unreadable ({error}). It was left untouched; "
                "restore a backup to continue."
            ).format(path=path, error=exc)
        ) from exc
    if revision is None:
        if tables - {"alembic_version"}:
            raise DatabaseError(
                _(
                    "{path} is an SQLite database that Relance did not create. "
                    "It was left untouched."
                ).format(path=path)
            )
        return State.NEW, None
    if revision not in known_revisions():
        raise DatabaseError(
            _(
                "{path} was written by a newer version of Relance (schema {revision}). "
                "Install the latest Relance to open it; the file was left untouched."
            ).format(path=path, revision=revision)
        )
    return (State.CURRENT if revision == head_revision() else State.OUTDATED), revision


def upgrade(engine: Engine) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_database(path: Path, *, backup: bool = True) -> Database:
    """Open (creating or migrating as needed) the database at `path`."""
    path = path.expanduser().resolve()
    state, revision = inspect_file(path)
    if backup and state is not State.NEW:
        age = latest_backup_age(path)
        if state is State.OUTDATED:
            backup_database(path, reason="before-upgrade")
        elif age is None or age > DAILY:
            backup_database(path, reason="daily")
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(sqlite_url(path))
    if state is not State.CURRENT:
        log.info("migrating database from %s to %s", revision, head_revision())
        upgrade(engine)
    return Database(path, engine, make_session_factory(engine))
