"""What went wrong with a database file, in a sentence for the user (never a traceback).

The command line and the window both turn failures into text here: a file that is a folder,
read-only or damaged, a full disk, another program writing.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from app.i18n import _


class DatabaseError(Exception):
    """A database file that Relance must not open or write; the message is meant for the user.

    `damaged` holds what is wrong when the file itself is damaged; `backup` names its newest
    good backup, if any.
    """

    def __init__(self, message: str, *, damaged: str = "", backup: Path | None = None) -> None:
        super().__init__(message)
        self.damaged = damaged
        self.backup = backup


class BookClosed(DatabaseError):
    """A read or write asked of a book already closed (the window moved to another book, or
    restored a backup): there is nothing to show, the book it was for is gone."""


FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


def _sqlite_error(error: BaseException) -> BaseException | None:
    """The sqlite3 or OS error under a SQLAlchemy one, or the error itself."""
    seen: BaseException | None = error
    while seen is not None:
        original = getattr(seen, "orig", None)
        if isinstance(seen, sqlite3.Error | OSError):
            return seen
        if isinstance(original, BaseException):
            return original
        seen = seen.__cause__ or seen.__context__
    return None


def describe(error: BaseException, db_path: Path | None = None) -> str | None:
    """A sentence for a database or disk failure, or None when it is none of those."""
    if isinstance(error, DatabaseError):
        return str(error)
    cause = _sqlite_error(error)
    if cause is None:
        return None
    where = str(db_path) if db_path is not None else _("the database")
    if isinstance(cause, OSError):
        if cause.errno in FULL:
            return disk_full()
        if cause.errno in READ_ONLY:
            return _(
                "{path} cannot be written: the file or its folder is read-only. "
                "Nothing was changed."
            ).format(path=cause.filename or where)
        return None
    text = str(cause).lower()
    if "locked" in text or "busy" in text:
        return _(
            "Another program is writing to {path}: Relance waited for it, in vain. "
            "Nothing was changed; try again when it has finished."
        ).format(path=where)
    if "disk is full" in text or "disk i/o error" in text:
        return disk_full()
    if "readonly" in text or "read-only" in text:
        return read_only(db_path) if db_path is not None else None
    if ("malformed" in text or "not a database" in text) and db_path is not None:
        from app.db.inspection import damaged  # the newest good backup, and how to restore it

        return str(damaged(db_path, cause))
    if "malformed" in text or "not a database" in text:
        return _(
            "{path} is damaged ({error}). Nothing was changed; restore a backup to continue."
        ).format(path=where, error=cause)
    if "unable to open" in text:
        return _("{path} could not be opened ({error}). Nothing was changed.").format(
            path=where, error=cause
        )
    return None


def disk_full() -> str:
    return _(
        "The disk refused to write (it is full, or refuses a file this large): nothing was "
        "written. Free some space and try again."
    )


def read_only(db_path: Path) -> str:
    return _(
        "{path} is read-only: Relance needs to write to it and to its folder {folder} "
        "(for its journal and backups). Check their permissions, or copy the file to a folder "
        "you can write to. The file was left untouched."
    ).format(path=db_path, folder=db_path.parent)
