"""Penalties on invoices paid late: computed to the cent, claimed by a letter, or waived."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from fractions import Fraction
from pathlib import Path

import pdfplumber
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.migrate import Database
from app.db.models import HistoryEvent, LatePenaltyDecision
from app.domain.calendar import Clock
from app.services import late_penalties, ledger
from app.services.late_penalties import Decision
from app.services.ledger import LedgerError

DUE = date(2026, 3, 31)
PAID = date(2026, 5, 30)  # 60 days late, all within 2026 H1 (ECB 2.15 %: 12.15 %)


@pytest.fixture
def book(db: Database, sign_letters: Callable[[Session], object]) -> tuple[Database, int, int]:
    clock = Clock.fixed(PAID)
    with db.session_factory.begin() as session:
        sign_letters(session)
        customer = ledger.create_customer(session, clock, ref="411LAT", name="Latecomer SARL")
        late = ledger.add_invoice(
            session,
            clock,
            customer_id=customer.id,
            number="FA-30",
            issue_date=date(2026, 3, 1),
            due_date=DUE,
            amount_cents=300_000,
        )
        on_time = ledger.add_invoice(
            session,
            clock,
            customer_id=customer.id,
            number="FA-31",
            issue_date=date(2026, 3, 1),
            due_date=date(2026, 6, 30),
            amount_cents=50_000,
        )
        ledger.record_payment(  # a third on time, the rest 60 days late
            session,
            Clock.fixed(date(2026, 3, 20)),
            customer_id=customer.id,
            amount_cents=100_000,
            received_on=date(2026, 3, 20),
            allocate_to={late.id: None},
        )
        ledger.record_payment(
            session,
            clock,
            customer_id=customer.id,
            amount_cents=200_000,
            received_on=PAID,
            allocate_to={late.id: None},
        )
        ledger.record_payment(
            session,
            clock,
            customer_id=customer.id,
            amount_cents=50_000,
            received_on=PAID,
            allocate_to={on_time.id: None},
        )
        return db, customer.id, late.id


EXPECTED_INTEREST = round(Fraction(200_000 * 1215 * 60, 10_000 * 365))


def test_only_the_late_part_of_an_invoice_paid_late_bears_interest(
    book: tuple[Database, int, int],
) -> None:
    db, customer_id, late_id = book
    with db.session_factory() as session:
        (row,) = late_penalties.paid_late(session, customer_id)
    assert (row.invoice_id, row.days_late, row.paid_on) == (late_id, 60, PAID)
    assert row.interest_cents == EXPECTED_INTEREST == 3995
    assert (row.fixed_cents, row.fixed_currency, row.decision) == (4_000, "EUR", Decision.OWED)


def test_waiving_is_a_gesture_recorded_with_its_amount_and_only_once(
    book: tuple[Database, int, int],
) -> None:
    db, customer_id, late_id = book
    clock = Clock.fixed(date(2026, 6, 2))
    with db.session_factory.begin() as session:
        late_penalties.waive(session, clock, customer_id, [late_id], "Loyal customer")
    with db.session_factory() as session:
        (row,) = late_penalties.paid_late(session, customer_id)
        assert row.decision is Decision.WAIVED and row.decided_on == date(2026, 6, 2)
        event = session.scalars(
            select(HistoryEvent).where(HistoryEvent.kind == "penalties_waived")
        ).one()
        assert "FA-30" in event.summary and "79,95" not in event.summary
        assert "€79.95" in event.summary and "Loyal customer" in event.summary
        assert event.payload["interest_cents"] == EXPECTED_INTEREST
    with db.session_factory.begin() as session, pytest.raises(LedgerError):
        late_penalties.waive(session, clock, customer_id, [late_id], "again")


def test_a_claim_letter_states_the_penalties_and_asks_for_them(
    book: tuple[Database, int, int], tmp_path: Path
) -> None:
    db, customer_id, late_id = book
    clock = Clock.fixed(date(2026, 6, 2))
    with db.session_factory.begin() as session:
        path = late_penalties.claim(session, clock, customer_id, [late_id], tmp_path)
    with pdfplumber.open(path) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    plain = text.replace("\u202f", " ").replace("\u00a0", " ")
    assert "FA-30" in plain and "FA-31" not in plain
    assert "39,95 €" in plain and "40,00 €" in plain
    assert "79,95 €" in plain  # the total asked, in the text and the penalties table
    assert "L441-10" in plain and "12,15 %" in plain
    with db.session_factory() as session:
        decision = session.scalars(select(LatePenaltyDecision)).one()
        assert (decision.decision, decision.interest_cents) == ("claimed", EXPECTED_INTEREST)
        event = session.scalars(
            select(HistoryEvent).where(HistoryEvent.kind == "penalties_claimed")
        ).one()
        assert event.document_path == decision.document_path
        assert (tmp_path / str(event.document_path)) == path


def test_a_claim_over_a_half_year_the_table_lacks_needs_consent(
    db: Database, sign_letters: Callable[[Session], object], tmp_path: Path
) -> None:
    clock = Clock.fixed(date(2026, 10, 5))
    with db.session_factory.begin() as session:
        sign_letters(session)
        customer = ledger.create_customer(session, clock, ref="411H2", name="Second Half SAS")
        invoice = ledger.add_invoice(
            session,
            clock,
            customer_id=customer.id,
            number="FA-H2",
            issue_date=date(2026, 7, 1),
            due_date=date(2026, 8, 31),
            amount_cents=100_000,
        )
        ledger.record_payment(
            session, clock, customer_id=customer.id, amount_cents=100_000, received_on=clock.today()
        )
    with db.session_factory.begin() as session, pytest.raises(LedgerError, match="2026-H2"):
        late_penalties.claim(session, clock, customer.id, [invoice.id], tmp_path)
    with db.session_factory.begin() as session:
        path = late_penalties.claim(
            session, clock, customer.id, [invoice.id], tmp_path, accept_last_rates=True
        )
    assert path.exists()


def test_individuals_owe_no_business_penalties(db: Database) -> None:
    clock = Clock.fixed(PAID)
    with db.session_factory.begin() as session:
        person = ledger.create_customer(
            session, clock, ref="411IND", name="M. Durand", kind="individual"
        )
        ledger.add_invoice(
            session,
            clock,
            customer_id=person.id,
            number="P-1",
            issue_date=date(2026, 3, 1),
            due_date=DUE,
            amount_cents=10_000,
        )
        ledger.record_payment(
            session, clock, customer_id=person.id, amount_cents=10_000, received_on=PAID
        )
        assert late_penalties.paid_late(session, person.id) == []
