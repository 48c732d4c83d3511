"""Backups with SQLite's online backup API, into a rotated `backups/` folder beside the database.

A backup is real or absent: it is written under a hidden temporary name, checked with
`PRAGMA quick_check`, pushed to the disk, and only then given its name. A copy interrupted (the
process killed, the disk full) or damaged never looks like a backup, so it can neither be
restored by mistake nor push a good one out of the 20 kept.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.db.errors import DatabaseError, describe
from app.db.files import sync_folders
from app.i18n import _
from app.paths import backups_dir

log = logging.getLogger(__name__)

KEEP = 20
SQLITE_HEADER = b"SQLite format 3\x00"
STALE = timedelta(hours=1)  # a temporary copy untouched this long belongs to no live backup
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}(?:-\d+)?)-(?P<reason>[a-z-]+)\.sqlite3$")


def copy_database(source: Path, target: Path) -> None:
    """Copy one SQLite database into another through SQLite itself (consistent, safe with WAL)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def quick_check(connection: sqlite3.Connection, budget: float | None = None) -> list[str] | None:
    """`PRAGMA quick_check`'s findings (["ok"] when sound); with a `budget` in seconds, None
    when it could not finish in that time (a big book is then checked with its daily backup)."""
    if budget is not None:
        deadline = time.monotonic() + budget
        connection.set_progress_handler(lambda: int(time.monotonic() > deadline), 20_000)
    try:
        return [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
    except sqlite3.OperationalError as exc:
        if budget is not None and "interrupt" in str(exc):
            return None
        raise
    finally:
        connection.set_progress_handler(None, 0)


def check(path: Path, *, immutable: bool = False) -> str | None:
    """What is wrong with a database file (empty, not SQLite, damaged), or None when sound.

    `immutable` for a file nothing writes (a backup): read as it is, no `-wal`/`-shm` made."""
    try:
        with path.open("rb") as handle:
            if handle.read(16) != SQLITE_HEADER:
                return _("empty or not an SQLite file")
        options = "mode=ro&immutable=1" if immutable else "mode=ro"
        connection = sqlite3.connect(f"file:{path}?{options}", uri=True)
        try:
            rows = quick_check(connection) or []
        finally:
            connection.close()
    except (OSError, sqlite3.Error) as exc:
        return str(exc)
    return None if rows == ["ok"] else "; ".join(str(r) for r in rows[:3])


def backup_database(db_path: Path, reason: str = "manual", now: datetime | None = None) -> Path:
    """Copy a live database consistently (even while in use) and rotate old copies.

    DatabaseError, with nothing kept, when the copy fails (disk full…) or does not pass
    `quick_check` (the database itself is damaged: a damaged copy is no backup).
    """
    moment = (now or datetime.now(UTC)).astimezone()
    folder = backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(folder, db_path.stem)
    stamp = moment.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{db_path.stem}-{stamp}-{reason}.sqlite3"
    suffix = 1
    while target.exists():
        target = folder / f"{db_path.stem}-{stamp}-{suffix}-{reason}.sqlite3"
        suffix += 1
    partial = folder / f".{target.name}.{secrets.token_hex(4)}.partial"
    try:
        copy_database(db_path, partial)
        _standalone(partial)
        problem = check(partial)
        if problem is not None:
            raise DatabaseError(
                _(
                    "{path} is damaged ({error}): it was not backed up, so that no damaged copy "
                    "takes the place of a good backup."
                ).format(path=db_path, error=problem),
                damaged=problem,
            )
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        # Room first, then the new one in: a kill in between never leaves more than KEEP.
        rotate(db_path, KEEP - 1)
        os.replace(partial, target)
        sync_folders([folder])
    except (OSError, sqlite3.Error) as exc:
        message = describe(exc) or str(exc)
        raise DatabaseError(
            _("The backup was not written: {reason}").format(reason=message)
        ) from exc
    finally:
        for extension in ("", "-journal", "-wal", "-shm"):
            partial.with_name(partial.name + extension).unlink(missing_ok=True)
    log.info("backup written (%s)", reason)
    rotate(db_path)
    return target


def _standalone(path: Path) -> None:
    """One self-contained file: a copy in WAL mode would leave `-wal` and `-shm` files beside
    it whenever it is read."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode = DELETE")
    finally:
        connection.close()


def _remove_abandoned(folder: Path, stem: str) -> None:
    """Temporary copies left by a backup that was killed (after an hour: none is that slow)."""
    limit = (datetime.now(UTC) - STALE).timestamp()
    for path in folder.glob(f".{stem}-*.partial*"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            continue


def _backups(db_path: Path) -> list[tuple[str, Path]]:
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    stamped = [
        (m["stamp"], p)
        for p in folder.glob(f"{db_path.stem}-*.sqlite3")
        if (m := _NAME.match(p.name)) and m["stem"] == db_path.stem
    ]
    # By the time written in the name: file times change when a folder is copied.
    return sorted(stamped, key=lambda item: item[0], reverse=True)


def _looks_whole(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(16) == SQLITE_HEADER
    except OSError:
        return False


def list_backups(db_path: Path) -> list[Path]:
    """Backups of this database, newest first (temporary copies and empty files are none)."""
    return [p for _stamp, p in _backups(db_path) if _looks_whole(p)]


def newest_good_backup(db_path: Path) -> Path | None:
    """The newest backup that passes `quick_check`, to offer when the database is damaged."""
    return next((p for p in list_backups(db_path) if check(p, immutable=True) is None), None)


def rotate(db_path: Path, keep: int = KEEP) -> None:
    """Keep the newest `keep` backups; an empty file or one that is not SQLite is none, and goes."""
    for _stamp, path in _backups(db_path):
        if not _looks_whole(path):
            path.unlink(missing_ok=True)
    for old in list_backups(db_path)[keep:]:
        old.unlink(missing_ok=True)


def latest_backup_age(db_path: Path, now: datetime | None = None) -> timedelta | None:
    backups = list_backups(db_path)
    if not backups:
        return None
    moment = now or datetime.now(UTC)
    return moment - datetime.fromtimestamp(backups[0].stat().st_mtime, UTC)
