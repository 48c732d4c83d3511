"""Open a database file safely: recognise it, back it up, migrate it, or refuse it clearly.

Order at start: read the file without writing (a folder, a read-only, foreign or damaged file
stays untouched; `PRAGMA quick_check` finds the damage, within 0.3 s at each start and all of
it with the daily backup, which checks its copy) → refuse a schema newer than this application
→ back up (before any migration, and at least once a day) → run Alembic upgrades →
finish or clear the files a killed run left (`staging.recover`) → hand back an engine.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from app.db import staging
from app.db.engine import make_engine, make_session_factory, sqlite_url
from app.db.errors import BookClosed
from app.db.errors import DatabaseError as DatabaseError
from app.db.inspection import CHECK_BUDGET as CHECK_BUDGET
from app.db.inspection import MIGRATIONS_DIR as MIGRATIONS_DIR
from app.db.inspection import StartCheck, back_up_before_opening, refuse_read_only
from app.db.inspection import State as State
from app.db.inspection import damaged as damaged
from app.db.inspection import head_revision as head_revision
from app.db.inspection import inspect_file as inspect_file
from app.db.inspection import known_revisions as known_revisions
from app.i18n import _

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)


ARCHIVE = "documents"  # beside the database: every document sent, exactly as sent


@dataclass(frozen=True)
class Database:
    path: Path
    engine: Engine
    session_factory: sessionmaker[Session]
    start_check: StartCheck | None = None  # opened for reading: the check under way beside it

    def confirm_sound(self) -> None:
        """Wait for the start check run beside a reading, if any; refuse a damaged book."""
        if self.start_check is not None:
            self.start_check.confirm()

    def dispose(self) -> None:
        """Close the book's connections; it opens no other (a read still under way when its
        book is closed, restored or replaced is told so, and leaves no connection behind)."""
        if self.start_check is not None:
            self.start_check.join()
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


def upgrade(engine: Engine) -> None:
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_database(path: Path, *, backup: bool = True, for_reading: bool = False) -> Database:
    """Open (creating or migrating as needed) the database at `path`.

    `for_reading` is for a command that only reads and commits nothing (`dunning propose`): on a
    current book the start check runs beside it (`Database.confirm_sound` waits for it; call it
    before writing out what was read), and the files a killed run left are left for the next
    start that writes. A book to migrate is checked first, as always."""
    path = path.expanduser().resolve()
    refuse_read_only(path)
    state, revision = inspect_file(path, budget=CHECK_BUDGET, check=not for_reading)
    beside = for_reading and state is State.CURRENT
    if for_reading and not beside:
        inspect_file(path, budget=CHECK_BUDGET)  # a book is checked before it is migrated
    if backup:
        back_up_before_opening(path, state)
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(sqlite_url(path))
    if state is not State.CURRENT:
        log.info("migrating database from %s to %s", revision, head_revision())
        upgrade(engine)
    if not beside:
        staging.recover(path, staging.archive_folders(path.parent, ARCHIVE))
    check = StartCheck(path) if beside else None
    return Database(path, engine, make_session_factory(engine), check)
