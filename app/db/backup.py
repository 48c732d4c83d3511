"""Backups with SQLite's online backup API, into a rotated `backups/` folder beside the database."""

from __future__ import annotations

import logging
import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.paths import backups_dir

log = logging.getLogger(__name__)

KEEP = 20
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


def backup_database(db_path: Path, reason: str = "manual", now: datetime | None = None) -> Path:
    """Copy a live database consistently (even while in use) and rotate old copies."""
    moment = (now or datetime.now(UTC)).astimezone()
    folder = backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = moment.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{db_path.stem}-{stamp}-{reason}.sqlite3"
    suffix = 1
    while target.exists():
        target = folder / f"{db_path.stem}-{stamp}-{suffix}-{reason}.sqlite3"
        suffix += 1
    copy_database(db_path, target)
    log.info("backup written (%s)", reason)
    rotate(db_path)
    return target


def list_backups(db_path: Path) -> list[Path]:
    """Backups of this database, newest first."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    stamped = [
        (m["stamp"], p)
        for p in folder.glob(f"{db_path.stem}-*.sqlite3")
        if (m := _NAME.match(p.name)) and m["stem"] == db_path.stem
    ]
    # By the time written in the name: file times change when a folder is copied.
    return [p for _stamp, p in sorted(stamped, key=lambda item: item[0], reverse=True)]


def rotate(db_path: Path, keep: int = KEEP) -> None:
    for old in list_backups(db_path)[keep:]:
        old.unlink(missing_ok=True)


def latest_backup_age(db_path: Path, now: datetime | None = None) -> timedelta | None:
    backups = list_backups(db_path)
    if not backups:
        return None
    moment = now or datetime.now(UTC)
    return moment - datetime.fromtimestamp(backups[0].stat().st_mtime, UTC)
