"""Opening a book file for the window: the single-copy lock, then the database, with every
refusal said in a sentence (another copy has it, it is damaged, the disk refuses)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from app import APP_NAME
from app.db.errors import describe
from app.db.lock import DatabaseLock
from app.db.migrate import Database, DatabaseError, open_database
from app.i18n import _
from app.ui.backups import restore_at_start
from app.ui.local_server import ask_running_copy_to_show

log = logging.getLogger(__name__)


def take_lock(path: Path, parent: QWidget | None) -> DatabaseLock | None:
    """The book's lock, or None when another Relance has it (that one is asked to show)."""
    lock = DatabaseLock(path)
    if lock.acquire():
        return lock
    if not ask_running_copy_to_show(path):
        QMessageBox.information(
            parent, APP_NAME, _("Relance is already open on {path}.").format(path=path)
        )
    return None


def open_locked(path: Path, lock: DatabaseLock, parent: QWidget | None) -> Database | None:
    """The open book, or None after telling the user why not (the lock is then given back)."""
    try:
        database: Database | None = open_database(path)
    except DatabaseError as exc:
        database = restore_at_start(exc, path, lock)
    except Exception as exc:  # busy, disk full, read-only: a sentence, never a traceback
        message = describe(exc, path)
        if message is None:
            raise
        log.warning("database not opened", exc_info=True)
        QMessageBox.critical(parent, APP_NAME, message)
        database = None
    if database is None:
        lock.release()
    return database
