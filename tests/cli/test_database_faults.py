"""A database that cannot be used is said in a sentence, never a traceback: a folder given as
`--db`, a read-only file or folder, a full disk, another program writing."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from tests.child_env import english_env

ROOT = Path(__file__).resolve().parents[2]


def relance(*args: str, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    """The command line in a child process, its file writes limited to `limit` bytes (a disk
    that fills up: writes fail with EFBIG)."""
    prelude = ""
    if limit is not None:
        prelude = (
            "import resource, signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
            f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit})); "
        )
    code = prelude + "import sys; from app.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=english_env(PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=120,
    )


def content(path: Path) -> str:
    """The database's committed content (its -wal included), as SQLite reads it."""
    connection = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(connection.iterdump()).encode()).hexdigest()
    finally:
        connection.close()


@pytest.fixture
def book(db_path: Path) -> Path:
    assert main(["--db", str(db_path), "demo", "--customers", "3"]) == 0
    return db_path


def test_a_folder_given_as_the_database_is_said_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(tmp_path), "aging"]) == 1
    _out, err = capsys.readouterr()
    assert "is a folder, not a database file" in err


@pytest.fixture
def read_only() -> Iterator[object]:
    """Makes a path read-only for this process: permissions, or, for root who ignores them,
    the immutable attribute."""
    made: list[Path] = []

    def make(path: Path) -> None:
        if os.geteuid() != 0:
            path.chmod(0o555 if path.is_dir() else 0o444)
        elif subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
            pytest.skip("running as root where files cannot be made read-only")
        made.append(path)

    yield make
    for path in made:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], check=False)
        path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_database_is_said_read_only_not_damaged(
    book: Path, read_only: object, what: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert callable(read_only)
    read_only(book if what == "file" else book.parent)
    assert main(["--db", str(book), "aging"]) == 1
    _out, err = capsys.readouterr()
    assert "is read-only" in err and "damaged" not in err


def test_a_full_disk_while_writing_is_a_sentence_and_writes_nothing(book: Path) -> None:
    before = content(book)
    size = book.stat().st_size + sum(p.stat().st_size for p in book.parent.glob(book.name + "-*"))
    done = relance("--db", str(book), "demo", "--customers", "40", limit=size + 16384)
    assert done.returncode == 1
    assert "The disk refused to write" in done.stderr
    assert "Traceback" not in done.stderr
    assert content(book) == before


def test_another_program_writing_is_said_so_after_waiting(book: Path) -> None:
    other = sqlite3.connect(book, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program in the middle of a write
    try:
        done = relance("--db", str(book), "demo", "--customers", "1")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert done.returncode == 1
    assert "Another program is writing to" in done.stderr
    assert "Traceback" not in done.stderr
