"""A current SQLite book opened for a report, without SQLAlchemy.

The command line's reports (`aging`) on a large book spent more time loading SQLAlchemy and
checking the file than reading it. `reading(path)` gives them an `sqlite3` connection that
cannot write, after the same refusals as `open_database` (a folder, a read-only, foreign or
damaged file, a schema newer than this Relance) and the same daily backup. A new or outdated
book is first opened by `open_database`, which creates or migrates it (backup first).

The start check (`PRAGMA quick_check`, within `CHECK_BUDGET`) runs on its own connection and
thread beside the report's reading (SQLite releases the interpreter while it works, so the check
takes the other core) and is waited for when the block ends: a report of a damaged book is
refused with its newest good backup named, never written. Write the report after the block.
The block is one read transaction: a report of several statements reads one state of the book.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from app.db.inspection import (
    StartCheck,
    State,
    back_up_before_opening,
    inspect_file,
    refuse_read_only,
)
from app.domain.preferences import PREFERENCES_KEY, Preferences

BUSY_MS = 5000  # as the engine's connections: wait this long for another program's write


@contextmanager
def reading(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to the current book at `path`; raises DatabaseError (a sentence
    for the user) when the file is refused, including when the check beside the reading finds
    it damaged at the end of the block."""
    path = path.expanduser().resolve()
    refuse_read_only(path)
    state, _revision = inspect_file(path, check=False)
    check: StartCheck | None = None
    if state is State.CURRENT:
        back_up_before_opening(path, state)
        check = StartCheck(path)
    else:
        from app.db.migrate import open_database  # checks, backs up, creates or migrates it

        open_database(path).dispose()
    try:
        with closing(sqlite3.connect(path, timeout=BUSY_MS / 1000)) as connection:
            connection.execute("PRAGMA query_only = ON")
            # One read transaction: every statement of the report sees the book as it was at
            # the first, whatever another program commits meanwhile (WAL keeps that snapshot).
            connection.execute("BEGIN")
            try:
                yield connection
            finally:
                connection.rollback()
    finally:
        if check is not None:
            check.join()
    if check is not None:
        check.confirm()


def stored_preferences(connection: sqlite3.Connection) -> Preferences:
    """The book's preferences, as `load_preferences` reads them through the ORM (the `settings`
    table holds each group as JSON text)."""
    row = connection.execute("SELECT value FROM settings WHERE key = ?", (PREFERENCES_KEY,))
    found = row.fetchone()
    stored = json.loads(found[0]) if found is not None and found[0] is not None else None
    return Preferences.from_stored(stored if isinstance(stored, dict) else {})
