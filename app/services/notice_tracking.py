"""A formal notice posted "recommandé avec AR": its tracking number and the day it was received.

The notice's time to pay runs from the day the acknowledgement of receipt says it was received
(a letter not yet received has not yet put the debtor on notice: Code civil, art. 1344; see
docs/reminders.md); until that day is known, Relance counts from the day it was sent. Both facts
go into the customer's history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.dunning import Reminder
from app.db.models import Customer
from app.domain.calendar import Clock
from app.domain.events import EventKind
from app.i18n import _
from app.services import history
from app.services.dunning import LEVEL_LABELS, LEVEL_TITLES, deadline_days
from app.services.history_text import sentence
from app.services.ledger import LedgerError
from app.services.letter_settings import load_letter_settings

# La Poste's registered numbers ("1A 123 456 7890 1"), Royal Mail's ("AB 1234 5678 9GB"):
# letters and digits, written with spaces or dashes that are not part of the number.
TRACKING = re.compile(r"[A-Z0-9]{8,40}")
RECEIPT_WINDOW_DAYS = 30  # Today asks for a receipt this long after posting, no longer


class TrackingError(LedgerError):
    """What was typed cannot be a registered letter's tracking or receipt: said in a sentence."""


@dataclass(frozen=True)
class RegisteredNotice:
    reminder_id: int
    customer_id: int
    level_name: str
    sent_on: date
    tracking_number: str
    received_on: date | None
    deadline: date  # the last day to pay, from the receipt when known, else from the posting


def tracking_number(typed: str) -> str:
    """The number as La Poste prints it, without its spaces and dashes; "" for none."""
    compact = re.sub(r"[\s\-.]", "", typed).upper()
    if compact and not TRACKING.fullmatch(compact):
        raise TrackingError(
            _(
                "“{typed}” is not a tracking number: it has 8 to 40 letters and digits, as on "
                "the registered letter's receipt (for example 1A 123 456 7890 1)."
            ).format(typed=typed.strip())
        )
    return compact


def _own_name(reminder: Reminder) -> str:
    """The level's name as the user typed it; "" for a shipped level (named in any language)."""
    shipped = LEVEL_TITLES.get(reminder.template)
    return "" if reminder.level_name == shipped else reminder.level_name


def _level_label(reminder: Reminder) -> str:
    label = LEVEL_LABELS.get(reminder.template)
    return _own_name(reminder) or (_(label) if label else reminder.level_name)


def _notice(reminder: Reminder, days: int) -> RegisteredNotice:
    start = reminder.received_on or reminder.sent_on
    return RegisteredNotice(
        reminder.id,
        reminder.customer_id,
        _level_label(reminder),
        reminder.sent_on,
        reminder.tracking_number or "",
        reminder.received_on,
        start + timedelta(days=days),
    )


def registered_notices(session: Session, customer_id: int) -> list[RegisteredNotice]:
    """The customer's registered letters, newest first."""
    days = deadline_days(load_letter_settings(session), formal_notice=True)
    reminders = session.scalars(
        select(Reminder)
        .where(Reminder.customer_id == customer_id, Reminder.registered)
        .order_by(Reminder.sent_on.desc(), Reminder.id.desc())
    )
    return [_notice(reminder, days) for reminder in reminders]


def awaiting_receipt(session: Session, today: date) -> list[RegisteredNotice]:
    """Registered letters posted lately whose receipt is not entered yet (Today asks for it)."""
    days = deadline_days(load_letter_settings(session), formal_notice=True)
    reminders = session.scalars(
        select(Reminder)
        .join(Customer, Customer.id == Reminder.customer_id)
        .where(
            Reminder.registered,
            Reminder.received_on.is_(None),
            Reminder.sent_on < today,
            Reminder.sent_on >= today - timedelta(days=RECEIPT_WINDOW_DAYS),
            Customer.handed_over_to.is_(None),
        )
    )
    return [_notice(reminder, days) for reminder in reminders]


def record_receipt(
    session: Session,
    clock: Clock,
    reminder_id: int,
    typed_number: str,
    received_on: date | None,
) -> str:
    """Keep the tracking number and the day of receipt; the sentence the history keeps."""
    reminder = session.get(Reminder, reminder_id)
    if reminder is None or not reminder.registered:
        raise TrackingError(_("This reminder was not sent as a registered letter."))
    number = tracking_number(typed_number)
    today = clock.today()
    if received_on is not None and not reminder.sent_on <= received_on <= today:
        raise TrackingError(
            _(
                "A letter is received between the day it was posted ({sent}) and today: "
                "check the date on the acknowledgement of receipt."
            ).format(sent=reminder.sent_on.strftime("%d/%m/%Y"))
        )
    if number == (reminder.tracking_number or "") and received_on == reminder.received_on:
        return ""  # nothing changed: nothing to record
    reminder.tracking_number = number or None
    reminder.received_on = received_on
    days = deadline_days(load_letter_settings(session), formal_notice=True)
    notice = _notice(reminder, days)
    payload: dict[str, object] = {
        "level_name": _own_name(reminder),
        "template": reminder.template,
        "sent_on": reminder.sent_on.isoformat(),
        "tracking_number": number,
        "received_on": received_on.isoformat() if received_on else "",
        "deadline": notice.deadline.isoformat(),
    }
    text = sentence(EventKind.NOTICE_TRACKED, payload)
    history.record(
        session, clock, reminder.customer_id, EventKind.NOTICE_TRACKED, text, payload=payload
    )
    return text
