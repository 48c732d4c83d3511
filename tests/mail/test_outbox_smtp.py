"""The outbox against a real SMTP server on 127.0.0.1: delivered once, never twice."""

from __future__ import annotations

import email
import logging
import socket
from collections.abc import Callable, Iterator
from email import policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.dunning import OutboxState
from app.db.migrate import Database
from app.db.models import HistoryEvent, OutboxMessage
from app.domain.calendar import Clock
from app.mail import keychain
from app.mail.config import SmtpSettings
from app.mail.transport import SmtpTransport
from app.services import ledger, outbox, outbox_send
from app.services.ledger import LedgerError
from app.services.smtp_settings import save_smtp

PDF = b"%PDF-1.4\n% Relance test letter \xe2\x82\xac\n%%EOF\n"


class Recorder:
    """Keeps what the server received; can refuse recipients with a 550."""

    def __init__(self) -> None:
        self.received: list[Any] = []
        self.refuse = False

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if self.refuse:
            return "550 5.1.1 <" + address + ">: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(envelope)
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def server(port: int) -> Iterator[Recorder]:
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    yield recorder
    controller.stop()


@pytest.fixture
def mailbox(db: Database, clock: Clock, port: int, tmp_path: Path) -> tuple[Database, int]:
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "letter.pdf").write_bytes(PDF)
    with db.session_factory.begin() as session:
        save_smtp(
            session,
            SmtpSettings(
                host="127.0.0.1",
                port=port,
                security="none",
                sender="relances@bureautique.example",
                sender_name="Bureautique Lyonnaise — Crédit clients",
                reply_to="compta@bureautique.example",
            ),
        )
        customer = ledger.create_customer(session, clock, ref="411DUP", name="Dupont & Fils")
        message = outbox.queue_email(
            session,
            clock,
            customer_id=customer.id,
            to_address="compta@dupont.example",
            to_name="Éloïse Dupont",
            subject="Relance : facture échue — réf. 411DUP",
            body="Madame, Monsieur,\n\nSauf erreur, la facture FA-1 reste due.\n\nCordialement",
            attachment_path="documents/letter.pdf",
        )
        message_id = message.id
    return db, message_id


def send(db: Database, clock: Clock, folder: Path) -> outbox_send.SendReport:
    assert folder == db.path.parent
    return outbox_send.send_pending(db, clock, outbox_send.smtp_transport)


def state(db: Database, message_id: int) -> OutboxMessage:
    with db.session_factory() as session:
        message = session.get_one(OutboxMessage, message_id)
        session.expunge(message)
        return message


def test_a_message_arrives_as_multipart_with_its_attachment_intact(
    server: Recorder, mailbox: tuple[Database, int], clock: Clock, tmp_path: Path
) -> None:
    db, message_id = mailbox
    report = send(db, clock, tmp_path)
    assert (report.sent, report.failed) == (1, 0)
    (envelope,) = server.received
    assert envelope.rcpt_tos == ["compta@dupont.example"]
    parsed = email.message_from_bytes(envelope.content, policy=policy.default)
    assert parsed["Subject"] == "Relance : facture échue — réf. 411DUP"
    assert parsed["From"].addresses[0].display_name == "Bureautique Lyonnaise — Crédit clients"
    assert parsed["To"].addresses[0].display_name == "Éloïse Dupont"
    assert parsed["Reply-To"] == "compta@bureautique.example"
    assert parsed["Message-ID"] == state(db, message_id).message_id
    assert parsed.get_content_type() == "multipart/mixed"
    body = parsed.get_body(preferencelist=("plain",))
    html = parsed.get_body(preferencelist=("html",))
    assert body is not None and "<br>" not in body.get_content()
    assert "la facture FA-1 reste due" in body.get_content()
    assert (
        html is not None and "<p>Sauf erreur, la facture FA-1 reste due.</p>" in html.get_content()
    )
    (attachment,) = list(parsed.iter_attachments())
    assert attachment.get_filename() == "letter.pdf"
    assert attachment.get_content() == PDF  # byte-identical
    sent = state(db, message_id)
    assert sent.status == OutboxState.SENT and sent.attempts == 1
    assert (tmp_path / str(sent.archive_path)).read_bytes().startswith(b"Subject:") or (
        b"Message-ID" in (tmp_path / str(sent.archive_path)).read_bytes()
    )
    with db.session_factory() as session:
        event = session.scalars(select(HistoryEvent).where(HistoryEvent.kind == "email_sent")).one()
        assert event.document_path == sent.archive_path
    assert send(db, clock, tmp_path).sent == 0  # nothing twice
    assert len(server.received) == 1


def test_server_down_then_up_delivers_exactly_once(
    mailbox: tuple[Database, int], clock: Clock, tmp_path: Path, port: int
) -> None:
    db, message_id = mailbox
    report = send(db, clock, tmp_path)
    assert (report.sent, report.retrying) == (0, 1)
    waiting = state(db, message_id)
    assert waiting.status == OutboxState.QUEUED and "cannot be reached" in str(waiting.last_error)
    assert waiting.next_attempt_at is not None
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert send(db, clock, tmp_path).sent == 0  # not before its retry time
        later = Clock.fixed(waiting.next_attempt_at)
        assert send(db, later, tmp_path).sent == 1
        assert send(db, later, tmp_path).sent == 0
    finally:
        controller.stop()
    assert len(recorder.received) == 1
    assert state(db, message_id).attempts == 2


def test_a_550_fails_the_message_with_the_servers_words(
    server: Recorder, mailbox: tuple[Database, int], clock: Clock, tmp_path: Path
) -> None:
    db, message_id = mailbox
    server.refuse = True
    report = send(db, clock, tmp_path)
    assert report.failed == 1
    failed = state(db, message_id)
    assert failed.status == OutboxState.FAILED
    assert failed.last_error.startswith("550 5.1.1 <compta@dupont.example>: mailbox unavailable")
    assert server.received == []


def test_a_message_caught_sending_by_a_crash_is_held_not_resent(
    server: Recorder, mailbox: tuple[Database, int], clock: Clock, tmp_path: Path
) -> None:
    db, message_id = mailbox
    with db.session_factory.begin() as session:  # a previous process died mid-send
        message = session.get_one(OutboxMessage, message_id)
        message.status, message.sending_token, message.attempts = "sending", "dead-process", 1
    report = send(db, clock, tmp_path)
    assert (report.held, report.sent) == (1, 0)
    held = state(db, message_id)
    assert held.status == OutboxState.HELD and "check your sent mail" in str(held.last_error)
    assert server.received == []
    with db.session_factory.begin() as session:
        outbox.send_again(session, clock, message_id, db.path.parent)
    assert send(db, clock, tmp_path).sent == 1
    assert len(server.received) == 1


def test_confirming_a_held_message_records_it_without_sending(
    server: Recorder, mailbox: tuple[Database, int], clock: Clock, tmp_path: Path
) -> None:
    db, message_id = mailbox
    with db.session_factory.begin() as session:
        message = session.get_one(OutboxMessage, message_id)
        message.status = OutboxState.HELD
        from app.services.smtp_settings import load_smtp

        outbox.confirm_sent(session, clock, message_id, tmp_path, load_smtp(session))
    assert state(db, message_id).status == OutboxState.SENT
    assert server.received == []


def test_cancel_and_bad_addresses(
    db: Database, clock: Clock, mailbox: tuple[Database, int]
) -> None:
    _db, message_id = mailbox
    with db.session_factory.begin() as session:
        outbox.cancel(session, clock, message_id, db.path.parent)
        customer = ledger.customer_by_ref(session, "411DUP")
        with pytest.raises(LedgerError, match="is not an email address"):
            outbox.queue_email(
                session,
                clock,
                customer_id=customer.id,
                to_address="compta at dupont",
                to_name="",
                subject="Relance",
                body="…",
            )
    assert state(db, message_id).status == OutboxState.CANCELLED


def test_the_password_lives_in_the_keychain_only(
    server: Recorder,
    mailbox: tuple[Database, int],
    clock: Clock,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    db, _message_id = mailbox
    secret = "s3cret-Relance-pw-\u00e9"
    with db.session_factory.begin() as session:
        from app.services.smtp_settings import load_smtp
        from app.services.smtp_settings import save_smtp as save

        settings = load_smtp(session)
        save(session, SmtpSettings(**{**settings.__dict__, "user": "relances@bureautique.example"}))
    keychain.set_password("127.0.0.1", "relances@bureautique.example", secret)
    assert keychain.get_password("127.0.0.1", "relances@bureautique.example") == secret
    caplog.set_level(logging.DEBUG)
    send(db, clock, tmp_path)  # the local server offers no login: the attempt fails politely
    db_bytes = Path(db.path).read_bytes()
    for suffix in ("-wal",):
        wal = Path(f"{db.path}{suffix}")
        if wal.exists():
            db_bytes += wal.read_bytes()
    assert secret.encode() not in db_bytes
    assert secret not in caplog.text
    for log in tmp_path.rglob("*.log"):
        assert secret not in log.read_text(errors="replace")


def test_test_connection_speaks_plainly(port: int, server: Recorder) -> None:
    ok = SmtpTransport(SmtpSettings(host="127.0.0.1", port=port, security="none"), None).test()
    assert ok == "Connected to 127.0.0.1: the server accepts Relance's messages."
    closed = free_port()
    down = SmtpTransport(SmtpSettings(host="127.0.0.1", port=closed, security="none"), None)
    assert down.test() == (
        f"The server 127.0.0.1:{closed} cannot be reached: nothing answers on port {closed}."
    )
    unknown = SmtpSettings(host="smtp.nowhere.invalid", port=587, security="starttls")
    said = SmtpTransport(unknown, None, timeout=5).test()
    assert said.startswith("The server smtp.nowhere.invalid:587 cannot be reached: the name")
    assert "gaierror" not in said


def test_a_server_without_starttls_is_not_used_in_clear(port: int, server: Recorder) -> None:
    settings = SmtpSettings(host="127.0.0.1", port=port, security="starttls", user="me")
    said = SmtpTransport(settings, "secret").test()
    assert "does not offer STARTTLS" in said


def test_a_last_reminder_by_email_carries_the_letter_and_the_statement(
    server: Recorder,
    db: Database,
    clock: Clock,
    port: int,
    tmp_path: Path,
    sign_letters: Callable[[Session], object],
) -> None:
    import io
    from datetime import timedelta

    import pdfplumber

    from app.db.models import Contact
    from app.services.dunning import at_level, propose
    from app.services.dunning_run import run_reminders

    today = clock.today()
    with db.session_factory.begin() as session:
        sign_letters(session)
        save_smtp(
            session,
            SmtpSettings(host="127.0.0.1", port=port, security="none", sender="r@b.example"),
        )
        customer = ledger.create_customer(session, clock, ref="411STA", name="Statement SA")
        session.add(
            Contact(
                customer_id=customer.id,
                name="Compta",
                email="c@sta.example",
                is_primary=True,
                preferred_channel="email",
            )
        )
        for n, late in enumerate((40, 5, -10), start=1):
            ledger.add_invoice(
                session,
                clock,
                customer_id=customer.id,
                number=f"ST-{n}",
                issue_date=today - timedelta(days=30 + late),
                due_date=today - timedelta(days=late),
                amount_cents=10_000 * n,
            )
        item = next(
            p for p in propose(session, today).proposals if p.proposal.customer.ref == "411STA"
        )
        last = at_level(session, item, 4, today)
        assert last.proposal.level.attach_statement
        run_reminders(session, clock, [last], as_of=today, database_dir=tmp_path, letters_pdf=None)
    assert send(db, clock, tmp_path).sent == 1
    (envelope,) = server.received
    parsed = email.message_from_bytes(envelope.content, policy=policy.default)
    attachments = {a.get_filename(): a.get_content() for a in parsed.iter_attachments()}
    assert len(attachments) == 2
    statement = next(data for name, data in attachments.items() if name.endswith("releve.pdf"))
    with pdfplumber.open(io.BytesIO(statement)) as pdf:
        text = pdf.pages[0].extract_text() or ""
    assert "ST-1" in text and "ST-2" in text and "ST-3" in text  # every open invoice, due or not
    said = " ".join(text.replace("\u00a0", " ").split())
    # Beside a last reminder, the statement asks for what is due; it does not say "no action".
    assert "n’appelle aucune démarche" not in said and "requires no action" not in said
    assert "arrivés à échéance" in said or "has fallen due" in said
    with db.session_factory() as session:
        message = session.scalars(select(OutboxMessage)).one()
        archived = (tmp_path / str(message.extra_attachments[0])).read_bytes()
    assert archived == statement  # byte-identical
