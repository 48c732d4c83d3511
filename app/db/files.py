"""Writing files so that a crash never leaves one half-written under its real name."""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
from collections.abc import Iterable
from pathlib import Path


def write_synced(path: Path, data: bytes) -> None:
    """Write a file and push it to the disk (a rename after a crash must not find it empty)."""
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file that no reader ever sees half-written, outside any transaction."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        write_synced(temporary, data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    sync_folders([path.parent])


def sync_folders(folders: Iterable[Path]) -> None:
    """Make renames durable (POSIX; Windows has no directory handles to flush)."""
    if sys.platform == "win32":  # pragma: no cover
        return
    for folder in set(folders):
        with contextlib.suppress(OSError):
            descriptor = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
