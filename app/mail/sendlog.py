"""The send log: what was handed to the mail server, kept outside the database.

A database can go back in time (a backup restored, a copy from another computer), while the
mail server cannot: a message sent after the backup was taken comes back as "waiting". So every
hand-over is also written, and flushed to disk, to an append-only file beside the archived
emails, *before* the message goes to the server; its outcome follows. When the database and the
log disagree, the log wins for the messages it knows: accepted means sent, handed over without
an outcome means held for the user, cancelled means cancelled.

One line per event, tab-separated: time, event, Message-ID, outbox row, detail (white space in a
field becomes one space). A line cut by a crash is ignored, and the next event starts on a line
of its own; an unreadable log is as if absent (the database's own states then stand).
"""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

NAME = "send.log"


class Event(enum.StrEnum):
    HANDING = "handing"  # about to be handed to the server
    ACCEPTED = "accepted"  # the server said 250 (detail: the archived .eml)
    UNCERTAIN = "uncertain"  # the connection was lost after DATA
    RETRY = "retry"  # refused for now, or not handed at all
    REFUSED = "refused"  # refused for good
    CONFIRMED = "confirmed"  # the user confirmed a held message as sent
    RELEASED = "released"  # the user chose to send a held or failed message again
    CANCELLED = "cancelled"  # the user cancelled it


SENT_EVENTS = frozenset({Event.ACCEPTED, Event.CONFIRMED})
UNKNOWN_EVENTS = frozenset({Event.HANDING, Event.UNCERTAIN})


@dataclass(frozen=True)
class Entry:
    event: Event
    outbox_id: int
    detail: str


class SendLog:
    def __init__(self, path: Path) -> None:
        self.path = path

    def write(
        self, event: Event, message_id: str, outbox_id: int, detail: str = "", *, now: datetime
    ) -> None:
        """Append one event and make it durable before returning."""
        fields = (
            now.isoformat(timespec="seconds"),
            event.value,
            message_id,
            str(outbox_id),
            detail,
        )
        line = "\t".join(" ".join(str(f).split()) for f in fields) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a+b") as handle:
            if handle.tell() > 0:  # a line cut by a crash must not swallow this one
                handle.seek(-1, os.SEEK_END)
                if handle.read(1) != b"\n":
                    line = "\n" + line
            handle.write(line.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())

    def last_events(self, message_ids: set[str]) -> dict[str, Entry]:
        """The latest event of each of these Message-IDs that the log knows."""
        found: dict[str, Entry] = {}
        if not message_ids:
            return found
        try:
            with self.path.open(encoding="utf-8", errors="replace") as handle:
                for line in handle:
                    if not line.endswith("\n"):
                        break  # cut by a crash while being written
                    parts = line.rstrip("\n").split("\t", 4)
                    if len(parts) != 5 or parts[2] not in message_ids:
                        continue
                    try:
                        entry = Entry(Event(parts[1]), int(parts[3]), parts[4])
                    except ValueError:
                        continue
                    found[parts[2]] = entry
        except OSError:
            return {}
        return found
