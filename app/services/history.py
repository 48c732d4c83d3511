"""Writing to the append-only history, always inside the caller's transaction.

The payload holds the facts of the event, from which `app.services.history_text` writes its
sentence in the window's language; the summary is the sentence as it was written at the time.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.db.models import HistoryEvent
from app.domain.calendar import Clock
from app.domain.events import EventKind


def record(
    session: Session,
    clock: Clock,
    customer_id: int,
    kind: EventKind,
    summary: str,
    *,
    invoice_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> HistoryEvent:
    event = HistoryEvent(
        customer_id=customer_id,
        invoice_id=invoice_id,
        at=clock.now(),
        kind=kind.value,
        summary=summary,
        payload=payload or {},
    )
    session.add(event)
    return event


def change(field: str, old: object = None, new: object = None) -> dict[str, object]:
    """One change for a payload's `changes`: dates as ISO text, amounts in cents, text as is."""
    fact: dict[str, object] = {"field": field}
    if old is not None or new is not None:
        fact["old"] = old.isoformat() if isinstance(old, date) else old
        fact["new"] = new.isoformat() if isinstance(new, date) else new
    return fact
