"""Ledger use cases on a real database: invoices, payments, credit notes and their balances."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.db.migrate import Database
from app.db.models import Allocation, Customer, HistoryEvent, Invoice, Payment
from app.db.queries import customer_rows
from app.domain.calendar import Clock
from app.services import ledger
from app.services.ledger import LedgerError

TODAY = date(2026, 11, 22)


def new_customer(s: Session, clock: Clock, ref: str = "411DUP", **fields: object) -> int:
    return ledger.create_customer(s, clock, ref=ref, name=f"Customer {ref}", **fields).id


def new_invoice(
    s: Session, clock: Clock, customer: int, number: str, due: date, cents: int, **extra: object
) -> int:
    return ledger.add_invoice(
        s,
        clock,
        customer_id=customer,
        number=number,
        issue_date=due - timedelta(days=30),
        due_date=due,
        amount_cents=cents,
        **extra,  # type: ignore[arg-type]
    ).id


def open_of(s: Session, *invoice_ids: int) -> list[int]:
    return [s.get_one(Invoice, i).open_cents for i in invoice_ids]


def owed(s: Session, customer: int) -> int:
    (row,) = [r for r in customer_rows(s, TODAY) if r.id == customer and r.currency == "EUR"]
    return row.total_cents


def test_customer_needs_a_reference_and_a_name(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        with pytest.raises(LedgerError, match="reference and a name"):
            ledger.create_customer(s, clock, ref="  ", name="Dupont")
        with pytest.raises(LedgerError, match="reference and a name"):
            ledger.create_customer(s, clock, ref="411A", name="")


def test_customer_reference_is_unique(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        new_customer(s, clock, "411A")
        with pytest.raises(LedgerError, match="already used"):
            new_customer(s, clock, " 411A ")


def test_invoice_due_date_follows_the_customer_payment_terms(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        customer = new_customer(s, clock, payment_terms_days=45)
        invoice = ledger.add_invoice(
            s,
            clock,
            customer_id=customer,
            number="FA-1",
            issue_date=date(2026, 10, 1),
            amount_cents=1000,
        )
        assert invoice.due_date == date(2026, 11, 15)
        assert invoice.open_cents == invoice.amount_cents == 1000


def test_duplicate_invoice_number_is_refused(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        first = new_customer(s, clock, "411A")
        second = new_customer(s, clock, "411B")
        new_invoice(s, clock, first, "FA-1", TODAY, 1000)
        with pytest.raises(LedgerError, match="“FA-1” is already used"):
            new_invoice(s, clock, second, "FA-1", TODAY, 2000)
        # Another source (another accounting system) may reuse the number.
        new_invoice(s, clock, second, "FA-1", TODAY, 2000, source="shop")
    with db.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Invoice)) == 2


@pytest.mark.parametrize("cents", [0, -100])
def test_invoice_amount_must_be_positive(db: Database, clock: Clock, cents: int) -> None:
    with db.session_factory.begin() as s:
        customer = new_customer(s, clock)
        with pytest.raises(LedgerError, match="positive"):
            new_invoice(s, clock, customer, "FA-1", TODAY, cents)


def test_invoice_cannot_be_due_before_it_is_issued(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        customer = new_customer(s, clock)
        with pytest.raises(LedgerError, match="due before"):
            ledger.add_invoice(
                s,
                clock,
                customer_id=customer,
                number="FA-1",
                issue_date=TODAY,
                due_date=TODAY - timedelta(days=1),
                amount_cents=1000,
            )


def test_invoice_for_an_unknown_customer_is_refused(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s, pytest.raises(LedgerError, match="does not exist"):
        new_invoice(s, clock, 404, "FA-1", TODAY, 1000)


def test_payment_is_allocated_oldest_due_first(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        customer = new_customer(s, clock)
        late = new_invoice(s, clock, customer, "FA-2", date(2026, 9, 30), 10000)
        later = new_invoice(s, clock, customer, "FA-3", date(2026, 10, 31), 10000)
        oldest = new_invoice(s, clock, customer, "FA-1", date(2026, 8, 31), 10000)
        result = ledger.record_payment(
            s, clock, customer_id=customer, amount_cents=15000, received_on=TODAY
        )
        assert [(a.invoice_id, a.cents) for a in result.allocations] == [
            (oldest, 10000),
            (late, 5000),
        ]
        assert result.unallocated_cents == 0
        assert open_of(s, oldest, late, later) == [0, 5000, 10000]
        assert s.get_one(Invoice, oldest).settled_on == TODAY
        assert s.get_one(Invoice, late).settled_on is None
        assert ledger.check_consistency(s) == []


def test_payment_goes_to_the_invoices_the_user_chose(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        customer = new_customer(s, clock)
        oldest = new_invoice(s, clock, customer, "FA-1", date(2026, 8, 31), 10000)
        newest = new_invoice(s, clock, customer, "FA-2", date(2026, 10, 31), 10000)
        result = ledger.record_payment(
            s,
            clock,
            customer_id=customer,
            amount_cents=12000,
            received_on=TODAY,
            allocate_to={newest: None, oldest: 1500},
        )
        assert result.unallocated_cents == 500
        assert open_of(s, oldest, newest) == [8500, 0]


def test_chosen_allocation_to_another_customers_invoice_is_refused(
    db: Database, clock: Clock
) -> None:
    with db.session_factory.begin() as s:
        mine = new_customer(s, clock, "411A")
        theirs = new_customer(s, clock, "411B")
        their_invoice = new_invoice(s, clock, theirs, "FA-9", TODAY, 1000)
        with pytest.raises(LedgerError, match="not open"):
            ledger.record_payment(
                s,
                clock,
                customer_id=mine,
                amount_cents=1000,
                received_on=TODAY,
                allocate_to={their_invoice: None},
            )
        assert open_of(s, their_invoice) == [1000]
        assert s.scalar(select(func.count()).select_from(Payment)) == 0


def test_chosen_allocation_above_what_is_owed_is_refused(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        customer = new_customer(s, clock)
        invoice = new_invoice(s, clock, customer, "FA-1", TODAY, 1000)
        with pytest.raises(LedgerError, match="owes less"):
            ledger.record_payment(
                s,
                clock,
                customer_id=customer,
                amount_cents=5000,
                received_on=TODAY,
                allocate_to={invoice: 1001},
            )


def test_overpayment_is_kept_as_unallocated_credit(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        customer = new_customer(s, clock)
        invoice = new_invoice(s, clock, customer, "FA-1", TODAY, 10000)
        result = ledger.record_payment(
            s, clock, customer_id=customer, amount_cents=12550, received_on=TODAY
        )
        assert result.unallocated_cents == 2550
        assert open_of(s, invoice) == [0]
        assert ledger.unallocated_credit(s, customer) == {"EUR": 2550}
        text_ = ledger.describe_posting(s, result, "EUR")
        assert text_ == (
            "Recorded: €100.00 to invoice FA-1 (settled); €25.50 kept as the customer's credit."
        )


def test_payment_without_open_invoices_is_all_credit(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        customer = new_customer(s, clock)
        result = ledger.record_payment(
            s, clock, customer_id=customer, amount_cents=700, received_on=TODAY
        )
        assert result.allocations == ()
        assert ledger.unallocated_credit(s, customer) == {"EUR": 700}


def test_payment_in_another_currency_leaves_euro_invoices_alone(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        customer = new_customer(s, clock)
        eur = new_invoice(s, clock, customer, "FA-1", TODAY, 1000)
        gbp = new_invoice(s, clock, customer, "UK-1", TODAY, 1000, currency="GBP")
        ledger.record_payment(
            s, clock, customer_id=customer, amount_cents=1500, received_on=TODAY, currency="GBP"
        )
        assert open_of(s, eur, gbp) == [1000, 0]
        assert ledger.unallocated_credit(s, customer) == {"GBP": 500}


def test_payment_received_in_the_future_is_refused(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        customer = new_customer(s, clock)
        invoice = new_invoice(s, clock, customer, "FA-1", TODAY, 1000)
        with pytest.raises(LedgerError, match="future"):
            ledger.record_payment(
                s,
                clock,
                customer_id=customer,
                amount_cents=1000,
                received_on=TODAY + timedelta(days=1),
            )
        assert open_of(s, invoice) == [1000]
        ledger.record_payment(s, clock, customer_id=customer, amount_cents=1000, received_on=TODAY)
        assert open_of(s, invoice) == [0]


@pytest.mark.parametrize("cents", [0, -500])
def test_payment_amount_must_be_positive(db: Database, clock: Clock, cents: int) -> None:
    with db.session_factory.begin() as s:
        customer = new_customer(s, clock)
        with pytest.raises(LedgerError, match="positive"):
            ledger.record_payment(
                s, clock, customer_id=customer, amount_cents=cents, received_on=TODAY
            )


def test_deleting_a_payment_restores_every_balance(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        customer = new_customer(s, clock)
        first = new_invoice(s, clock, customer, "FA-1", date(2026, 9, 30), 10000)
        second = new_invoice(s, clock, customer, "FA-2", date(2026, 10, 31), 10000)
        kept = ledger.record_payment(
            s, clock, customer_id=customer, amount_cents=4000, received_on=TODAY
        )
        bounced = ledger.record_payment(
            s, clock, customer_id=customer, amount_cents=20000, received_on=TODAY
        )
        assert open_of(s, first, second) == [0, 0]
    with db.session_factory.begin() as s:
        ledger.delete_payment(s, clock, bounced.document_id)
    with db.session_factory() as s:
        assert open_of(s, first, second) == [6000, 10000]
        assert s.get_one(Invoice, first).settled_on is None
        assert ledger.unallocated_credit(s, customer) == {}
        assert s.get(Payment, bounced.document_id) is None
        assert s.get(Payment, kept.document_id) is not None
        assert s.scalar(select(func.count()).select_from(Allocation)) == 1
        assert ledger.check_consistency(s) == []


def test_deleting_an_unknown_payment_is_refused(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s, pytest.raises(LedgerError, match="does not exist"):
        ledger.delete_payment(s, clock, 404)


def test_credit_note_reduces_what_is_owed(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        customer = new_customer(s, clock)
        invoice = new_invoice(s, clock, customer, "FA-1", date(2026, 10, 31), 10000)
        assert owed(s, customer) == 10000
        result = ledger.add_credit_note(
            s,
            clock,
            customer_id=customer,
            number="AV-1",
            issued_on=TODAY,
            amount_cents=2500,
            reason="damaged goods",
        )
        assert [(a.invoice_id, a.cents) for a in result.allocations] == [(invoice, 2500)]
        assert open_of(s, invoice) == [7500]
        assert owed(s, customer) == 7500
        assert ledger.check_consistency(s) == []


def test_credit_note_larger_than_the_debt_leaves_credit(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        customer = new_customer(s, clock)
        invoice = new_invoice(s, clock, customer, "FA-1", TODAY, 1000)
        ledger.add_credit_note(
            s, clock, customer_id=customer, number="AV-1", issued_on=TODAY, amount_cents=1500
        )
        assert open_of(s, invoice) == [0]
        assert owed(s, customer) == 0
        assert ledger.unallocated_credit(s, customer) == {"EUR": 500}


def test_duplicate_credit_note_number_is_refused(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        customer = new_customer(s, clock)
        ledger.add_credit_note(
            s, clock, customer_id=customer, number="AV-1", issued_on=TODAY, amount_cents=100
        )
        with pytest.raises(LedgerError, match="“AV-1” is already used"):
            ledger.add_credit_note(
                s, clock, customer_id=customer, number="AV-1", issued_on=TODAY, amount_cents=200
            )


def test_payments_and_credit_notes_add_up_as_credit(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        customer = new_customer(s, clock)
        other = new_customer(s, clock, "411B")
        ledger.record_payment(s, clock, customer_id=customer, amount_cents=300, received_on=TODAY)
        ledger.add_credit_note(
            s, clock, customer_id=customer, number="AV-1", issued_on=TODAY, amount_cents=200
        )
        ledger.record_payment(s, clock, customer_id=other, amount_cents=999, received_on=TODAY)
        assert ledger.unallocated_credit(s, customer) == {"EUR": 500}


def test_consistency_check_reports_a_tampered_balance(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        customer = new_customer(s, clock)
        new_invoice(s, clock, customer, "FA-1", TODAY, 1000)
        ledger.record_payment(s, clock, customer_id=customer, amount_cents=400, received_on=TODAY)
        assert ledger.check_consistency(s) == []
        s.execute(text("UPDATE invoices SET open_cents = 1000"))
        assert ledger.check_consistency(s) == ["FA-1: stored 1000, derived 600"]


def test_lookups_by_reference_and_number(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        customer = new_customer(s, clock, "411A")
        other = new_customer(s, clock, "411B")
        new_invoice(s, clock, customer, "FA-1", TODAY, 1000)
        new_invoice(s, clock, other, "FA-1", TODAY, 1000, source="shop")
        assert ledger.customer_by_ref(s, "411A").id == customer
        with pytest.raises(LedgerError, match="No customer"):
            ledger.customer_by_ref(s, "411Z")
        with pytest.raises(LedgerError, match="name the customer"):
            ledger.invoice_by_number(s, "FA-1")
        assert ledger.invoice_by_number(s, "FA-1", customer_id=other).source == "shop"
        with pytest.raises(LedgerError, match="No invoice"):
            ledger.invoice_by_number(s, "FA-404")


_refs = itertools.count()

payments = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=50_000),  # amount
        st.integers(min_value=0, max_value=120),  # days before today it was received
        st.booleans(),  # True: the user chooses the invoices (every open one, in reverse)
    ),
    min_size=1,
    max_size=5,
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    invoices=st.lists(st.integers(min_value=1, max_value=30_000), min_size=1, max_size=5),
    paid=payments,
    data=st.data(),
)
def test_recording_then_deleting_payments_restores_every_balance_exactly(
    db: Database,
    clock: Clock,
    invoices: list[int],
    paid: list[tuple[int, int, bool]],
    data: st.DataObject,
) -> None:
    # One database for the whole test; each example works on a customer of its own.
    ref = f"P{next(_refs)}"
    with db.session_factory.begin() as s:
        customer = new_customer(s, clock, ref)
        ids = [
            new_invoice(s, clock, customer, f"{ref}-{n}", TODAY - timedelta(days=10 * n), cents)
            for n, cents in enumerate(invoices)
        ]
        before = {
            i: (s.get_one(Invoice, i).open_cents, s.get_one(Invoice, i).settled_on) for i in ids
        }
    recorded = []
    for amount, days_ago, choose in paid:
        with db.session_factory.begin() as s:
            still_open = [i for i in ids if s.get_one(Invoice, i).open_cents > 0]
            total_before = sum(open_of(s, *ids))
            result = ledger.record_payment(
                s,
                clock,
                customer_id=customer,
                amount_cents=amount,
                received_on=TODAY - timedelta(days=days_ago),
                allocate_to=dict.fromkeys(reversed(still_open)) if choose else None,
            )
            allocated = sum(a.cents for a in result.allocations)
            assert allocated + result.unallocated_cents == amount
            assert sum(open_of(s, *ids)) == total_before - allocated
            assert all(0 <= cents <= invoices[n] for n, cents in enumerate(open_of(s, *ids)))
            recorded.append(result.document_id)
    for payment_id in data.draw(st.permutations(recorded)):
        with db.session_factory.begin() as s:
            ledger.delete_payment(s, clock, payment_id)
            assert ledger.check_consistency(s) == []
    with db.session_factory() as s:
        after = {
            i: (s.get_one(Invoice, i).open_cents, s.get_one(Invoice, i).settled_on) for i in ids
        }
        assert after == before
        assert ledger.unallocated_credit(s, customer) == {}
        assert ledger.check_consistency(s) == []
        assert s.scalar(select(Customer.id).where(Customer.ref == ref)) == customer
        kinds = s.scalars(
            select(HistoryEvent.kind).where(HistoryEvent.customer_id == customer)
        ).all()
        assert kinds.count("payment_received") == kinds.count("payment_deleted") == len(paid)


def test_payment_deleted_in_the_session_that_recorded_it_leaves_no_trace(
    db: Database, clock: Clock
) -> None:
    with db.session_factory.begin() as s:
        customer = new_customer(s, clock)
        invoice = new_invoice(s, clock, customer, "FA-1", TODAY, 1000)
        result = ledger.record_payment(
            s, clock, customer_id=customer, amount_cents=1500, received_on=TODAY
        )
        ledger.delete_payment(s, clock, result.document_id)
        assert open_of(s, invoice) == [1000]
    with db.session_factory() as s:
        assert open_of(s, invoice) == [1000]
        assert s.get_one(Invoice, invoice).settled_on is None
        assert s.scalar(select(func.count()).select_from(Allocation)) == 0
        assert ledger.unallocated_credit(s, customer) == {}
        assert ledger.check_consistency(s) == []
