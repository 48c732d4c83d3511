"""Open a database file safely: recognise it, back it up, migrate it, or refuse it clearly.

Order at start: read the file without writing (a folder, a read-only, foreign or damaged file
stays untouched; `PRAGMA quick_check` finds the damage, within 0.3 s at each start and all of
it with the daily backup, which checks its copy) → refuse a schema newer than this application
→ back up (before any migration, and at least once a day) → run Alembic upgrades →
finish or clear the files a killed run left (`staging.recover`) → hand back an engine.
"""

from __future__ import annotations

import enum
import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from app.db import staging
from app.db.backup import backup_database, latest_backup_age, newest_good_backup, quick_check
from app.db.engine import make_engine, make_session_factory, sqlite_url
from app.db.errors import BookClosed, read_only
from app.db.errors import DatabaseError as DatabaseError
from app.i18n import _

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"
DAILY = timedelta(days=1)
CHECK_BUDGET = 0.3  # seconds of `quick_check` at each start; the daily backup checks it all

ARCHIVE = "documents"  # beside the database: every document sent, exactly as sent


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
        """Close the book's connections; it opens no other (a read still under way when its
        book is closed, restored or replaced is told so, and leaves no connection behind)."""
        if not event.contains(self.engine, "do_connect", _closed):
            event.listen(self.engine, "do_connect", _closed)
        self.engine.dispose()


def _closed(*_args: object) -> None:
    raise BookClosed(_("This book was closed: open it again."))


def alembic_config() -> Config:
    from alembic.config import Config  # loaded only to migrate: see `known_revisions`

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    return max(known_revisions())


def known_revisions() -> set[str]:
    """The revisions this Relance knows: the names of its migration scripts
    (`0010_notice_tracking`), numbered in order. Read from the folder: loading alembic and every
    script at each opening of a book already current took longer than the rest of the opening."""
    return {p.stem for p in (MIGRATIONS_DIR / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")}


def inspect_file(
    path: Path, *, offer_backup: bool = True, budget: float | None = None
) -> tuple[State, str | None]:
    """Classify a database file without modifying it; raise DatabaseError if it is not ours
    or is damaged (`PRAGMA quick_check`, for at most `budget` seconds when given; with
    `offer_backup`, the refusal names the newest good backup of it)."""
    if path.is_dir():
        raise DatabaseError(
            _(
                "{path} is a folder, not a database file. Give the path of a file, "
                "for example {example}."
            ).format(path=path, example=path / "relance.sqlite3")
        )
    if not path.exists() or path.stat().st_size == 0:
        return State.NEW, None
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise DatabaseError(
            _("{path} cannot be read ({error}). It was left untouched.").format(
                path=path, error=exc.strerror or exc
            )
        ) from exc
    if header != SQLITE_HEADER:
        raise DatabaseError(
            _(
                "{path} is not a Relance database (not an SQLite file). It was left untouched."
            ).format(path=path)
        )
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            checked = quick_check(conn, budget)
            if checked is not None and checked != ["ok"]:
                raise sqlite3.DatabaseError("; ".join(str(c) for c in checked[:3]))
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
        raise damaged(path, exc, offer_backup) from exc
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
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def damaged(path: Path, error: BaseException, offer_backup: bool = True) -> DatabaseError:
    """The refusal of a damaged file, naming the newest good backup and how to restore it."""
    text = _("{path} is damaged or unreadable ({error}). It was left untouched.").format(
        path=path, error=error
    )
    if not offer_backup:
        return DatabaseError(text)
    good = newest_good_backup(path)
    if good is None:
        text += " " + _("No backup of it passes the check: restore one you keep elsewhere.")
    else:
        text += " " + _(
            "The newest good backup is {backup}: restore it with File ▸ Restore from a backup… "
            'or with the command: relance --db "{path}" restore "{backup}"'
        ).format(backup=good, path=path)
    return DatabaseError(text, damaged=str(error), backup=good)


def _writable(path: Path) -> bool:
    """Whether the file (if any) and its folder accept writes: SQLite writes its journal beside
    the file, and the backups go into a folder there."""
    folder_ok = os.access(path.parent, os.W_OK | os.X_OK)
    return folder_ok and (not path.exists() or os.access(path, os.W_OK))


def open_database(path: Path, *, backup: bool = True) -> Database:
    """Open (creating or migrating as needed) the database at `path`."""
    path = path.expanduser().resolve()
    if path.parent.is_dir() and not _writable(path):
        raise DatabaseError(read_only(path))
    state, revision = inspect_file(path, budget=CHECK_BUDGET)
    if backup and state is not State.NEW:
        age = latest_backup_age(path)
        try:
            if state is State.OUTDATED:
                backup_database(path, reason="before-upgrade")  # no upgrade without a backup
            elif age is None or age > DAILY:
                backup_database(path, reason="daily")  # checks the whole copy, hence the file
        except DatabaseError as exc:
            if exc.damaged:
                raise damaged(path, sqlite3.DatabaseError(exc.damaged)) from exc
            if state is State.OUTDATED:
                raise
            log.warning("daily backup failed", exc_info=True)  # the next start tries again
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(sqlite_url(path))
    if state is not State.CURRENT:
        log.info("migrating database from %s to %s", revision, head_revision())
        upgrade(engine)
    staging.recover(path, staging.archive_folders(path.parent, ARCHIVE))
    return Database(path, engine, make_session_factory(engine))
