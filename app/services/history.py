"""Writing to the append-only history, always inside the caller's transaction."""

from __future__ import annotations

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
