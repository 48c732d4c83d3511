"""One running copy per database file: an OS file lock that dies with the process holding it.

Two copies of Relance on one database could send the same email twice, so the window takes this
lock for as long as it is open, and `restore` refuses to run while someone holds it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType
from typing import IO


def lock_path(db_path: Path, suffix: str = ".lock") -> Path:
    return db_path.resolve().with_name(db_path.name + suffix)


class DatabaseLock:
    """An exclusive, non-blocking lock on `<database>.lock`, released when the process ends.

    Another suffix gives another lock on the same database, such as `.sending.lock`, held by
    whoever sends the outbox (a window's background round, "Send now" or `outbox send`). Two
    holders in one process exclude each other too: each opens the file anew."""

    def __init__(self, db_path: Path, suffix: str = ".lock") -> None:
        self.path = lock_path(db_path, suffix)
        self._handle: IO[bytes] | None = None

    def acquire(self) -> bool:
        """Take the lock; False when another process holds it."""
        if self._handle is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+b")
        try:
            _lock(handle)
        except OSError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()).encode())
        handle.flush()
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is None:
            return
        try:
            _unlock(self._handle)
        finally:
            self._handle.close()
            self._handle = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def __enter__(self) -> DatabaseLock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
