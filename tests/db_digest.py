"""One fingerprint of a SQLite database on disk, for the tests that promise "nothing written"."""

from __future__ import annotations

import gc
import hashlib
from pathlib import Path


def digest(db: Path) -> str:
    """The database file and its write-ahead log together: a write would show in one of them.

    Earlier CLI runs leave their engine to the garbage collector; collecting first closes their
    connections, so SQLite's checkpoint on the last close happens now, not in the middle of a test.
    """
    gc.collect()
    wal = db.with_name(db.name + "-wal")
    content = db.read_bytes() + b"|" + (wal.read_bytes() if wal.exists() else b"")
    return hashlib.sha256(content).hexdigest()
