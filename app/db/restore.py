"""Restoring a backup: check it first, keep the current file (a backup, or set aside when
damaged), then copy the backup in.

Only the holder of the database's lock restores (`DatabaseLock`: the window holds it for as long
as it is open, the command line takes it), so no running copy of Relance keeps writing into a
file that is being replaced.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from app.db.backup import backup_database, check, copy_database
from app.db.errors import DatabaseError
from app.db.files import sync_folders
from app.db.inspection import State, inspect_file
from app.db.lock import DatabaseLock
from app.i18n import _

COMPANIONS = ("", "-wal", "-shm")  # SQLite reads a file together with these beside it


def restore_database(
    backup_file: Path, db_path: Path, lock: DatabaseLock | None = None
) -> Path | None:
    """Replace the database's content with a backup's.

    The backup is checked (a sound Relance database this version can open) before anything is
    written. The current file, if any, is backed up first, or, when it is damaged or unreadable,
    set aside as `<name>.damaged-<stamp>` with its `-wal` and `-shm` (a damaged file cannot be
    backed up through SQLite, and a stale `-wal` must not be read into the restored content).
    Returns that safety copy. The caller passes the database's lock when it holds it (the
    window), else it is taken here, and refused while another process holds it; the caller
    must have closed its own connections to `db_path`.
    """
    own = lock is None
    lock = lock or DatabaseLock(db_path)
    if lock.path != DatabaseLock(db_path).path or not lock.acquire():
        raise DatabaseError(_("Relance is open on this database: close it before restoring."))
    try:
        return _restore(backup_file, db_path)
    finally:
        if own:
            lock.release()


def _restore(backup_file: Path, db_path: Path) -> Path | None:
    backup_file = backup_file.expanduser().resolve()
    db_path = db_path.expanduser().resolve()
    if not backup_file.is_file():
        raise DatabaseError(_("{path} does not exist.").format(path=backup_file))
    state, _revision = inspect_file(backup_file, offer_backup=False)  # foreign, damaged, newer
    if state is State.NEW:
        raise DatabaseError(
            _("{path} is empty: it is not a Relance backup.").format(path=backup_file)
        )
    if backup_file == db_path:
        raise DatabaseError(_("A database cannot be restored from itself."))
    safety = None
    if db_path.is_file() and db_path.stat().st_size > 0 and check(db_path) is None:
        safety = backup_database(db_path, reason="before-restore")
        copy_database(backup_file, db_path)  # through SQLite: its own journal keeps it whole
        return safety
    if any(_companion(db_path, c).exists() for c in COMPANIONS):
        safety = set_aside(db_path)
    partial = db_path.with_name(f".{db_path.name}.restoring.partial")
    try:
        copy_database(backup_file, partial)
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, db_path)
        sync_folders([db_path.parent])
    finally:
        for companion in COMPANIONS:
            _companion(partial, companion).unlink(missing_ok=True)
    return safety


def _companion(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def set_aside(db_path: Path) -> Path:
    """Rename a damaged database and its `-wal`/`-shm` out of the way, kept for a specialist;
    returns the new name of the main file."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    number = 1
    while any(_companion(aside, c).exists() for c in COMPANIONS):
        number += 1
        aside = db_path.with_name(f"{db_path.name}.damaged-{stamp}-{number}")
    for companion in COMPANIONS:
        source = _companion(db_path, companion)
        if source.exists():
            os.replace(source, _companion(aside, companion))
    sync_folders([db_path.parent])
    return aside
