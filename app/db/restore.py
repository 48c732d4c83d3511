"""Restoring a backup: check it first, keep a copy of the current file, then copy it in."""

from __future__ import annotations

from pathlib import Path

from app.db.backup import backup_database, copy_database
from app.db.migrate import DatabaseError, State, inspect_file
from app.i18n import _


def restore_database(backup_file: Path, db_path: Path) -> Path | None:
    """Replace the database's content with a backup's.

    The backup is checked (a Relance database this version can open) before anything is written,
    and the current file, if any, is backed up first. Returns that safety copy. The caller must
    have closed its own connections to `db_path`.
    """
    backup_file = backup_file.expanduser().resolve()
    if not backup_file.is_file():
        raise DatabaseError(_("{path} does not exist.").format(path=backup_file))
    state, _revision = inspect_file(backup_file)  # raises for foreign, corrupt or newer files
    if state is State.NEW:
        raise DatabaseError(
            _("{path} is empty: it is not a Relance backup.").format(path=backup_file)
        )
    if backup_file == db_path.resolve():
        raise DatabaseError(_("A database cannot be restored from itself."))
    safety = None
    if db_path.exists() and db_path.stat().st_size > 0:
        safety = backup_database(db_path, reason="before-restore")
    copy_database(backup_file, db_path)
    return safety
