"""What every window needs, passed in constructors (no global registry)."""

from __future__ import annotations

from dataclasses import dataclass

from app.db.lock import DatabaseLock
from app.db.migrate import Database
from app.domain.calendar import Clock


@dataclass
class AppContext:
    database: Database
    clock: Clock
    currency: str = "EUR"
    lock: DatabaseLock | None = None  # held by the window while open; restore goes through it
    demo: bool = False  # the demo's book: labelled as such, and its emails are never sent
