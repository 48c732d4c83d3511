"""What deserves a notification today, each thing once: promises due, promises broken.

The keys of what was shown are kept in the database, so a restart, a second run of the job or a
laptop waking up never shows the same thing twice; keys older than a month are forgotten.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from app.services.settings import read_section, write_section
from app.services.today import TodayKind, worklist

NOTIFIED_KEY = "notified"
KEEP_DAYS = 31
NOTIFY = (TodayKind.PROMISE_DUE, TodayKind.PROMISE_BROKEN, TodayKind.PROMISE_SOON)


def _shown(session: Session) -> dict[str, str]:
    return read_section(session, NOTIFIED_KEY)


def pending_notifications(session: Session, today: date) -> list[tuple[str, str]]:
    """(key, text) of what was not shown yet; the caller marks them once shown."""
    shown = _shown(session)
    found = []
    for item in worklist(session, today, with_reminders=False):
        if item.kind not in NOTIFY:
            continue
        key = f"{item.kind.value}:{item.customer_id}:{item.day.isoformat()}:{item.summary}"
        if key not in shown:
            found.append((key, f"{item.customer_name} — {item.summary}"))
    return found


def mark_notified(session: Session, keys: list[str], today: date) -> None:
    shown = _shown(session)
    oldest = (today - timedelta(days=KEEP_DAYS)).isoformat()
    shown = {k: day for k, day in shown.items() if day >= oldest}
    shown.update({key: today.isoformat() for key in keys})
    write_section(session, NOTIFIED_KEY, shown)
