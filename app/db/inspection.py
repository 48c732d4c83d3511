"""What a database file is, found without writing to it and without SQLAlchemy: a folder, a
read-only, foreign, damaged, new, current or outdated book; and the backup taken before opening.

The command line's reports read a current book through `app.db.reading` with these checks alone;
`app.db.migrate` adds the engine, the migrations and the recovery of interrupted writes.
"""

from __future__ import annotations

import enum
import logging
import os
import sqlite3
import threading
from contextlib import closing
from datetime import timedelta
from pathlib import Path

from app.db.backup import backup_database, latest_backup_age, newest_good_backup, quick_check
from app.db.errors import DatabaseError, read_only
from app.i18n import _

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"
DAILY = timedelta(days=1)
CHECK_BUDGET = 0.3  # seconds of `quick_check` at each start; the daily backup checks it all


class State(enum.Enum):
    NEW = "new"
    CURRENT = "current"
    OUTDATED = "outdated"


def head_revision() -> str:
    return max(known_revisions())


def known_revisions() -> set[str]:
    """The revisions this Relance knows: the names of its migration scripts
    (`0010_notice_tracking`), numbered in order. Read from the folder: loading alembic and every
    script at each opening of a book already current took longer than the rest of the opening."""
    return {p.stem for p in (MIGRATIONS_DIR / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")}


def inspect_file(
    path: Path, *, offer_backup: bool = True, budget: float | None = None, check: bool = True
) -> tuple[State, str | None]:
    """Classify a database file without modifying it; raise DatabaseError if it is not ours
    or is damaged (`PRAGMA quick_check`, for at most `budget` seconds when given, skipped with
    `check=False` for a caller that checks beside its reading; with `offer_backup`, the refusal
    names the newest good backup of it)."""
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
            checked = quick_check(conn, budget) if check else None
            if checked is not None and checked != ["ok"]:
                raise sqlite3.DatabaseError(findings(checked))
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


def findings(checked: list[str]) -> str:
    """What `quick_check` found wrong, in at most three of its lines."""
    return "; ".join(checked[:3])


def refuse_read_only(path: Path) -> None:
    """Refuse a book that cannot be written (its file, or the folder of its journal)."""
    if path.parent.is_dir() and not _writable(path):
        raise DatabaseError(read_only(path))


def back_up_before_opening(path: Path, state: State) -> None:
    """A backup before any migration (refused without one), and at least one a day: the daily
    copy is checked whole, so it also finds damage the start's budget could not reach."""
    if state is State.NEW:
        return
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


class StartCheck(threading.Thread):
    """The start check (`quick_check` within `CHECK_BUDGET`) run beside a command that only
    reads, on a connection and a thread of its own: SQLite releases the interpreter while it
    works, so the check takes the other core. Started at once; `confirm()` waits for it and
    refuses a damaged book (call it before writing out what was read)."""

    def __init__(self, path: Path, budget: float = CHECK_BUDGET) -> None:
        super().__init__(name="relance-start-check", daemon=True)
        self.path = path
        self.budget = budget
        self.problem: str | None = None
        self.start()

    def run(self) -> None:
        try:
            with closing(sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)) as connection:
                checked = quick_check(connection, self.budget)
        except sqlite3.Error as exc:
            self.problem = str(exc)
            return
        if checked is not None and checked != ["ok"]:
            self.problem = findings(checked)

    def confirm(self) -> None:
        """Wait for the check; raise the refusal of a damaged book, naming its newest good
        backup, when it found damage."""
        self.join()
        if self.problem is not None:
            raise damaged(self.path, sqlite3.DatabaseError(self.problem))
