"""Promises followed in time: kept, kept late within grace, partly kept, broken; what follows."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli import main
from app.db.migrate import Database
from app.db.models import HistoryEvent, Promise
from app.domain.calendar import Clock
from app.services import ledger, promises
from app.services.dunning import propose
from app.services.promise_followup import evaluate_promises

MADE = date(2026, 11, 2)
DUE = date(2026, 11, 12)


@pytest.fixture
def book(db: Database) -> tuple[Database, int, int]:
    clock = Clock.fixed(MADE)
    with db.session_factory.begin() as session:
        customer = ledger.create_customer(session, clock, ref="411DUP", name="Dupont")
        invoice = ledger.add_invoice(
            session,
            clock,
            customer_id=customer.id,
            number="FA-1",
            issue_date=date(2026, 9, 1),
            due_date=date(2026, 10, 1),
            amount_cents=100_000,
        )
        promises.record_promise(
            session,
            clock,
            customer.id,
            amount_cents=100_000,
            promised_on=DUE,
            invoice_ids=[invoice.id],
        )
        return db, customer.id, invoice.id


def pay(db: Database, customer_id: int, day: date, cents: int) -> None:
    with db.session_factory.begin() as session:
        ledger.record_payment(
            session,
            Clock.fixed(day),
            customer_id=customer_id,
            amount_cents=cents,
            received_on=day,
        )


def status(db: Database) -> str:
    with db.session_factory() as session:
        return session.scalars(select(Promise.status)).one()


def evaluate_on(db: Database, day: date) -> None:
    with db.session_factory.begin() as session:
        evaluate_promises(session, Clock.fixed(day))


def events(db: Database) -> list[str]:
    with db.session_factory() as session:
        return list(
            session.scalars(
                select(HistoryEvent.summary)
                .where(HistoryEvent.kind.in_(("promise_kept", "promise_broken")))
                .order_by(HistoryEvent.id)
            )
        )


def test_kept_on_time_when_the_payment_is_recorded(book: tuple[Database, int, int]) -> None:
    db, customer_id, _invoice = book
    pay(db, customer_id, DUE - timedelta(days=1), 100_000)
    assert status(db) == "kept"
    assert events(db) == ["Promise kept: €1,000.00 by 12 Nov 2026"]


def test_kept_late_within_the_grace(book: tuple[Database, int, int]) -> None:
    db, customer_id, _invoice = book
    evaluate_on(db, DUE + timedelta(days=2))
    assert status(db) == "pending"
    pay(db, customer_id, DUE + timedelta(days=3), 100_000)
    assert status(db) == "kept"


def test_broken_once_the_grace_has_passed_and_reminders_take_it_up(
    book: tuple[Database, int, int],
) -> None:
    db, _customer, _invoice = book
    with db.session_factory.begin() as session:
        plan = propose(session, DUE)
        assert [s.reason.value for s in plan.skipped] == ["promise"]
    evaluate_on(db, DUE + timedelta(days=4))
    assert status(db) == "broken"
    evaluate_on(db, DUE + timedelta(days=5))
    assert events(db) == ["Promise broken: €1,000.00 by 12 Nov 2026"]  # once only
    with db.session_factory.begin() as session:
        plan = propose(session, DUE + timedelta(days=5))
        assert [p.proposal.customer.ref for p in plan.proposals] == ["411DUP"]


def test_partly_kept(book: tuple[Database, int, int]) -> None:
    db, customer_id, _invoice = book
    pay(db, customer_id, DUE, 40_000)
    assert status(db) == "pending"
    evaluate_on(db, DUE + timedelta(days=10))
    assert status(db) == "partly_kept"
    assert events(db) == ["Promise partly kept: €400.00 of €1,000.00 by 12 Nov 2026"]


def test_promises_json_and_promise_add_refusals(
    book: tuple[Database, int, int], db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, customer_id, _invoice = book
    pay(db, customer_id, DUE, 40_000)
    db.dispose()
    assert (
        main(["--db", str(db_path), "promises", "--as-of", "2026-11-30", "--format", "json"]) == 0
    )
    (row,) = json.loads(capsys.readouterr().out)
    assert row == {
        "id": row["id"],
        "customer_ref": "411DUP",
        "amount": "1000.00",
        "date": "2026-11-12",
        "status": "partly_kept",
        "paid": "400.00",
    }
    code = main(
        [
            "--db",
            str(db_path),
            "promise",
            "add",
            "411DUP",
            "--amount",
            "5000",
            "--date",
            "2099-01-01",
        ]
    )
    assert code == 1 and "is more than the" in capsys.readouterr().err
    code = main(
        [
            "--db",
            str(db_path),
            "promise",
            "add",
            "411DUP",
            "--amount",
            "100",
            "--date",
            "2020-01-01",
        ]
    )
    assert code == 1 and "already past" in capsys.readouterr().err
    code = main(
        [
            "--db",
            str(db_path),
            "promise",
            "add",
            "411DUP",
            "--amount",
            "100",
            "--date",
            "2099-01-01",
            "--invoice",
            "FA-404",
        ]
    )
    assert code == 2


def test_pending_promises_export_to_a_calendar_with_stable_uids(
    book: tuple[Database, int, int],
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from icalendar import Calendar

    db, _customer, _invoice = book
    db.dispose()
    target = tmp_path / "promesses.ics"
    args = ["--db", str(db_path), "promises", "--as-of", "2026-11-05", "--ics", str(target)]
    assert main(args) == 0
    first = Calendar.from_ical(target.read_bytes())
    (event,) = [c for c in first.walk() if c.name == "VEVENT"]
    assert event.decoded("dtstart") == DUE
    assert str(event["summary"]) == "Dupont (411DUP) promised €1,000.00"
    assert main([*args, "--customer", "411DUP"]) == 0
    again = Calendar.from_ical(target.read_bytes())
    (same,) = [c for c in again.walk() if c.name == "VEVENT"]
    assert str(same["uid"]) == str(event["uid"])  # re-importing updates, never doubles
    capsys.readouterr()


def test_after_a_broken_promise_the_last_amicable_reminder_comes(
    book: tuple[Database, int, int],
) -> None:
    db, _customer, _invoice = book
    evaluate_on(db, DUE + timedelta(days=4))
    with db.session_factory.begin() as session:
        plan = propose(session, DUE + timedelta(days=5))
    (proposal,) = plan.proposals
    assert proposal.proposal.level.template == "last_amicable"


def test_a_payment_recorded_before_the_promise_does_not_keep_it_even_the_same_day(
    db: Database,
) -> None:
    morning = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    with db.session_factory.begin() as session:
        clock = Clock.fixed(morning)
        customer = ledger.create_customer(session, clock, ref="411BAT", name="Bâtiment")
        invoice = ledger.add_invoice(
            session,
            clock,
            customer_id=customer.id,
            number="FA-9",
            issue_date=date(2026, 9, 1),
            due_date=date(2026, 10, 1),
            amount_cents=900_000,
        )
        ledger.record_payment(  # 4 500 € in, at 9:00
            session, clock, customer_id=customer.id, amount_cents=450_000, received_on=MADE
        )
        promises.record_promise(  # at 9:02, the customer promises the other 4 500 €
            session,
            Clock.fixed(morning + timedelta(minutes=2)),
            customer.id,
            amount_cents=450_000,
            promised_on=DUE,
            invoice_ids=[invoice.id],
        )
    with db.session_factory.begin() as session:  # minutes later: still only promised
        evaluate_promises(session, Clock.fixed(morning + timedelta(minutes=4)))
    assert status(db) == "pending"
    later = Clock.fixed(datetime(2026, 11, 5, 9, 0, tzinfo=UTC))
    with db.session_factory.begin() as session:  # the promised money comes in
        ledger.record_payment(
            session, later, customer_id=customer.id, amount_cents=450_000, received_on=later.today()
        )
        evaluate_promises(session, later)
    assert status(db) == "kept"
