"""Files that appear under their final name only once the transaction recording them commits.

A letter printed but not recorded would be posted and sent again by the next run; a recorded
letter without its file breaks the history. So a file written during a transaction goes to a
hidden temporary name beside its final one (`.<name>.<tag>-<token>.partial`) and is renamed when
the transaction commits, or deleted when it rolls back.

The transaction also carries a journal row (`settings`, key `pending-files.<token>`) listing
those temporary files: it is written before the first file, so whoever holds an unfinished
temporary file holds the database's write lock too. A process killed before its commit leaves
files no committed row names (orphans, deleted); killed between the commit and the renames, it
leaves a committed row naming them (renamed). `recover` does both when a database is opened.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import secrets
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, delete, event, select
from sqlalchemy.orm import Session

from app.db.files import sync_folders, write_synced
from app.db.models import Setting

log = logging.getLogger(__name__)

JOURNAL = "pending-files."
_INFO = "relance.staged"
_PARTIAL = re.compile(r"^\.(?P<final>.+)\.(?P<tag>[0-9a-f]{8})-(?P<token>[0-9a-f]{16})\.partial$")


@dataclass
class _Staged:
    token: str
    tag: str
    files: list[Path] = field(default_factory=list)
    swept: set[Path] = field(default_factory=set)

    @property
    def key(self) -> str:
        return JOURNAL + self.token


def database_tag(db_path: Path) -> str:
    """A short name of a database in its temporary files: two books may share an output folder."""
    return hashlib.sha256(str(db_path.resolve()).encode()).hexdigest()[:8]


def partial_path(final: Path, tag: str, token: str) -> Path:
    return final.with_name(f".{final.name}.{tag}-{token}.partial")


def final_path(partial: Path) -> Path | None:
    match = _PARTIAL.match(partial.name)
    return partial.with_name(match["final"]) if match else None


def is_pending(final: Path) -> bool:
    """Whether a temporary file waits to take this name (a name to avoid for a new file)."""
    if not final.parent.is_dir():
        return False
    return any(final_path(p) == final for p in final.parent.glob(f".{glob_escape(final.name)}.*"))


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def stage(session: Session, final: Path, data: bytes, *, new_name: bool = False) -> Path:
    """Write `data` so that it appears as `final` when the session's transaction commits (and
    never, if it rolls back). With `new_name`, an existing file (or one about to appear) is never
    replaced: `name-2.pdf`, `name-3.pdf`… instead. Returns the final name. The session must be
    bound to a file database."""
    staged = _staged(session)
    if final.parent not in staged.swept:
        _sweep([final.parent], staged.tag, _committed_tokens(session) | {staged.token})
        staged.swept.add(final.parent)
    if new_name:
        final = unused_name(final)
    partial = partial_path(final, staged.tag, staged.token)
    write_synced(partial, data)
    if partial not in staged.files:
        staged.files.append(partial)
    return final


def unused_name(path: Path) -> Path:
    """`path`, or `name-2.pdf`, `name-3.pdf`…: the first name no file has or is about to take."""
    candidate, number = path, 1
    while candidate.exists() or is_pending(candidate):
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def _staged(session: Session) -> _Staged:
    staged = session.info.get(_INFO)
    if isinstance(staged, _Staged):
        return staged
    bind = session.get_bind()
    database = bind.url.database if isinstance(bind, Engine) else None
    if not database:
        raise ValueError("files can only be staged with a database file")
    staged = _Staged(secrets.token_hex(8), database_tag(Path(database)))
    session.info[_INFO] = staged
    # Written (and the write lock taken) before any temporary file exists: see the module's text.
    session.add(Setting(key=staged.key, value=[]))
    session.flush()
    if not event.contains(session, "after_commit", _published):
        event.listen(session, "before_commit", _journal)
        event.listen(session, "after_commit", _published)
        event.listen(session, "after_rollback", _abandoned)
    return staged


def _journal(session: Session) -> None:
    staged = session.info.get(_INFO)
    if isinstance(staged, _Staged):
        row = session.get_one(Setting, staged.key)
        row.value = [str(p) for p in staged.files]


def _published(session: Session) -> None:
    staged = session.info.pop(_INFO, None)
    if not isinstance(staged, _Staged):
        return
    try:
        publish(staged.files)
    except OSError:  # the database says they exist: the next start renames what is left
        log.exception("files recorded but not yet renamed; they will be at the next start")
        return
    bind = session.get_bind()
    if not isinstance(bind, Engine):
        return
    try:
        with bind.connect() as connection:
            connection.execute(delete(Setting).where(Setting.key == staged.key))
            connection.commit()
    except Exception:  # harmless: the next start finds every file already in place
        log.warning("journal row %s left for the next start", staged.key, exc_info=True)


def _abandoned(session: Session) -> None:
    staged = session.info.pop(_INFO, None)
    if isinstance(staged, _Staged):
        for partial in staged.files:
            partial.unlink(missing_ok=True)


def publish(partials: Iterable[Path]) -> None:
    """Give temporary files their final names (those already renamed are skipped)."""
    folders = []
    for partial in partials:
        final = final_path(partial)
        if final is None:
            continue
        with contextlib.suppress(FileNotFoundError):
            os.replace(partial, final)
        folders.append(final.parent)
    sync_folders(folders)


def _committed_tokens(session: Session) -> set[str]:
    keys = session.scalars(select(Setting.key).where(Setting.key.startswith(JOURNAL)))
    return {key.removeprefix(JOURNAL) for key in keys}


def _partials(folders: Iterable[Path], tag: str) -> Iterator[tuple[Path, str]]:
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.glob(f".*.{tag}-*.partial"):
            match = _PARTIAL.match(path.name)
            if match and match["tag"] == tag:
                yield path, match["token"]


def _sweep(folders: Iterable[Path], tag: str, keep: set[str]) -> int:
    """Delete this database's temporary files of transactions that never committed. Only safe
    while holding the database's write lock (no live transaction can own one then)."""
    removed = 0
    for path, token in _partials(folders, tag):
        if token not in keep:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def archive_folders(database_dir: Path, archive: str) -> list[Path]:
    """The database's folder and every folder of its archive, where temporary files are made."""
    folders = [database_dir]
    root = database_dir / archive
    if root.is_dir():
        folders += [Path(d) for d, _subdirs, _files in os.walk(root)]
    return folders


def recover(db_path: Path, folders: Iterable[Path]) -> None:
    """At start: rename the files of committed transactions a killed process left unrenamed,
    delete those of transactions that never committed. Skipped while another program writes
    (it may own them); the next start does it."""
    connection = sqlite3.connect(db_path, timeout=0.2, isolation_level=None)
    try:
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            log.info("another program is writing; leftover files are left for the next start")
            return
        rows = connection.execute(
            "SELECT key, value FROM settings WHERE key LIKE ?", (JOURNAL + "%",)
        ).fetchall()
        unfinished = set()
        for key, value in rows:
            try:
                publish(Path(p) for p in json.loads(value or "[]"))
            except OSError:
                log.exception("recorded files could not take their names; tried again next start")
                unfinished.add(key.removeprefix(JOURNAL))
                continue
            connection.execute("DELETE FROM settings WHERE key = ?", (key,))
        removed = _sweep(folders, database_tag(db_path), unfinished)
        connection.execute("COMMIT")
        if rows or removed:
            log.info(
                "finished %d recorded file sets, removed %d unrecorded files", len(rows), removed
            )
    finally:
        connection.close()
