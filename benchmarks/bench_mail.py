"""Queue 1,000 reminder emails with their PDFs, then send them to a local SMTP server.

    python -m benchmarks.bench_mail [--emails 1000]

On a copy of the cached big book (`benchmarks.book`): `dunning run` for the first `--emails`
proposals that go by email, timed from the proposals to the commit (letters drawn and archived,
each email queued with its Message-ID and the letter attached). Then `outbox.send_pending` hands
them to an aiosmtpd server on 127.0.0.1 over one connection: the time and messages per second,
and how many the server really received (each exactly once).
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import time
from typing import Any

from aiosmtpd.controller import Controller

from app.db.migrate import open_database
from app.domain.calendar import Clock
from app.domain.dunning import EMAIL
from app.mail.config import SmtpSettings
from app.services import outbox
from app.services.dunning import propose
from app.services.dunning_run import run_reminders
from app.services.smtp_settings import save_smtp
from benchmarks.bench_queries import peak_rss_mb
from benchmarks.book import AS_OF, OUT_DIR, cached_book


class Inbox:
    def __init__(self) -> None:
        self.received = 0
        self.ids: set[str] = set()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received += 1
        for line in envelope.content.split(b"\r\n"):
            if line.lower().startswith(b"message-id:"):
                self.ids.add(line.decode())
                break
        return "250 OK"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emails", type=int, default=1000)
    args = parser.parse_args()
    folder = OUT_DIR / "mail"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    copy = folder / "book.sqlite3"
    shutil.copyfile(cached_book(20_000, 300_000), copy)
    database = open_database(copy, backup=False)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    clock = Clock.fixed(AS_OF)
    with database.session_factory.begin() as session:
        save_smtp(
            session,
            SmtpSettings(host="127.0.0.1", port=port, security="none", sender="r@bench.example"),
        )
    started = time.perf_counter()
    with database.session_factory.begin() as session:
        plan = propose(session, AS_OF)
        chosen = [p for p in plan.proposals if EMAIL in p.proposal.channels][: args.emails]
        result = run_reminders(
            session,
            clock,
            chosen,
            as_of=AS_OF,
            database_dir=folder,
            letters_pdf=folder / "letters.pdf",
        )
    queued_s = time.perf_counter() - started
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        started = time.perf_counter()
        report = outbox.send_pending(
            database.session_factory, clock, outbox.smtp_transport, folder, limit=args.emails
        )
        sent_s = time.perf_counter() - started
        again = outbox.send_pending(database.session_factory, clock, outbox.smtp_transport, folder)
    finally:
        controller.stop()
    print(
        json.dumps(
            {
                "emails_queued": result.emails,
                "queue_s": round(queued_s, 2),
                "sent": report.sent,
                "send_s": round(sent_s, 2),
                "messages_per_s": round(report.sent / sent_s, 1) if sent_s else None,
                "server_received": inbox.received,
                "distinct_message_ids": len(inbox.ids),
                "sent_on_second_round": again.sent,
                "peak_rss_mb": round(peak_rss_mb()),
            },
            indent=2,
        )
    )
    database.dispose()


if __name__ == "__main__":
    main()
