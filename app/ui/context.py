"""What every window needs, passed in constructors (no global registry)."""

from __future__ import annotations

from dataclasses import dataclass

from app.db.migrate import Database
from app.domain.calendar import Clock


@dataclass
class AppContext:
    database: Database
    clock: Clock
    currency: str = "EUR"
