"""`dunning run` is all or nothing: stopped at any moment (killed), it leaves either no letter to
post and nothing recorded, or every letter recorded and in place once Relance starts again."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db.migrate import open_database
from app.db.models import OutboxMessage, Reminder
from app.domain.calendar import Clock
from app.services.demo import fill_demo

AS_OF = "2026-11-22"
ROOT = Path(__file__).resolve().parents[2]

# Runs the command line in a child process that dies (like a kill -9) at a chosen point.
CHILD = """
import os, sys
from sqlalchemy import event
from sqlalchemy.orm import Session
mode, argv = sys.argv[1], sys.argv[2:]
if mode == "before-commit":  # every file written, the transaction not yet committed
    event.listen(Session, "before_commit", lambda session: os._exit(9))
elif mode == "after-commit":  # committed, the files not yet under their names
    import app.db.staging as staging
    staging.publish = lambda partials: os._exit(9)
from app.cli import main
sys.exit(main(argv))
"""


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo book with a dozen reminders due, letters and emails."""
    path = tmp_path_factory.mktemp("demo") / "relance.sqlite3"
    database = open_database(path, backup=False)
    with database.session_factory.begin() as session:
        fill_demo(session, Clock.fixed(date.fromisoformat(AS_OF)), customers=40)
    database.dispose()
    return path


@pytest.fixture
def book(demo_book: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "book"
    folder.mkdir()
    shutil.copy(demo_book, folder / demo_book.name)
    return folder / demo_book.name


def command(db: Path, letters: Path) -> list[str]:
    return ["--db", str(db), "dunning", "run", "--as-of", AS_OF, "--letters", str(letters)]


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def run_child(mode: str, db: Path, letters: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode, *command(db, letters)],
        env=environment(),
        capture_output=True,
        timeout=120,
    )
    return done.returncode


def leftovers(folder: Path) -> list[Path]:
    """Temporary files of a run (a killed backup's are the backups' business, see test_backups)."""
    return [p for p in folder.rglob("*.partial") if "backups" not in p.relative_to(folder).parts]


def final_files(folder: Path) -> set[str]:
    return {
        p.relative_to(folder).as_posix()
        for p in (folder / "documents").rglob("*.pdf")
        if not p.name.startswith(".")
    }


def check_all_or_nothing(db: Path, batch_folder: Path) -> int:
    """Open the book (which finishes or clears what a killed run left) and check that archive,
    batch and database tell the same story; returns the number of reminders recorded."""
    database = open_database(db, backup=False)
    try:
        with database.session_factory() as session:
            reminders = list(session.scalars(select(Reminder)))
            extras = [
                extra
                for message in session.scalars(select(OutboxMessage))
                for extra in message.extra_attachments or []
            ]
    finally:
        database.dispose()
    folder = db.parent
    assert [p for p in leftovers(folder) if batch_folder not in p.parents] == []
    # A batch folder elsewhere is cleared by the next run that writes there; until then what a
    # killed run left in it is hidden and never looks like a batch.
    assert all(p.name.startswith(".") for p in leftovers(batch_folder))
    recorded = {r.document_path for r in reminders if r.document_path} | set(extras)
    assert final_files(folder) == recorded  # every letter recorded, every record a letter
    for reminder in reminders:
        data = (folder / str(reminder.document_path)).read_bytes()
        assert hashlib.sha256(data).hexdigest() == reminder.document_sha256  # whole, as sent
    batches_with_letters = {r.batch for r in reminders if "letter" in r.channels.split(",")}
    printed = sorted(batch_folder.glob("*.pdf"))
    assert len(printed) == len(batches_with_letters)  # no batch without its reminders
    return len(reminders)


def test_a_run_killed_before_its_commit_leaves_nothing_to_post(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "print"
    out.mkdir()
    assert run_child("before-commit", book, out / "letters.pdf") == 9
    assert final_files(book.parent) == set()
    assert list(out.glob("*.pdf")) == []
    assert check_all_or_nothing(book, out) == 0
    # Run again: every letter goes out once, and the killed run's leftover is gone.
    assert run_child("none", book, out / "letters.pdf") == 0
    assert check_all_or_nothing(book, out) > 0
    assert leftovers(out) == []
    assert [p.name for p in out.glob("*.pdf")] == ["letters.pdf"]


def test_a_run_killed_after_its_commit_is_finished_at_the_next_start(
    book: Path, tmp_path: Path
) -> None:
    out = tmp_path / "print"
    out.mkdir()
    assert run_child("after-commit", book, out / "letters.pdf") == 9
    assert list(out.glob("*.pdf")) == []  # not yet under its name
    recorded = check_all_or_nothing(book, out)  # the start-up finished the renames
    assert recorded > 0
    assert [p.name for p in out.glob("*.pdf")] == ["letters.pdf"]
    # Nothing is due any more: a second run sends nothing twice.
    assert run_child("none", book, out / "letters.pdf") == 0
    assert check_all_or_nothing(book, out) == recorded


def test_a_second_batch_never_replaces_the_first(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "print"
    out.mkdir()
    first = out / "letters.pdf"
    first.write_bytes(b"%PDF- printed earlier today, not yet posted")
    assert run_child("none", book, first) == 0
    assert first.read_bytes() == b"%PDF- printed earlier today, not yet posted"
    assert (out / "letters-2.pdf").stat().st_size > 1000


@dataclass
class Outcome:
    delay: float
    killed: bool  # still running when the signal came
    mid_write: bool  # it had written files that were not yet under their names
    recorded: int


def timed_run(db: Path, letters: Path, kill_after: float | None = None) -> tuple[float, float, int]:
    """Run `dunning run` in a child; with `kill_after`, kill it (-9) that many seconds after it
    started writing files (None: let it finish). Returns when it started writing, when its files
    took their names (seconds from its start) and its exit status."""
    started = time.monotonic()
    with (db.parent / "stderr.txt").open("wb") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-m", "app.cli", *command(db, letters)],
            env=environment(),
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        writing = published = None
        while child.poll() is None:
            now = time.monotonic() - started
            if writing is None and any(p.is_file() for p in (db.parent / "documents").rglob("*")):
                writing = now
            if writing is not None and published is None and not leftovers(db.parent):
                published = now
            if writing is not None and kill_after is not None and now >= writing + kill_after:
                child.send_signal(signal.SIGKILL)
                break
            time.sleep(0.002)
        code = child.wait(timeout=120)
    return (writing or 0.0), (published or time.monotonic() - started), code


def kill_at_random_moments(book: Path, tmp_path: Path, kills: int) -> list[Outcome]:
    """Kill `dunning run` (-9) at random moments on copies of one book, until `kills` of them
    landed while it ran, checking after each that the next start sees all or nothing. Half the
    moments fall anywhere in the run, half while it writes its files and commits (a short part
    of it, found by watching its temporary files appear)."""
    rng = random.Random(14)
    template = tmp_path / "template.sqlite3"
    shutil.copy(book, template)
    started = time.monotonic()
    writing, published, code = timed_run(book, tmp_path / "full.pdf")
    duration = time.monotonic() - started
    assert code == 0, (book.parent / "stderr.txt").read_text()
    outcomes: list[Outcome] = []
    while sum(o.killed for o in outcomes) < kills and len(outcomes) < kills * 3 // 2:
        folder = tmp_path / f"kill-{len(outcomes)}"
        out = folder / "print"
        out.mkdir(parents=True)
        db = folder / "relance.sqlite3"
        shutil.copy(template, db)
        if len(outcomes) % 2:
            delay = rng.uniform(0, (published - writing) * 1.2)
            _writing, _end, code = timed_run(db, out / "letters.pdf", kill_after=delay)
        else:
            delay = rng.uniform(0.3, duration)
            child = subprocess.Popen(
                [sys.executable, "-m", "app.cli", *command(db, out / "letters.pdf")],
                env=environment(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(delay)
            child.send_signal(signal.SIGKILL)
            code = child.wait(timeout=120)
        mid_write = bool(leftovers(folder))
        recorded = check_all_or_nothing(db, out)
        outcomes.append(Outcome(delay, code == -signal.SIGKILL, mid_write, recorded))
        if len(outcomes) % 5 == 1:  # start again: what was recorded is not sent twice
            rerun = subprocess.run(
                [sys.executable, "-m", "app.cli", *command(db, out / "letters.pdf")],
                env=environment(),
                capture_output=True,
                timeout=120,
            )
            assert rerun.returncode == 0, rerun.stderr
            total = check_all_or_nothing(db, out)
            assert leftovers(out) == []
            assert recorded in (0, total)  # all or nothing: a partial first run is impossible
    return outcomes


@pytest.mark.long
def test_a_run_killed_at_random_moments_is_all_or_nothing(book: Path, tmp_path: Path) -> None:
    outcomes = kill_at_random_moments(book, tmp_path, kills=20)
    killed = [o for o in outcomes if o.killed]
    print(
        f"{len(outcomes)} runs, {len(killed)} killed while running, "
        f"{sum(o.mid_write for o in killed)} while writing their files, "
        f"{sum(o.recorded > 0 for o in killed)} after their commit"
    )
    assert len(killed) >= 20
    assert any(o.mid_write for o in killed)
