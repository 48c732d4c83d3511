"""The outbox under faults: a real SMTP server (aiosmtpd, on 127.0.0.1) that drops the connection
after DATA, stalls, greylists, or presents a certificate nobody should trust; two senders at once;
a backup restored after messages went out; messages that cannot be built.

Every check counts what the *server* received, by Message-ID: "never twice" is about the wire.
"""

from __future__ import annotations

import asyncio
import email
import shutil
import ssl
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime
from email import policy
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import select

from app.db.backup import backup_database
from app.db.dunning import OutboxState
from app.db.migrate import Database, open_database
from app.db.models import HistoryEvent, OutboxMessage
from app.domain.calendar import Clock
from app.mail.config import SmtpSettings
from app.mail.sendlog import Event
from app.mail.transport import SmtpTransport
from app.services import ledger, outbox, outbox_send
from app.services.ledger import LedgerError
from app.services.settings import SettingsError
from app.services.smtp_settings import save_smtp
from tests.child_env import english_env
from tests.mail.test_outbox_smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
SENDER = "relances@bureautique.example"


class Server:
    """What an SMTP server received, and how it misbehaves."""

    def __init__(self) -> None:
        self.received: list[bytes] = []
        self.mode = "ok"  # ok | drop (after DATA) | stall (after DATA)
        self.greylisted: set[str] = set()
        self.logins: list[tuple[str, str]] = []

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.greylisted:
            return "451 4.7.1 Greylisted, please try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(envelope.content)  # the server has it, whatever happens next
        if self.mode == "drop":
            server.transport.close()
        elif self.mode == "stall":
            await asyncio.sleep(3)
        return "250 2.0.0 Queued"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        assert isinstance(data, LoginPassword)
        self.logins.append((data.login.decode(), data.password.decode()))
        return AuthResult(success=True)

    def message_ids(self) -> Counter[str]:
        return Counter(
            str(email.message_from_bytes(raw, policy=policy.default)["Message-ID"])
            for raw in self.received
        )


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def server(port: int) -> Iterator[Server]:
    recorder = Server()
    controller = Controller(
        recorder,
        hostname="127.0.0.1",
        port=port,
        authenticator=recorder.authenticate,
        auth_require_tls=False,
    )
    controller.start()
    yield recorder
    controller.stop()


def configure(db: Database, port: int, **changes: Any) -> None:
    fields: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": port,
        "security": "none",
        "sender": SENDER,
        "sender_name": "Bureautique Lyonnaise",
    }
    fields.update(changes)
    with db.session_factory.begin() as session:
        save_smtp(session, SmtpSettings(**fields))


def queue(
    db: Database, clock: Clock, count: int, *, to: str = "compta@dupont.example"
) -> list[int]:
    with db.session_factory.begin() as session:
        customer = ledger.create_customer(
            session, clock, ref=f"411C{count}{to[:3]}", name="Dupont & Fils"
        )
        ids = [
            outbox.queue_email(
                session,
                clock,
                customer_id=customer.id,
                to_address=to,
                to_name="Éloïse Dupont",
                subject=f"Relance {n}",
                body=f"Madame, Monsieur,\n\nMessage {n}.\n\nCordialement",
            ).id
            for n in range(count)
        ]
    return ids


def states(db: Database) -> Counter[str]:
    with db.session_factory() as session:
        return Counter(session.scalars(select(OutboxMessage.status)))


def row(db: Database, message_id: int) -> OutboxMessage:
    with db.session_factory() as session:
        message = session.get_one(OutboxMessage, message_id)
        session.expunge(message)
        return message


def send(
    db: Database, clock: Clock, transport_for: Callable[[SmtpSettings], Any] | None = None
) -> outbox_send.SendReport:
    return outbox_send.send_pending(db, clock, transport_for or outbox_send.smtp_transport)


def later(clock: Clock, minutes: int) -> Clock:
    from datetime import timedelta

    return Clock.fixed(clock.now() + timedelta(minutes=minutes))


# -- after DATA: perhaps delivered, so held -------------------------------------------------------


def test_a_connection_dropped_after_data_holds_the_message_instead_of_resending_it(
    server: Server, db: Database, clock: Clock, port: int
) -> None:
    configure(db, port)
    (message_id,) = queue(db, clock, 1)
    server.mode = "drop"
    report = send(db, clock)
    assert (report.sent, report.held) == (0, 1)
    held = row(db, message_id)
    assert held.status == OutboxState.HELD
    assert "may have been delivered" in str(held.last_error)
    for minutes in (5, 60, 600):  # three more rounds, long after any retry delay
        send(db, later(clock, minutes))
    assert list(server.message_ids().values()) == [1]
    server.mode = "ok"
    with db.session_factory.begin() as session:  # the user looked: it did not arrive
        outbox.send_again(session, clock, message_id, db.path.parent)
    assert send(db, later(clock, 700)).sent == 1
    assert list(server.message_ids().values()) == [2]  # twice only because the user said so


def test_a_server_silent_after_data_holds_the_message(
    server: Server, db: Database, clock: Clock, port: int
) -> None:
    configure(db, port)
    first, second = queue(db, clock, 2)
    server.mode = "stall"
    report = send(db, clock, lambda s: SmtpTransport(s, None, timeout=1))
    assert (report.sent, report.held) == (0, 1)
    assert row(db, first).status == OutboxState.HELD
    assert row(db, second).status == OutboxState.QUEUED  # not handed over: waits, untouched
    server.mode = "ok"
    assert send(db, later(clock, 1)).sent == 1
    assert row(db, first).status == OutboxState.HELD
    assert sorted(server.message_ids().values()) == [1, 1]


def test_a_greylisted_recipient_waits_while_the_others_go(
    server: Server, db: Database, clock: Clock, port: int
) -> None:
    configure(db, port)
    (grey,) = queue(db, clock, 1, to="grey@slow.example")
    others = queue(db, clock, 3)
    server.greylisted.add("grey@slow.example")
    report = send(db, clock)
    assert (report.sent, report.retrying) == (3, 1)
    waiting = row(db, grey)
    assert waiting.status == OutboxState.QUEUED and waiting.last_error.startswith("451 4.7.1")
    assert all(row(db, i).status == OutboxState.SENT for i in others)
    server.greylisted.clear()
    assert waiting.next_attempt_at is not None
    assert send(db, Clock.fixed(waiting.next_attempt_at)).sent == 1
    assert sorted(server.message_ids().values()) == [1, 1, 1, 1]


# -- messages that cannot be built -----------------------------------------------------------------


def test_a_message_that_cannot_be_built_fails_alone(
    server: Server, db: Database, clock: Clock, port: int
) -> None:
    configure(db, port)
    broken_name, missing_file, good = queue(db, clock, 3)
    with db.session_factory.begin() as session:  # as an older version could have stored them
        session.get_one(OutboxMessage, broken_name).to_name = "Dupont\r\nBcc: all@evil.example"
        session.get_one(OutboxMessage, missing_file).attachment_path = "documents/gone.pdf"
    report = send(db, clock)
    assert (report.sent, report.failed) == (1, 2)
    assert row(db, good).status == OutboxState.SENT
    assert "line break" in str(row(db, broken_name).last_error)
    assert "gone.pdf is missing" in str(row(db, missing_file).last_error)
    assert row(db, broken_name).status == row(db, missing_file).status == OutboxState.FAILED
    assert len(server.received) == 1
    assert b"evil.example" not in server.received[0]


# -- the login and the wire ------------------------------------------------------------------------


def test_the_login_is_sent_as_typed(
    server: Server, db: Database, clock: Clock, port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(db, port, user="jdupont")
    queue(db, clock, 1)
    report = send(db, clock, lambda s: SmtpTransport(s, "secret"))
    assert report.sent == 1
    assert server.logins == [("jdupont", "secret")]  # not "jdupont@gmail.com"


def test_no_password_goes_unencrypted_to_another_computer(db: Database, clock: Clock) -> None:
    settings = SmtpSettings(host="192.0.2.10", port=25, security="none", user="me", sender=SENDER)
    said = SmtpTransport(settings, "secret", timeout=1).test()
    assert "does not send a password unencrypted to 192.0.2.10" in said
    local = SmtpSettings(host="localhost", port=free_port(), security="none", user="me")
    assert "unencrypted" not in SmtpTransport(local, "secret", timeout=1).test()


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


def _tls_server(certificate: trustme.LeafCert, *, implicit: bool) -> tuple[Server, Controller, int]:
    recorder = Server()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate.configure_cert(context)
    port = free_port()
    options: dict[str, Any] = {"authenticator": recorder.authenticate}
    if implicit:  # aiosmtpd offers AUTH over implicit TLS only when told it may
        options.update(ssl_context=context, auth_require_tls=False)
    else:
        options.update(tls_context=context, require_starttls=True)
    controller = Controller(recorder, hostname="127.0.0.1", port=port, **options)
    controller.start()
    return recorder, controller, port


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_a_certificate_for_another_name_gets_neither_password_nor_message(
    db: Database, clock: Clock, security: str, authority: trustme.CA
) -> None:
    impostor = trustme.CA().issue_cert("smtp.other.example")  # nobody trusts this authority
    recorder, controller, port = _tls_server(impostor, implicit=security == "ssl")
    try:
        configure(db, port, security=security, user="jdupont")
        (message_id,) = queue(db, clock, 1)
        report = send(db, clock, lambda s: SmtpTransport(s, "secret"))
    finally:
        controller.stop()
    assert report.sent == 0
    waiting = row(db, message_id)
    assert waiting.status == OutboxState.QUEUED
    assert "certificate that cannot be trusted" in str(waiting.last_error)
    assert recorder.logins == [] and recorder.received == []


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_a_trusted_certificate_carries_the_login_and_the_message(
    db: Database, clock: Clock, security: str, authority: trustme.CA
) -> None:
    recorder, controller, port = _tls_server(
        authority.issue_cert("127.0.0.1"), implicit=security == "ssl"
    )
    client = ssl.create_default_context()
    authority.configure_trust(client)
    try:
        configure(db, port, security=security, user="jdupont")
        queue(db, clock, 1)
        report = send(db, clock, lambda s: SmtpTransport(s, "secret", context=client))
    finally:
        controller.stop()
    assert report.sent == 1
    assert recorder.logins == [("jdupont", "secret")] and len(recorder.received) == 1


def test_the_system_trust_store_is_used_by_default(
    authority: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SSL_CERT_FILE is how OpenSSL is told where the trusted authorities are: the default
    context reads it, so Relance verifies against what the system trusts."""
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    _recorder, controller, port = _tls_server(authority.issue_cert("127.0.0.1"), implicit=False)
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    try:
        settings = SmtpSettings(host="127.0.0.1", port=port, security="starttls", sender=SENDER)
        assert "Connected to 127.0.0.1" in SmtpTransport(settings, None).test()
    finally:
        controller.stop()


# -- two senders at once ---------------------------------------------------------------------------


def test_each_message_is_claimed_by_exactly_one_of_many_threads(db: Database, clock: Clock) -> None:
    ids = queue(db, clock, 200)
    claimed: dict[str, list[int]] = {f"t{n}": [] for n in range(8)}
    start = threading.Barrier(len(claimed))

    def worker(token: str) -> None:
        start.wait()
        for message_id in ids:
            if outbox_send.claim(db.session_factory, message_id, token):
                claimed[token].append(message_id)

    threads = [threading.Thread(target=worker, args=(t,)) for t in claimed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    everything = [i for got in claimed.values() for i in got]
    assert sorted(everything) == ids  # all claimed, none twice
    assert sum(1 for got in claimed.values() if got) > 1  # they did race
    assert states(db) == Counter({OutboxState.SENDING: 200})


CLAIMER = """
import sys
from pathlib import Path
from app.db.migrate import open_database
from app.services.outbox_send import claim
database = open_database(Path(sys.argv[1]), backup=False)
ids = [int(i) for i in sys.argv[3].split(",")]
print(",".join(str(i) for i in ids if claim(database.session_factory, i, sys.argv[2])))
"""


def test_each_message_is_claimed_by_exactly_one_of_several_processes(
    db: Database, clock: Clock
) -> None:
    ids = queue(db, clock, 150)
    arguments = ",".join(map(str, ids))
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CLAIMER, str(db.path), f"p{n}", arguments],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(3)
    ]
    outputs = [child.communicate(timeout=60)[0].strip() for child in children]
    assert all(child.returncode == 0 for child in children)
    everything = sorted(int(i) for out in outputs if out for i in out.split(","))
    assert everything == ids


def test_two_command_lines_and_two_threads_never_deliver_a_message_twice(
    server: Server, db: Database, clock: Clock, port: int
) -> None:
    configure(db, port)
    ids = queue(db, clock, 80)
    command = [sys.executable, "main.py", "--db", str(db.path), "outbox", "send"]
    children = [
        subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    reports: list[outbox_send.SendReport] = []
    threads = [threading.Thread(target=lambda: reports.append(send(db, clock))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for child in children:
        child.communicate(timeout=120)
    send(db, clock)  # whoever was turned away: the rest goes now
    assert len(server.received) == len(ids)
    assert set(server.message_ids().values()) == {1}
    assert states(db) == Counter({OutboxState.SENT: 80})


def test_a_sender_turned_away_says_so(
    server: Server, db: Database, clock: Clock, port: int
) -> None:
    configure(db, port)
    queue(db, clock, 1)
    with outbox_send.sending_lock(db.path) as lock:
        assert lock.acquire()
        report = send(db, clock)
        command = [sys.executable, "main.py", "--db", str(db.path), "outbox", "send"]
        child = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=60, env=english_env()
        )
    assert report.busy and report.sent == 0 and server.received == []
    assert child.returncode == 1 and "being sent right now" in child.stderr


# -- the send log outside the database -------------------------------------------------------------


def test_restoring_a_backup_never_resends_what_went_out_after_it(
    server: Server, db: Database, clock: Clock, port: int, tmp_path: Path
) -> None:
    configure(db, port)
    ids = queue(db, clock, 10)
    backup = backup_database(db.path, reason="manual")
    assert send(db, clock).sent == 10
    db.dispose()
    from app.db.restore import restore_database

    restore_database(backup, db.path)
    restored = open_database(db.path, backup=False)
    try:
        assert states(restored) == Counter({OutboxState.QUEUED: 10})  # the database forgot
        report = send(restored, later(clock, 60))
        assert report.sent == 0
        assert states(restored) == Counter({OutboxState.SENT: 10})
        with restored.session_factory() as session:
            texts = list(
                session.scalars(
                    select(HistoryEvent.summary).where(HistoryEvent.kind == "email_sent")
                )
            )
        assert len(texts) == 10 and all("found in the send log" in t for t in texts)
        assert all(row(restored, i).archive_path for i in ids)
    finally:
        restored.dispose()
    assert len(server.received) == 10


def test_a_message_handed_over_by_a_process_that_died_is_held_and_one_accepted_is_sent(
    server: Server, db: Database, clock: Clock, port: int
) -> None:
    configure(db, port)
    handed, accepted, cancelled = queue(db, clock, 3)
    log = outbox.send_log(db.path.parent)
    with db.session_factory.begin() as session:
        for message_id in (handed, accepted):  # the dead process had claimed both
            message = session.get_one(OutboxMessage, message_id)
            message.status, message.sending_token = OutboxState.SENDING, "dead"
            log.write(Event.HANDING, str(message.message_id), message_id, now=clock.now())
        message = session.get_one(OutboxMessage, accepted)
        log.write(Event.ACCEPTED, str(message.message_id), accepted, now=clock.now())
        gone = session.get_one(OutboxMessage, cancelled)
        log.write(Event.CANCELLED, str(gone.message_id), cancelled, now=clock.now())
    with log.path.open("a") as handle:
        handle.write("2026-12-01T10:00:00\tacc")  # a line cut by the crash
    report = send(db, clock)
    assert report.sent == 0 and report.held == 1
    assert row(db, handed).status == OutboxState.HELD
    assert row(db, accepted).status == OutboxState.SENT
    assert row(db, cancelled).status == OutboxState.CANCELLED
    assert server.received == []


# -- kill -9 while sending -------------------------------------------------------------------------

SENDER_SCRIPT = """
import sys
from pathlib import Path
from app.db.migrate import open_database
from app.domain.calendar import Clock
from app.services import outbox_send
database = open_database(Path(sys.argv[1]), backup=False)
print("ready", flush=True)
while outbox_send.send_pending(database, Clock(), outbox_send.smtp_transport).sent:
    pass
"""


@pytest.mark.long
def test_kill_9_while_sending_never_delivers_twice_and_never_loses_a_message(
    server: Server, db: Database, clock: Clock, port: int
) -> None:
    """A sender killed at random moments: what the server got is sent or held, never queued
    again; the rest goes; nothing arrives twice unless the user sends a held message again."""
    import random

    configure(db, port)
    queue(db, Clock(), 60)
    db.dispose()
    chance = random.Random(14)
    for _round in range(20):
        child = subprocess.Popen(
            [sys.executable, "-c", SENDER_SCRIPT, str(db.path)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        threading.Event().wait(chance.uniform(0.0, 0.25))
        child.kill()
        child.wait()
        child.stdout.close()
    survivor = open_database(db.path, backup=False)
    try:
        outbox_send.settle_now(survivor, Clock())
        while send(survivor, Clock()).sent:
            pass
        delivered = server.message_ids()
        assert set(delivered.values()) == {1}, "a message reached the server twice"
        print(f"{len(delivered)} delivered, {states(survivor)}")
        with survivor.session_factory() as session:
            rows = list(session.scalars(select(OutboxMessage)))
        for message in rows:
            assert message.status in (OutboxState.SENT, OutboxState.HELD)
            if message.status == OutboxState.SENT:
                assert message.message_id in delivered, "marked sent, never received"
        assert set(delivered) <= {m.message_id for m in rows}
    finally:
        survivor.dispose()


def test_timestamps_of_the_send_log_are_the_clock_s(db: Database, clock: Clock) -> None:
    log = outbox.send_log(db.path.parent)
    log.write(Event.HANDING, "<a@b>", 1, now=datetime(2026, 12, 1, 9, 30))
    assert log.path.read_text() == "2026-12-01T09:30:00\thanding\t<a@b>\t1\t\n"


def test_a_line_break_cannot_be_queued_into_a_header(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as session:
        customer = ledger.create_customer(session, clock, ref="411X", name="X")
        for name, subject in (("Dupont\r\nBcc: a@b.example", "Relance"), ("D", "Re\nlance")):
            with pytest.raises(LedgerError, match="line break"):
                outbox.queue_email(
                    session,
                    clock,
                    customer_id=customer.id,
                    to_address="x@y.example",
                    to_name=name,
                    subject=subject,
                    body="b",
                )


def test_the_settings_refuse_a_password_in_clear_to_another_computer(db: Database) -> None:
    with db.session_factory.begin() as session:
        with pytest.raises(SettingsError) as refused:
            save_smtp(session, SmtpSettings(host="smtp.example.fr", security="none", user="me"))
        assert "security" in refused.value.problems
        save_smtp(session, SmtpSettings(host="127.0.0.1", security="none", user="me"))
        save_smtp(session, SmtpSettings(host="smtp.example.fr", security="starttls", user="me"))


def test_a_send_log_that_cannot_be_written_sends_nothing(
    server: Server, db: Database, clock: Clock, port: int
) -> None:
    configure(db, port)
    ids = queue(db, clock, 2)
    outbox.send_log(db.path.parent).path.mkdir(parents=True)  # the disk refuses the log file
    report = send(db, clock)
    assert report.sent == 0 and "send log cannot be written" in report.last_error
    assert server.received == []
    assert [row(db, i).status for i in ids] == [OutboxState.QUEUED, OutboxState.QUEUED]


def test_a_sent_message_whose_archive_cannot_be_written_is_still_recorded_sent(
    server: Server, db: Database, clock: Clock, port: int
) -> None:
    configure(db, port)
    (message_id,) = queue(db, clock, 1)
    year = db.path.parent / "documents" / "emails" / f"{clock.today():%Y}"
    year.parent.mkdir(parents=True)
    year.write_text("in the way")  # the month's folder cannot be made
    report = send(db, clock)
    assert report.sent == 1 and "could not be archived" in report.last_error
    assert row(db, message_id).status == OutboxState.SENT
    assert send(db, later(clock, 60)).sent == 0 and len(server.received) == 1


# -- found by attacking the rule -------------------------------------------------------------------


def test_a_backup_opened_where_it_lies_knows_what_its_database_sent(
    server: Server, db: Database, clock: Clock, port: int
) -> None:
    configure(db, port)
    queue(db, clock, 3)
    backup = backup_database(db.path, reason="manual")
    assert send(db, clock).sent == 3
    opened = open_database(backup, backup=False)
    try:
        assert send(opened, later(clock, 60)).sent == 0
        assert states(opened) == Counter({OutboxState.SENT: 3})
    finally:
        opened.dispose()
    assert len(server.received) == 3


def test_a_book_moved_without_its_documents_folder_sends_nothing(
    server: Server, db: Database, clock: Clock, port: int, tmp_path: Path
) -> None:
    configure(db, port)
    queue(db, clock, 1)
    assert send(db, clock).sent == 1
    queue(db, clock, 2, to="other@dupont.example")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    db.dispose()
    shutil.copy(db.path, elsewhere / db.path.name)
    moved = open_database(elsewhere / db.path.name, backup=False)
    try:
        report = send(moved, clock)
        assert report.sent == 0 and "send log" in report.last_error
    finally:
        moved.dispose()
    assert len(server.received) == 1


def test_two_copies_of_a_book_in_one_folder_never_send_a_message_twice(
    server: Server, db: Database, clock: Clock, port: int
) -> None:
    configure(db, port)
    queue(db, clock, 20)
    db.dispose()
    copy = db.path.with_name("relance-copie.sqlite3")
    shutil.copy(db.path, copy)
    children = [
        subprocess.Popen(
            [sys.executable, "main.py", "--db", str(path), "outbox", "send"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for path in (db.path, copy)
    ]
    for child in children:
        child.wait(timeout=120)
    for path in (db.path, copy):  # whichever was turned away goes now, knowing the log
        book = open_database(path, backup=False)
        send(book, clock)
        assert states(book) == Counter({OutboxState.SENT: 20})
        book.dispose()
    assert len(server.received) == 20 and set(server.message_ids().values()) == {1}


def test_a_message_another_computer_is_handing_over_is_left_alone(
    db: Database, clock: Clock
) -> None:
    (message_id,) = queue(db, clock, 1)
    outbox.send_log(db.path.parent).write(Event.RETRY, "<x@y>", 0, now=clock.now())
    assert outbox_send.claim(db.session_factory, message_id, "0therh0s:12:abc", clock.now())
    outbox_send.settle_now(db, clock)
    assert row(db, message_id).status == OutboxState.SENDING
    outbox_send.settle_now(db, later(clock, 20))  # long after any hand-over could last
    assert row(db, message_id).status == OutboxState.QUEUED  # the log says it never left


def test_a_message_claimed_but_never_handed_over_goes_back_in_the_queue(
    server: Server, db: Database, clock: Clock, port: int
) -> None:
    configure(db, port)
    queue(db, clock, 2)
    assert send(db, clock).sent == 2  # the send log exists
    (third,) = queue(db, clock, 1, to="x@dupont.example")
    assert outbox_send.claim(db.session_factory, third, "dead", clock.now())  # then killed
    assert send(db, clock).sent == 1
    assert set(server.message_ids().values()) == {1} and len(server.received) == 3


def test_cancel_after_a_sender_claimed_the_message_is_refused(db: Database, clock: Clock) -> None:
    (message_id,) = queue(db, clock, 1)
    with db.session_factory.begin() as session:
        session.get_one(OutboxMessage, message_id)  # the page read it as waiting
        assert outbox_send.claim(db.session_factory, message_id, outbox_send.PROCESS_TOKEN)
        with pytest.raises(LedgerError, match=r"being sent|waiting to be sent"):
            outbox.cancel(session, clock, message_id, db.path.parent)
    assert row(db, message_id).status == OutboxState.SENDING


def test_the_send_log_survives_tabs_and_lines_cut_by_a_crash(db: Database, clock: Clock) -> None:
    log = outbox.send_log(db.path.parent)
    log.write(Event.HANDING, "<a@b>", 1, now=clock.now())
    log.write(Event.RETRY, "<a@b>", 1, "451 4.7.1 Greylisted\tcome back\nlater", now=clock.now())
    with log.path.open("a") as handle:
        handle.write("2026-12-01T10:00:00\thand")  # cut by a crash
    log.write(Event.CANCELLED, "<c@d>", 2, now=clock.now())
    known = log.last_events({"<a@b>", "<c@d>"})
    assert known["<a@b>"].event is Event.RETRY
    assert known["<a@b>"].detail == "451 4.7.1 Greylisted come back later"
    assert known["<c@d>"].event is Event.CANCELLED


def test_a_cancelled_held_message_stays_cancelled_after_a_restore(
    db: Database, clock: Clock
) -> None:
    (message_id,) = queue(db, clock, 1)
    with db.session_factory.begin() as session:
        message = session.get_one(OutboxMessage, message_id)
        message.status = OutboxState.HELD
        key = str(message.message_id)
    outbox.send_log(db.path.parent).write(Event.CANCELLED, key, message_id, now=clock.now())
    outbox_send.settle_now(db, clock)
    assert row(db, message_id).status == OutboxState.CANCELLED


def test_a_retry_set_far_ahead_by_a_wrong_clock_is_due_again(
    server: Server, db: Database, clock: Clock, port: int
) -> None:
    configure(db, port)
    (message_id,) = queue(db, clock, 1)
    with db.session_factory.begin() as session:
        session.get_one(OutboxMessage, message_id).next_attempt_at = later(clock, 525600).now()
    assert send(db, clock).sent == 1


def test_the_archive_is_what_went_on_the_wire(
    server: Server, db: Database, clock: Clock, port: int
) -> None:
    configure(db, port, copy_to_self=True)
    (message_id,) = queue(db, clock, 1)
    assert send(db, clock).sent == 1
    archived = (db.path.parent / str(row(db, message_id).archive_path)).read_bytes()
    assert b"Bcc:" not in archived
    assert archived.replace(b"\r\n", b"\n") == server.received[0].replace(b"\r\n", b"\n")
