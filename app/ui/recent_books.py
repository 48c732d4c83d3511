"""The books opened lately, newest first: File ▸ Open recent, and the book the window starts on.

Kept as a small JSON list in the user's data folder (never in a book: it names other books).
A file that cannot be read is treated as an empty list; a book that no longer exists is skipped.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from app.paths import data_dir

log = logging.getLogger(__name__)
LIMIT = 8


def _file() -> Path:
    return data_dir() / "recent-books.json"


def _read() -> list[Path]:
    try:
        names = json.loads(_file().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError):
        log.warning("the list of recent books could not be read", exc_info=True)
        return []
    if not isinstance(names, list):
        return []
    return [Path(name) for name in names if isinstance(name, str)]


def remember(book: Path) -> None:
    """Put `book` first; an unwritable list is logged, never an error for the user."""
    book = book.resolve()
    books = [book, *(path for path in _read() if path != book)][:LIMIT]
    target = _file()
    temporary = target.with_suffix(".tmp")
    try:
        temporary.write_text(json.dumps([str(path) for path in books], indent=1), "utf-8")
        os.replace(temporary, target)
    except OSError:
        log.warning("the list of recent books could not be written", exc_info=True)


def listed() -> list[Path]:
    """The recent books that still exist, newest first."""
    return [path for path in _read() if path.is_file()]


def last_opened() -> Path | None:
    books = listed()
    return books[0] if books else None
