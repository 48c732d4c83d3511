"""The outbox: a persistent queue of emails, and what the user decides about them.

Sending lives in `outbox_send`, which states the rule that a message is never sent twice. Here:
queueing (an address that is not an email address is refused then, not at send time), the
list, and the user's decisions (cancel, send again, confirm that a held message was sent), each
also written to the send log kept outside the database (`app.mail.sendlog`), so that a database
restored from a backup cannot undo them.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from app.db.dunning import OutboxState
from app.db.migrate import ARCHIVE
from app.db.models import Customer, OutboxMessage
from app.domain.calendar import Clock
from app.domain.events import EventKind
from app.domain.text import has_control, is_email
from app.i18n import _
from app.mail import compose, sendlog
from app.mail.config import SmtpSettings
from app.mail.sendlog import Event, SendLog
from app.mail.transport import wire_bytes
from app.paths import BACKUPS
from app.services import history
from app.services.ledger import LedgerError
from app.services.smtp_settings import load_smtp


@dataclass(frozen=True)
class OutboxRow:
    id: int
    customer_ref: str
    customer_name: str
    to: str
    subject: str
    state: str
    attempts: int
    last_error: str
    created_at: datetime
    sent_at: datetime | None
    next_attempt_at: datetime | None

    def to_json(self) -> dict[str, object]:
        """The `outbox list --format json` contract."""
        return {
            "id": self.id,
            "customer_ref": self.customer_ref,
            "to": self.to,
            "subject": self.subject,
            "state": self.state,
            "attempts": self.attempts,
            "last_error": self.last_error or None,
        }


def queue_email(
    session: Session,
    clock: Clock,
    *,
    customer_id: int,
    to_address: str,
    to_name: str,
    subject: str,
    body: str,
    attachment_path: str | None = None,
    extra_attachments: list[str] | None = None,
    reminder_id: int | None = None,
    sender: str = "",
) -> OutboxMessage:
    """Queue a message, with its Message-ID; a bad address is refused now, not at send time."""
    address = to_address.strip()
    # is_email refuses white space and controls; these would make the To header say another
    # recipient than the envelope.
    if not is_email(address) or any(c in address for c in ',;<>()[]"\\'):
        raise LedgerError(_("“{email}” is not an email address.").format(email=address))
    if not subject.strip():
        raise LedgerError(_("An email needs a subject."))
    if has_control(to_name) or has_control(subject.strip()):
        raise LedgerError(
            _("A name or a subject cannot hold a line break or another control character.")
        )
    sender = sender or load_smtp(session).sender
    message = OutboxMessage(
        customer_id=customer_id,
        reminder_id=reminder_id,
        to_address=address,
        to_name=to_name,
        subject=subject.strip(),
        body=body,
        html=compose.html_of(body),
        attachment_path=attachment_path,
        extra_attachments=extra_attachments or None,
        message_id=compose.new_message_id(sender),
        status=OutboxState.QUEUED,
        attempts=0,
        created_at=clock.now(),
    )
    session.add(message)
    session.flush()
    return message


def rows(session: Session, states: tuple[str, ...] = ()) -> list[OutboxRow]:
    query = (
        select(OutboxMessage, Customer.ref, Customer.name)
        .join(Customer, Customer.id == OutboxMessage.customer_id)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    )
    if states:
        query = query.where(OutboxMessage.status.in_(states))
    return [
        OutboxRow(
            m.id,
            ref,
            name,
            m.to_address,
            m.subject,
            m.status,
            m.attempts,
            m.last_error or "",
            m.created_at,
            m.sent_at,
            m.next_attempt_at,
        )
        for m, ref, name in session.execute(query)
    ]


def waiting_count(session: Session) -> int:
    return (
        session.scalar(
            select(func.count()).where(
                OutboxMessage.status.in_((OutboxState.QUEUED, OutboxState.HELD))
            )
        )
        or 0
    )


def _get(session: Session, message_id: int) -> OutboxMessage:
    message = session.get(OutboxMessage, message_id)
    if message is None:
        raise LedgerError(_("This message does not exist."))
    return message


def send_log(database_dir: Path) -> SendLog:
    """The log of hand-overs kept beside the archived emails, outside the database.

    A backup opened where it lies (in the `backups/` folder beside its database) shares its
    database's log: what went out after the backup was taken is known there."""
    own = database_dir / ARCHIVE / "emails" / sendlog.NAME
    if database_dir.name == BACKUPS:
        home = database_dir.parent / ARCHIVE / "emails" / sendlog.NAME
        if home.exists() and not own.exists():
            return SendLog(home)
    return SendLog(own)


def _tell_log(clock: Clock, database_dir: Path, message: OutboxMessage, event: Event) -> None:
    if not message.message_id:
        return
    try:
        send_log(database_dir).write(event, message.message_id, message.id, now=clock.now())
    except OSError as exc:
        raise LedgerError(
            _("The send log cannot be written ({error}): nothing was changed.").format(
                error=exc.strerror or type(exc).__name__
            )
        ) from None


def _move(session: Session, message_id: int, sources: tuple[str, ...], target: str) -> bool:
    """One conditional update, like the sender's claim: False when the message is no longer in
    one of `sources` (a sender took it meanwhile), and then nothing changed."""
    result = cast(
        CursorResult[Any],
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.status.in_(sources))
            .values(status=target)
        ),
    )
    return result.rowcount == 1


def _busy() -> LedgerError:
    return LedgerError(
        _("This message is being sent or was just sent: refresh the outbox to see its state.")
    )


def cancel(session: Session, clock: Clock, message_id: int, database_dir: Path) -> None:
    message = _get(session, message_id)
    waiting = (OutboxState.QUEUED, OutboxState.HELD, OutboxState.FAILED)
    if message.status not in waiting:
        raise LedgerError(_("Only a message waiting to be sent can be cancelled."))
    if not _move(session, message_id, waiting, OutboxState.CANCELLED):
        raise _busy()
    _tell_log(clock, database_dir, message, Event.CANCELLED)


def send_again(session: Session, clock: Clock, message_id: int, database_dir: Path) -> None:
    """A held or failed message goes back in the queue, by the user's decision."""
    message = _get(session, message_id)
    stopped = (OutboxState.HELD, OutboxState.FAILED)
    if message.status not in stopped:
        raise LedgerError(_("Only a held or failed message can be sent again."))
    if not _move(session, message_id, stopped, OutboxState.QUEUED):
        raise _busy()
    _tell_log(clock, database_dir, message, Event.RELEASED)
    message.next_attempt_at = None


def confirm_sent(
    session: Session, clock: Clock, message_id: int, database_dir: Path, settings: SmtpSettings
) -> None:
    """The user saw that a held message did reach the server: record it as sent."""
    message = _get(session, message_id)
    if message.status != OutboxState.HELD:
        raise LedgerError(_("Only a held message can be confirmed as sent."))
    if not _move(session, message_id, (OutboxState.HELD,), OutboxState.SENT):
        raise _busy()
    try:
        mime: bytes | None = wire_bytes(compose.build(message, settings, database_dir))
    except compose.BuildError:
        mime = None  # the user's word stands; only the archive copy is missing
    _tell_log(clock, database_dir, message, Event.CONFIRMED)
    relative = archive_email(database_dir, clock, message, mime) if mime else None
    digest = hashlib.sha256(mime).hexdigest() if mime else None
    record_sent(session, clock, message, relative, digest, confirmed=True)


def archive_email(database_dir: Path, clock: Clock, message: OutboxMessage, mime: bytes) -> str:
    """The exact message as sent, as an .eml file beside the database; its relative path.

    Named by row and Message-ID: a database restored from a backup numbers its new rows again,
    and an archived email is never overwritten."""
    folder = database_dir / ARCHIVE / "emails" / f"{clock.today():%Y}" / f"{clock.today():%m}"
    folder.mkdir(parents=True, exist_ok=True)
    tag = hashlib.sha256((message.message_id or "").encode()).hexdigest()[:10]
    path = folder / f"{message.id:08d}-{tag}.eml"
    again = 1
    while path.exists():  # sent again by the user's decision: both copies are kept
        again += 1
        path = folder / f"{message.id:08d}-{tag}-{again}.eml"
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(mime)
    os.replace(partial, path)
    return path.relative_to(database_dir).as_posix()


def record_sent(
    session: Session,
    clock: Clock,
    message: OutboxMessage,
    relative: str | None,
    sha256: str | None,
    *,
    confirmed: bool = False,
    from_log: bool = False,
) -> None:
    """Sent: the message's row, and the customer's history told, pointing at its archive."""
    message.status, message.sent_at, message.sending_token = OutboxState.SENT, clock.now(), None
    message.last_error = None
    message.archive_path = relative
    template, sent_as = _("Email sent to {to}: {subject}"), "sent"
    if confirmed:
        template, sent_as = _("Email confirmed as sent to {to}: {subject}"), "confirmed"
    if from_log:
        template, sent_as = _("Email sent to {to} (found in the send log): {subject}"), "from_log"
    event = history.record(
        session,
        clock,
        message.customer_id,
        EventKind.EMAIL_SENT,
        template.format(to=message.to_address, subject=message.subject),
        payload={
            "outbox_id": message.id,
            "message_id": message.message_id,
            "sha256": sha256,
            "reminder_id": message.reminder_id,
            "to": message.to_address,
            "subject": message.subject,
            "sent_as": sent_as,
        },
    )
    event.document_path = relative
