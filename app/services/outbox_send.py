"""Sending the outbox: every message handed to the server once, and never twice.

The rule, in the order things happen to one message:

1. *Claim.* One conditional update, `queued → sending` with this round's token, checked by its
   row count, in its own write transaction: of two senders (two processes, the command line and
   the window, "Send now" and the background round), exactly one gets each message.
2. *Build.* A message that cannot be built (a missing attachment, a header the mail format
   refuses) fails alone, with its reason; the others go.
3. *Log.* "handing" is written and flushed to the send log outside the database.
4. *Hand over.* Then, by what the server said (`transport.Failure`): accepted → archived as
   .eml, logged, marked sent; refused for now → queued again with a growing delay (the round
   goes on, unless the server itself is not there); refused for good → failed with the
   server's words; the connection lost after DATA → *held*, because the server may have it.

A message left in "sending" by a process that stopped, or known to the send log but not to the
database (a backup restored), is settled from the log: sent if the server accepted it, held if it
was handed over without an answer, cancelled if the user had cancelled it. Only the holder of
the database's sending lock settles or sends, so nobody holds a message another live process is
handing over.

Limits: exactly once holds between Relance and the server. Between "the server accepted" and the
log line saying so, a crash leaves the message held (for the user, not resent). A database
copied to another computer without its `documents/` folder has no send log there.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Protocol, cast

from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.db.dunning import OutboxState
from app.db.lock import DatabaseLock
from app.db.migrate import Database
from app.db.models import OutboxMessage
from app.domain.calendar import Clock
from app.i18n import N_, _
from app.mail import compose, keychain
from app.mail.config import SmtpSettings
from app.mail.sendlog import SENT_EVENTS, UNKNOWN_EVENTS, Event, SendLog
from app.mail.transport import Failure, SendError, SmtpTransport, wire_bytes
from app.services.demo_book import is_demo_book
from app.services.outbox import archive_email, record_sent, send_log
from app.services.smtp_settings import load_smtp

log = logging.getLogger(__name__)

HOST = hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]
# which process holds a message in "sending": this computer, this process, this run
PROCESS_TOKEN = f"{HOST}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
BACKOFF_MINUTES = (1, 5, 15, 30, 60)  # then every hour
OTHER_HOST_GRACE = timedelta(minutes=15)  # a hand-over elsewhere is over by then, one way or other


class Transport(Protocol):
    def send(self, message: EmailMessage) -> str: ...

    def close(self) -> None: ...


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    retrying: int = 0
    held: int = 0
    busy: bool = False  # another sender holds this database's outbox
    last_error: str = ""


def sending_now() -> str:
    """Why a restore waits: a sender at work on this database (its messages would be undone)."""
    return _("Relance is sending this database's emails right now: try again when it has finished.")


def sending_lock(db_path: Path) -> DatabaseLock:
    """Held by whoever sends: one lock per send log, so that two copies of a database in one
    folder (which share their `documents/`) never send at the same time either."""
    log_path = send_log(db_path.resolve().parent).path
    log_path.parent.mkdir(parents=True, exist_ok=True)
    return DatabaseLock(log_path, ".lock")


def _elsewhere(token: str | None) -> bool:
    """Claimed by another computer (sharing the database): its hand-over may still be running."""
    return bool(token) and ":" in str(token) and not str(token).startswith(HOST + ":")


def smtp_transport(settings: SmtpSettings) -> SmtpTransport:
    """The transport for these settings, with the password from the keychain (or the session)."""
    password = keychain.get_password(settings.host, settings.user) if settings.user else None
    return SmtpTransport(settings, password)


def demo_refusal() -> str:
    return _("This is the demo book: its emails are never sent.")


def setup_problem(settings: SmtpSettings, *, demo: bool = False) -> str | None:
    """Why nothing can be sent whatever the server says, in a few words, or None."""
    if demo:
        return _("demo book: emails are never sent")
    if not settings.configured:
        return _("set up email")
    if settings.user and not keychain.get_password(settings.host, settings.user):
        return _("no password: give it in the email settings")
    return None


def claim(
    session_factory: sessionmaker[Session],
    message_id: int,
    token: str,
    now: datetime | None = None,
) -> bool:
    """Take one queued message for sending; False when someone else took it (or cancelled it)."""
    with session_factory.begin() as session:
        result = cast(
            CursorResult[Any],
            session.connection().execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxState.QUEUED)
                .values(
                    status=OutboxState.SENDING,
                    sending_token=token,
                    attempts=OutboxMessage.attempts + 1,
                    next_attempt_at=now,  # while sending: when it was claimed
                )
            ),
        )
        return result.rowcount == 1


HELD_AFTER_STOP = N_(
    "Relance stopped while sending this message: check your sent mail, then confirm it was "
    "sent or send it again."
)


def _hold(message: OutboxMessage, reason: str) -> None:
    message.status, message.sending_token, message.last_error = OutboxState.HELD, None, reason


def settle(session: Session, clock: Clock, database_dir: Path) -> int:
    """Messages the database and the send log disagree on, and messages a stopped process left
    in "sending", settled by the log. Only for the holder of the sending lock. Returns how many
    are now held.

    - the server accepted it (or the user confirmed it): sent;
    - the user cancelled it: cancelled (waiting, held or failed alike);
    - handed over without an answer: held for the user;
    - left in "sending" but never handed over (the log, written before every hand-over, does
      not say so): back in the queue; without a log to tell: held;
    - claimed by another computer less than a quarter of an hour ago: left alone.
    """
    open_states = (OutboxState.QUEUED, OutboxState.SENDING, OutboxState.HELD, OutboxState.FAILED)
    messages = list(
        session.scalars(select(OutboxMessage).where(OutboxMessage.status.in_(open_states)))
    )
    journal = send_log(database_dir)
    known = journal.last_events({m.message_id for m in messages if m.message_id})
    held = 0
    now = clock.now()
    for message in messages:
        entry = known.get(message.message_id or "")
        event = entry.event if entry is not None else None
        if entry is not None and event in SENT_EVENTS:
            path = entry.detail if entry.detail and (database_dir / entry.detail).is_file() else ""
            digest = (
                hashlib.sha256((database_dir / path).read_bytes()).hexdigest() if path else None
            )
            record_sent(session, clock, message, path or None, digest, from_log=True)
        elif event is Event.CANCELLED:
            if message.status != OutboxState.SENDING:
                message.status = OutboxState.CANCELLED
        elif message.status == OutboxState.SENDING:
            claimed = message.next_attempt_at
            if _elsewhere(message.sending_token) and (
                claimed is None or now - claimed < OTHER_HOST_GRACE
            ):
                continue
            if event in UNKNOWN_EVENTS or not journal.path.exists():
                _hold(message, _(HELD_AFTER_STOP))
                held += 1
            else:  # never handed over
                message.status, message.sending_token = OutboxState.QUEUED, None
                message.next_attempt_at = None
        elif event in UNKNOWN_EVENTS and message.status == OutboxState.QUEUED:
            _hold(message, _(HELD_AFTER_STOP))
            held += 1
    return held


def _log_is_missing(session: Session, database_dir: Path) -> bool:
    """This database has sent before, but neither its send log nor any of its archived emails
    is here: it was moved or copied without its `documents/` folder (or is a backup opened
    elsewhere), and what it sent after its last save is unknown here."""
    if send_log(database_dir).path.exists():
        return False
    archived = list(
        session.scalars(
            select(OutboxMessage.archive_path)
            .where(OutboxMessage.status == OutboxState.SENT)
            .limit(50)
        )
    )
    if not archived:
        return bool(
            session.scalar(select(OutboxMessage.id).where(OutboxMessage.status == OutboxState.SENT))
        )
    return not any(path and (database_dir / path).is_file() for path in archived)


def settle_now(database: Database, clock: Clock) -> int:
    """`settle`, if no other sender is at work on this database (else it will do it)."""
    with sending_lock(database.path) as lock:
        if not lock.acquire():
            return 0
        with database.session_factory.begin() as session:
            return settle(session, clock, database.path.parent)


def _due(session: Session, now: datetime, limit: int) -> list[int]:
    return list(
        session.scalars(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.status == OutboxState.QUEUED,
                or_(
                    OutboxMessage.next_attempt_at.is_(None),
                    OutboxMessage.next_attempt_at <= now,
                    # further than the longest delay: the clock was set back since
                    OutboxMessage.next_attempt_at > now + timedelta(minutes=BACKOFF_MINUTES[-1]),
                ),
            )
            .order_by(OutboxMessage.created_at, OutboxMessage.id)
            .limit(limit)
        )
    )


def send_pending(
    database: Database,
    clock: Clock,
    transport_for: Callable[[SmtpSettings], Transport],
    *,
    limit: int = 500,
    token: str = PROCESS_TOKEN,
) -> SendReport:
    """Send what is due, if no other sender is at work on this database."""
    report = SendReport()
    with sending_lock(database.path) as lock:
        if not lock.acquire():
            report.busy = True
            report.last_error = _(
                "The outbox is being sent right now (by the background round or another "
                "Relance): nothing more was sent from here."
            )
            return report
        _Round(database, clock, token, report).run(transport_for, limit)
    return report


class _Round:
    def __init__(self, database: Database, clock: Clock, token: str, report: SendReport) -> None:
        self.sessions = database.session_factory
        self.folder = database.path.parent
        self.log: SendLog = send_log(self.folder)
        self.clock, self.token, self.report = clock, token, report

    def run(self, transport_for: Callable[[SmtpSettings], Transport], limit: int) -> None:
        with self.sessions.begin() as session:
            if _log_is_missing(session, self.folder):
                self.report.last_error = _(
                    "This book has sent emails before, but its send log ({path}) is not "
                    "beside it: Relance cannot tell what already went out, so it sends nothing. "
                    "Open the book from its own folder, with its documents folder."
                ).format(path=send_log(self.folder).path)
                return
            self.report.held = settle(session, self.clock, self.folder)
            settings = load_smtp(session)
            due = _due(session, self.clock.now(), limit)
            demo = is_demo_book(session)
        if not due:
            return
        if demo:  # its addresses are fictitious, and none of it may reach a real person
            self.report.last_error = demo_refusal()
            return
        if not settings.configured:
            self.report.last_error = _("Email is not set up yet: the messages wait in the outbox.")
            return
        transport = transport_for(settings)
        try:
            for message_id in due:
                if not claim(self.sessions, message_id, self.token, self.clock.now()):
                    continue  # another sender took it, or it was cancelled meanwhile
                mime = self._build(message_id, settings)
                if mime is None:
                    continue
                if not self._hand_over(transport, message_id, mime):
                    break
        finally:
            transport.close()

    def _build(self, message_id: int, settings: SmtpSettings) -> EmailMessage | None:
        """The MIME message, or None when it cannot be made: then it fails alone, with why."""
        with self.sessions.begin() as session:
            message = session.get_one(OutboxMessage, message_id)
            if not message.message_id:
                message.message_id = compose.new_message_id(settings.sender)
            try:
                return compose.build(message, settings, self.folder)
            except compose.BuildError as exc:
                reason = str(exc)
            message.status, message.sending_token = OutboxState.FAILED, None
            message.last_error = reason
        self.report.failed += 1
        self.report.last_error = reason
        return None

    def _note(self, event: Event, key: str, message_id: int, detail: str = "") -> str:
        """Write to the send log; the error in words if the disk refused, else ""."""
        try:
            self.log.write(event, key, message_id, detail, now=self.clock.now())
        except OSError as exc:
            log.warning("the send log cannot be written: %s", exc)
            return exc.strerror or type(exc).__name__
        return ""

    def _hand_over(self, transport: Transport, message_id: int, mime: EmailMessage) -> bool:
        """One message to the server and its outcome recorded; False to stop the round."""
        message_key = str(mime["Message-ID"])
        error = self._note(Event.HANDING, message_key, message_id)
        if error:  # not handed over: back in the queue, and nothing more this round
            with self.sessions.begin() as session:
                message = session.get_one(OutboxMessage, message_id)
                message.status, message.sending_token = OutboxState.QUEUED, None
            self.report.last_error = _(
                "The send log cannot be written ({error}): nothing was sent. Free some disk "
                "space; the messages wait in the outbox."
            ).format(error=error)
            return False
        try:
            transport.send(mime)
        except SendError as exc:
            return self._not_sent(message_id, message_key, exc)
        except Exception:  # a fault of ours after the hand-over began: the server may have it
            log.exception("sending an email failed unexpectedly")
            unknown = SendError(
                _("An unexpected error interrupted the sending."), failure=Failure.UNCERTAIN
            )
            return self._not_sent(message_id, message_key, unknown)
        data = wire_bytes(mime)
        with self.sessions.begin() as session:
            message = session.get_one(OutboxMessage, message_id)
            try:
                relative: str | None = archive_email(self.folder, self.clock, message, data)
            except OSError as exc:
                relative = None
                self.report.last_error = _(
                    "A message was sent, but its copy could not be archived ({error})."
                ).format(error=exc.strerror or type(exc).__name__)
            self._note(Event.ACCEPTED, message_key, message_id, relative or "")
            record_sent(session, self.clock, message, relative, hashlib.sha256(data).hexdigest())
        self.report.sent += 1
        return True

    def _not_sent(self, message_id: int, message_key: str, exc: SendError) -> bool:
        now = self.clock.now()
        event = {
            Failure.UNCERTAIN: Event.UNCERTAIN,
            Failure.PERMANENT: Event.REFUSED,
        }.get(exc.failure, Event.RETRY)
        self._note(event, message_key, message_id, str(exc))
        with self.sessions.begin() as session:
            message = session.get_one(OutboxMessage, message_id)
            message.sending_token = None
            if exc.failure is Failure.UNCERTAIN:
                _hold(
                    message,
                    str(exc)
                    + " "
                    + _("Check your sent mail, then confirm it was sent or send it again."),
                )
            elif exc.failure is Failure.PERMANENT:
                message.status, message.last_error = OutboxState.FAILED, str(exc)
            else:
                message.status, message.last_error = OutboxState.QUEUED, str(exc)
                delay = BACKOFF_MINUTES[min(message.attempts, len(BACKOFF_MINUTES)) - 1]
                message.next_attempt_at = now + timedelta(minutes=delay)
        self.report.last_error = str(exc)
        if exc.failure is Failure.UNCERTAIN:
            self.report.held += 1
            return False
        if exc.failure is Failure.PERMANENT:
            self.report.failed += 1
            return True
        self.report.retrying += 1
        return exc.failure is Failure.MESSAGE
