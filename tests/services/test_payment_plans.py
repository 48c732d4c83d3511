"""Payment plans: instalments that add up, an agreement letter, and one instalment missed."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pdfplumber
import pytest
from sqlalchemy import select

from app.cli import main
from app.db.migrate import Database
from app.db.models import HistoryEvent, Promise
from app.domain.calendar import Clock
from app.domain.promise_rules import split_equally
from app.services import ledger
from app.services.ledger import LedgerError
from app.services.payment_plans import create_plan
from app.services.promise_followup import evaluate_promises

START = date(2026, 11, 22)


@pytest.fixture
def dupont(db: Database) -> int:
    clock = Clock.fixed(START)
    with db.session_factory.begin() as session:
        customer = ledger.create_customer(session, clock, ref="411DUP", name="Dupont & Fils")
        ledger.add_invoice(
            session,
            clock,
            customer_id=customer.id,
            number="FA-1",
            issue_date=date(2026, 8, 1),
            due_date=date(2026, 9, 1),
            amount_cents=90_000,
        )
        return customer.id


def test_a_plan_that_does_not_add_up_is_refused(db: Database, dupont: int, tmp_path: Path) -> None:
    with db.session_factory.begin() as session, pytest.raises(LedgerError, match="add up to"):
        create_plan(
            session,
            Clock.fixed(START),
            dupont,
            [(date(2026, 12, 1), 30_000), (date(2027, 1, 1), 30_000)],
            database_dir=tmp_path,
        )
    with db.session_factory() as session:
        assert session.scalars(select(Promise)).all() == []


def test_one_missed_instalment_is_broken_and_the_others_kept(
    db: Database, dupont: int, tmp_path: Path
) -> None:
    schedule = split_equally(90_000, 3, date(2026, 12, 1))
    assert [cents for _day, cents in schedule] == [30_000, 30_000, 30_000]
    with db.session_factory.begin() as session:
        plan = create_plan(session, Clock.fixed(START), dupont, schedule, database_dir=tmp_path)
        letter = tmp_path / str(plan.document_path)
    with pdfplumber.open(letter) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Dupont & Fils" in text and "Bon pour accord" in text
    assert "1er décembre 2026" in text.replace("\u00a0", " ") or "1 décembre 2026" in text.replace(
        "\u00a0", " "
    )

    def pay(day: date, cents: int) -> None:
        with db.session_factory.begin() as session:
            ledger.record_payment(
                session, Clock.fixed(day), customer_id=dupont, amount_cents=cents, received_on=day
            )

    def judge(day: date) -> None:
        with db.session_factory.begin() as session:
            evaluate_promises(session, Clock.fixed(day))

    pay(date(2026, 11, 30), 30_000)  # the first, on time
    judge(date(2027, 1, 10))  # the second (1 January) was never paid
    pay(date(2027, 1, 28), 60_000)  # then the rest, in time for the third
    judge(date(2027, 2, 5))
    with db.session_factory() as session:
        statuses = [
            p.status for p in session.scalars(select(Promise).order_by(Promise.promised_on))
        ]
        events = list(
            session.scalars(
                select(HistoryEvent.summary)
                .where(HistoryEvent.kind.in_(("promise_kept", "promise_broken")))
                .order_by(HistoryEvent.id)
            )
        )
    assert statuses == ["kept", "broken", "kept"]
    assert len(events) == 3


def test_plan_add_on_the_command_line(
    db: Database, dupont: int, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db.dispose()
    first = (date.today() + timedelta(days=10)).isoformat()
    args = ["--db", str(db_path), "plan", "add", "411DUP", "--instalments", "4", "--first", first]
    assert main(args) == 0
    assert "4 instalments; agreement letter in documents/" in capsys.readouterr().out
    assert main(["--db", str(db_path), "promises", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["amount"] for r in rows] == ["225.00"] * 4
    assert main([*args[:-1], "2020-01-01"]) == 1
