"""The columns a user chose for an export, kept per source so that next month's file reuses them.

A source is an import kind and its header line, compared in normal form and in any order: the
same export from the same tool is recognised even when a column moved or changed case. What is
kept is the mapping the user chose ({field: header}), the file name and the day it was imported.
Only imports that were written are kept, and only the most recent `LIMIT` sources.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.importing.columns import FIELDS, Kind, normal
from app.services.settings import read_section, write_section

SECTION = "import_mappings"
LIMIT = 50  # sources kept, most recently used first


@dataclass(frozen=True)
class SavedMapping:
    """A mapping chosen before for this source, with the file and day it was last used."""

    mapping: dict[str, str]  # field name -> the header in today's file
    file_name: str
    used_on: date


def fingerprint(headers: Iterable[str]) -> str:
    """The header line in normal form, order and repeats ignored, as a short stable digest."""
    names = sorted({normal(header) for header in headers})
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:32]


def _entries(session: Session) -> list[dict[str, Any]]:
    entries = read_section(session, SECTION).get("sources", [])
    return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def _key(kind: str, headers: Iterable[str]) -> tuple[str, str]:
    return str(kind), fingerprint(headers)


def _is(entry: dict[str, Any], key: tuple[str, str]) -> bool:
    return (entry.get("kind"), entry.get("fingerprint")) == key


def remember(
    session: Session,
    kind: str,
    headers: list[str],
    mapping: Mapping[str, str],
    file_name: str,
    today: date,
) -> None:
    """Keep the mapping used for this source, first in line; the oldest beyond LIMIT go."""
    key = _key(kind, headers)
    entry = {
        "kind": key[0],
        "fingerprint": key[1],
        "mapping": dict(mapping),
        "file_name": file_name,
        "used_on": today.isoformat(),
    }
    others = [e for e in _entries(session) if not _is(e, key)]
    write_section(session, SECTION, {"sources": [entry, *others][:LIMIT]})


def forget(session: Session, kind: str, headers: list[str]) -> None:
    """Drop what was kept for this source (its file is read as Relance recognises it again)."""
    key = _key(kind, headers)
    entries = _entries(session)
    kept = [e for e in entries if not _is(e, key)]
    if len(kept) != len(entries):
        write_section(session, SECTION, {"sources": kept})


def recall(session: Session, kind: str, headers: list[str]) -> SavedMapping | None:
    """The mapping kept for this source, naming today's headers, or None.

    A field whose header is no longer in the file, or that this version no longer knows, is
    left out; when nothing is left, there is nothing to offer.
    """
    key = _key(kind, headers)
    entry = next((e for e in _entries(session) if _is(e, key)), None)
    if entry is None or not isinstance(entry.get("mapping"), dict):
        return None
    try:
        used_on = date.fromisoformat(str(entry.get("used_on")))
        known = {f.name for f in FIELDS[Kind(kind)]}
    except ValueError:
        return None
    by_normal: dict[str, str] = {}
    for header in headers:
        by_normal.setdefault(normal(header), header)
    mapping: dict[str, str] = {}
    for field, header in entry["mapping"].items():
        if field not in known or not isinstance(header, str):
            continue
        found = header if header in headers else by_normal.get(normal(header))
        if found is not None and found not in mapping.values():
            mapping[field] = found
    if not mapping:
        return None
    return SavedMapping(mapping, str(entry.get("file_name", "")), used_on)


def keep(
    session: Session,
    kind: str,
    headers: list[str],
    chosen: Mapping[str, str],
    detected: Mapping[str, str] | None,
    file_name: str,
    today: date,
) -> None:
    """After an import was written: keep the user's choice, or forget it if it is Relance's own.

    A mapping equal to what Relance recognises needs no keeping, and keeping it would hide a
    better recognition in a later version.
    """
    if detected is not None and dict(chosen) == dict(detected):
        forget(session, kind, headers)
    else:
        remember(session, kind, headers, chosen, file_name, today)
