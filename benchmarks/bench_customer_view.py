"""Open the file of a customer with thousands of events, then filter and search its timeline.

    python -m benchmarks.bench_customer_view [--events 5000] [--runs 5]

One customer's whole life is written through the services, as the application would write it:
invoices, payments allocated oldest first, calls, notes (some pinned), disputes opened and
closed, promises and a hold; every write records its history event, so the customer ends with
the number of events asked for (give or take a few). Then, in an offscreen window:

- open: `MainWindow.open_customer` (the database read, the header, the timeline, the invoices and
  contacts) until the timeline is painted;
- filter: choosing a group of kinds (calls, then payments, then all again) until repainted;
- search: typing a word into the timeline's search box, one key at a time, until repainted.

Each is timed over several runs; the median and the worst are reported, and peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from app.db.casework import CallOutcome
from app.db.migrate import Database, open_database
from app.db.models import HistoryEvent
from app.domain.calendar import Clock
from app.domain.disputes import DisputeReason, DisputeStatus
from app.services import disputes, hold, interactions, ledger, promises
from benchmarks.bench_queries import peak_rss_mb
from benchmarks.book import OUT_DIR

AS_OF = date(2026, 11, 22)
OUTCOMES = list(CallOutcome)


def _clock_at(day: date, minute: int) -> Clock:
    moment = datetime(day.year, day.month, day.day, 9, tzinfo=UTC) + timedelta(minutes=minute)
    return Clock(lambda: moment)


def build_customer(path: Path, events: int) -> tuple[Database, int]:
    """A customer whose history holds about `events` events, spread over the last six years."""
    path.unlink(missing_ok=True)
    database = open_database(path, backup=False)
    rng = random.Random(7)
    invoices = events * 9 // 40  # each brings its issue, a payment, two calls or notes
    start = AS_OF - timedelta(days=6 * 365)
    step = (AS_OF - start).days / invoices
    with database.session_factory.begin() as session:
        customer = ledger.create_customer(
            session, _clock_at(start, 0), ref="411BIG", name="Grands Comptes Rhône-Alpes SA"
        )
        customer_id = customer.id
    for n in range(invoices):
        issued = start + timedelta(days=int(n * step))
        clock = _clock_at(issued, n % 400)
        with database.session_factory.begin() as session:
            invoice = ledger.add_invoice(
                session,
                clock,
                customer_id=customer_id,
                number=f"FA-{n + 1:05d}",
                issue_date=issued,
                due_date=issued + timedelta(days=30),
                amount_cents=rng.randint(20_000, 400_000),
            )
            paid_on = issued + timedelta(days=rng.randint(20, 75))
            if paid_on < AS_OF - timedelta(days=40):
                pay_clock = _clock_at(paid_on, 600 + n % 300)
                ledger.record_payment(
                    session,
                    pay_clock,
                    customer_id=customer_id,
                    amount_cents=invoice.amount_cents,
                    received_on=paid_on,
                    reference=f"VIR {n:05d}",
                    allocate_to={invoice.id: None},
                )
            for k in range(2):
                talk = _clock_at(issued + timedelta(days=35 + 5 * k), 800 + n % 200)
                if rng.random() < 0.5:
                    interactions.log_call(
                        session,
                        talk,
                        customer_id,
                        rng.choice(OUTCOMES),
                        note="Rappeler la comptable après 17 h",
                    )
                else:
                    interactions.add_note(
                        session, talk, customer_id, "Relevé envoyé, attend le virement du 10"
                    )
            if n % 25 == 0 and invoice.open_cents:
                when = _clock_at(issued + timedelta(days=40), 900)
                dispute = disputes.open_dispute(
                    session, when, invoices={invoice.id: None}, reason=DisputeReason.QUALITY
                )
                if n < invoices - 50:
                    disputes.close_dispute(session, when, dispute.id, DisputeStatus.REJECTED)
    today = _clock_at(AS_OF, 0)
    with database.session_factory.begin() as session:
        interactions.add_note(
            session, today, customer_id, "Appeler le gérant, jamais le comptable", pinned=True
        )
        promises.record_promise(
            session,
            today,
            customer_id,
            amount_cents=150_000,
            promised_on=AS_OF + timedelta(days=10),
        )
        hold.set_hold(session, today, customer_id, "Rachat en cours", AS_OF + timedelta(days=20))
        written = session.scalar(select(func.count()).select_from(HistoryEvent)) or 0
        for n in range(events - written):  # top up to the exact count with short notes
            interactions.add_note(session, _clock_at(AS_OF, -n - 1), customer_id, f"Point {n}")
    return database, customer_id


def measure(database: Database, customer_id: int, runs: int) -> dict[str, object]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.domain.events import EventGroup
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow(AppContext(database, _clock_at(AS_OF, 120)), opener=lambda _p: True)
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    view = window.customer_view
    timer = QElapsedTimer()

    def painted() -> float:
        view.timeline.table.viewport().repaint()
        app.processEvents()
        return timer.nsecsElapsed() / 1e6

    opens, filters, keys = [], [], []
    for _run in range(runs):
        window.navigation.show("customers")
        app.processEvents()
        timer.start()
        window.open_customer(customer_id)
        opens.append(painted())
        for groups in ({EventGroup.CALLS}, {EventGroup.PAYMENTS}, set()):
            timer.start()
            view.timeline.set_groups(groups)
            filters.append(painted())
        for char in "virement":
            timer.start()
            QTest.keyClick(view.timeline.search, char, Qt.KeyboardModifier.NoModifier)
            keys.append(painted())
        view.timeline.search.clear()
        app.processEvents()
    events = view.timeline.model.rowCount()
    window.close()
    return {
        "events": events,
        "open_ms": _stats(opens),
        "filter_ms": _stats(filters),
        "search_keystroke_ms": _stats(keys),
        "peak_rss_mb": round(peak_rss_mb()),
    }


def _stats(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 1), "max": round(max(values), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    database, customer_id = build_customer(args.out / "customer-file.sqlite3", args.events)
    built = time.perf_counter() - started
    result = measure(database, customer_id, args.runs)
    result["build_s"] = round(built, 1)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
