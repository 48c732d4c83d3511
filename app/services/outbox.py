"""The outbox: a persistent queue that delivers every message once, and never twice.

The rule. A message is marked "sending" (with this process's token) and committed *before* it is
handed to the server, and marked "sent" as soon as the server accepts it. If Relance stops in
between, nobody can know whether the server took it: at the next start such a message is "held",
and the user either confirms it was sent (it is in their sent mail, or the customer got it) or
sends it again. A message is never resent blindly.

Temporary failures (no network, server unreachable, 4xx answers, a login refused) keep the
message queued and retry later with a growing delay; a 5xx answer fails it for good, with the
server's words. An address that is not an email address is refused when queued.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from app.db.dunning import OutboxState
from app.db.models import Customer, OutboxMessage
from app.domain.calendar import Clock
from app.domain.events import EventKind
from app.i18n import _
from app.importing.records import EMAIL
from app.mail import compose, keychain
from app.mail.config import SmtpSettings
from app.mail.transport import SendError, SmtpTransport
from app.services import history
from app.services.ledger import LedgerError
from app.services.letters import ARCHIVE
from app.services.smtp_settings import load_smtp

PROCESS_TOKEN = uuid.uuid4().hex  # which process holds a message in "sending"
BACKOFF_MINUTES = (1, 5, 15, 30, 60)  # then every hour


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
    if not EMAIL.match(address):
        raise LedgerError(_("“{email}” is not an email address.").format(email=address))
    if not subject.strip():
        raise LedgerError(_("An email needs a subject."))
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


def hold_interrupted(session: Session, token: str = PROCESS_TOKEN) -> int:
    """Messages another (stopped) process left in "sending": held for the user to decide."""
    caught = list(
        session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.status == OutboxState.SENDING,
                or_(OutboxMessage.sending_token.is_(None), OutboxMessage.sending_token != token),
            )
        )
    )
    for message in caught:
        message.status = OutboxState.HELD
        message.last_error = _(
            "Relance stopped while sending this message: check your sent mail, then confirm "
            "it was sent or send it again."
        )
    return len(caught)


def _get(session: Session, message_id: int) -> OutboxMessage:
    message = session.get(OutboxMessage, message_id)
    if message is None:
        raise LedgerError(_("This message does not exist."))
    return message


def cancel(session: Session, message_id: int) -> None:
    message = _get(session, message_id)
    if message.status not in (OutboxState.QUEUED, OutboxState.HELD, OutboxState.FAILED):
        raise LedgerError(_("Only a message waiting to be sent can be cancelled."))
    message.status = OutboxState.CANCELLED


def send_again(session: Session, message_id: int) -> None:
    """A held or failed message goes back in the queue, by the user's decision."""
    message = _get(session, message_id)
    if message.status not in (OutboxState.HELD, OutboxState.FAILED):
        raise LedgerError(_("Only a held or failed message can be sent again."))
    message.status, message.next_attempt_at = OutboxState.QUEUED, None


def confirm_sent(
    session: Session, clock: Clock, message_id: int, database_dir: Path, settings: SmtpSettings
) -> None:
    """The user saw that a held message did reach the server: record it as sent."""
    message = _get(session, message_id)
    if message.status != OutboxState.HELD:
        raise LedgerError(_("Only a held message can be confirmed as sent."))
    _mark_sent(session, clock, message, database_dir, settings, confirmed=True)


def _due(session: Session, now: datetime, limit: int) -> list[int]:
    return list(
        session.scalars(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.status == OutboxState.QUEUED,
                or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now),
            )
            .order_by(OutboxMessage.created_at, OutboxMessage.id)
            .limit(limit)
        )
    )


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    retrying: int = 0
    held: int = 0
    last_error: str = ""


def send_pending(
    session_factory: sessionmaker[Session],
    clock: Clock,
    transport_for: Callable[[SmtpSettings], object],
    database_dir: Path,
    *,
    limit: int = 500,
    token: str = PROCESS_TOKEN,
) -> SendReport:
    """Send what is due, one message per transaction around the hand-over to the server."""
    report = SendReport()
    with session_factory.begin() as session:
        report.held = hold_interrupted(session, token)
        settings = load_smtp(session)
        due = _due(session, clock.now(), limit)
    if not due:
        return report
    if not settings.configured:
        report.last_error = _("Email is not set up yet: the messages wait in the outbox.")
        return report
    transport = transport_for(settings)
    try:
        for message_id in due:
            with session_factory.begin() as session:
                message = session.get_one(OutboxMessage, message_id)
                if message.status != OutboxState.QUEUED:
                    continue  # cancelled meanwhile
                if not message.message_id:
                    message.message_id = compose.new_message_id(settings.sender)
                mime = compose.build(message, settings, database_dir)
                message.status, message.sending_token = OutboxState.SENDING, token
                message.attempts += 1
            try:
                transport.send(mime)  # type: ignore[attr-defined]
            except SendError as exc:
                with session_factory.begin() as session:
                    message = session.get_one(OutboxMessage, message_id)
                    _failed(message, str(exc), exc.permanent, clock.now())
                report.last_error = str(exc)
                if exc.permanent:
                    report.failed += 1
                    continue
                report.retrying += 1
                break  # the server is not there: the rest waits for the next round
            with session_factory.begin() as session:
                message = session.get_one(OutboxMessage, message_id)
                _mark_sent(
                    session, clock, message, database_dir, settings, mime_bytes=mime.as_bytes()
                )
            report.sent += 1
    finally:
        close = getattr(transport, "close", None)
        if close is not None:
            close()
    return report


def _failed(message: OutboxMessage, error: str, permanent: bool, now: datetime) -> None:
    message.last_error = error
    message.sending_token = None
    if permanent:
        message.status = OutboxState.FAILED
        return
    message.status = OutboxState.QUEUED
    delay = BACKOFF_MINUTES[min(message.attempts, len(BACKOFF_MINUTES)) - 1]
    message.next_attempt_at = now + timedelta(minutes=delay)


def _mark_sent(
    session: Session,
    clock: Clock,
    message: OutboxMessage,
    database_dir: Path,
    settings: SmtpSettings,
    *,
    mime_bytes: bytes | None = None,
    confirmed: bool = False,
) -> None:
    """Sent: the exact message archived as .eml, and the customer's history told."""
    if mime_bytes is None:
        mime_bytes = compose.build(message, settings, database_dir).as_bytes()
    folder = database_dir / ARCHIVE / "emails" / f"{clock.today():%Y}" / f"{clock.today():%m}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{message.id:08d}.eml"
    path.write_bytes(mime_bytes)
    relative = path.relative_to(database_dir).as_posix()
    message.status, message.sent_at, message.sending_token = OutboxState.SENT, clock.now(), None
    message.last_error = None
    message.archive_path = relative
    template = _("Email sent to {to}: {subject}")
    if confirmed:
        template = _("Email confirmed as sent to {to}: {subject}")
    event = history.record(
        session,
        clock,
        message.customer_id,
        EventKind.EMAIL_SENT,
        template.format(to=message.to_address, subject=message.subject),
        payload={
            "outbox_id": message.id,
            "message_id": message.message_id,
            "sha256": hashlib.sha256(mime_bytes).hexdigest(),
            "reminder_id": message.reminder_id,
        },
    )
    event.document_path = relative


def smtp_transport(settings: SmtpSettings) -> SmtpTransport:
    """The transport for these settings, with the password from the keychain (or the session)."""
    password = keychain.get_password(settings.host, settings.user) if settings.user else None
    return SmtpTransport(settings, password)
