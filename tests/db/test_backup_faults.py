"""Backups are real or absent: killed, on a full disk or from a damaged database, a backup leaves
no file that looks like one, and never pushes a good one out of the twenty kept."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.db.backup import KEEP, backup_database, list_backups
from app.db.migrate import DatabaseError

ROOT = Path(__file__).resolve().parents[2]

# Backs the database up again and again until killed; says when it starts.
LOOP = """
import sys
from pathlib import Path
from app.db.backup import backup_database
path = Path(sys.argv[1])
print("ready", flush=True)
while True:
    backup_database(path, reason="manual")
"""

# One backup with writes limited to `limit` bytes per file, like a disk that fills up.
FULL_DISK = """
import resource, signal, sys
from pathlib import Path
from app.db.backup import backup_database
from app.db.migrate import DatabaseError
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    backup_database(Path(sys.argv[1]), reason="manual")
except DatabaseError as exc:
    print(exc)
    sys.exit(1)
"""


def big_database(path: Path, megabytes: int) -> Path:
    """An SQLite file in WAL mode, as Relance's are, of about that size."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, data BLOB)")
    rows = [(os.urandom(4000),) for _ in range(megabytes * 250)]
    connection.executemany("INSERT INTO filler (data) VALUES (?)", rows)
    connection.commit()
    connection.close()
    return path


def sound(path: Path) -> bool:
    """A whole SQLite file that passes `PRAGMA quick_check` (checked here, not by the code)."""
    if path.read_bytes()[:16] != b"SQLite format 3\x00":
        return False
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return connection.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return False


def named_like_backups(db_path: Path) -> list[Path]:
    return sorted((db_path.parent / "backups").glob(f"{db_path.stem}-*.sqlite3"))


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.mark.long
def test_a_backup_killed_at_random_moments_leaves_only_sound_backups(tmp_path: Path) -> None:
    db_path = big_database(tmp_path / "relance.sqlite3", megabytes=6)
    rng = random.Random(10)
    kills = 0
    started = time.monotonic()
    for _attempt in range(20):
        child = subprocess.Popen(
            [sys.executable, "-c", LOOP, str(db_path)],
            env=environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0, 0.4))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        kills += 1
        for backup in named_like_backups(db_path):
            assert sound(backup), backup.name
            connection = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
            try:
                assert connection.execute("SELECT count(*) FROM filler").fetchone()[0] == 1500
            finally:
                connection.close()
    print(f"{kills} kills in {time.monotonic() - started:.1f} s")
    assert 0 < len(list_backups(db_path)) <= KEEP


def test_a_full_disk_leaves_no_backup_and_says_so(tmp_path: Path) -> None:
    db_path = big_database(tmp_path / "relance.sqlite3", megabytes=2)
    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(db_path), str(512 * 1024)],
        env=environment(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert "The backup was not written" in done.stdout
    assert "disk" in done.stdout
    assert "Traceback" not in done.stderr
    assert list((tmp_path / "backups").iterdir()) == []  # not even a temporary copy


def damage(path: Path) -> None:
    """Scribble over the middle of a database file, as a failing disk would."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 2)
        handle.write(os.urandom(8192))


def test_a_damaged_database_is_never_backed_up_as_if_healthy(tmp_path: Path) -> None:
    db_path = big_database(tmp_path / "relance.sqlite3", megabytes=1)
    checkpoint = sqlite3.connect(db_path)
    checkpoint.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    checkpoint.close()
    good = backup_database(db_path, reason="manual")
    damage(db_path)
    with pytest.raises(DatabaseError, match="damaged"):
        backup_database(db_path, reason="daily")
    assert named_like_backups(db_path) == [good]
    assert [p.name for p in (tmp_path / "backups").iterdir()] == [good.name]


def test_an_empty_file_named_like_a_backup_is_none_and_pushes_no_good_one_out(
    tmp_path: Path,
) -> None:
    db_path = big_database(tmp_path / "relance.sqlite3", megabytes=1)
    good = backup_database(db_path, reason="manual")
    empty = good.with_name(f"{db_path.stem}-29991231-235959-manual.sqlite3")
    empty.write_bytes(b"")
    assert list_backups(db_path) == [good]
    for _ in range(KEEP - 1):
        backup_database(db_path, reason="manual")
    assert good in list_backups(db_path)  # twenty good ones, the oldest still among them
    assert not empty.exists()
