"""The engine run day after day over random books, as a diligent credit manager would: whatever
the book, no customer gets two reminders on one day, nobody goes back to a gentler level for a
debt still unpaid, and every claim is open − disputed − credit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.dunning import CustomerState, InvoiceState, Proposal, propose_for, stage
from app.domain.dunning_policies import SHIPPED

START = date(2026, 1, 5)
POLICIES = {p.key: p for p in SHIPPED}

invoice_specs = st.lists(
    st.tuples(
        st.integers(-30, 90),  # due, days after the start
        st.integers(1_000, 2_000_000),  # amount
        st.integers(0, 100),  # disputed share, in percent (0 mostly)
        st.none() | st.integers(0, 120),  # the day it gets paid, if it does
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(
    invoice_specs,
    st.sampled_from(sorted(POLICIES)),
    st.integers(0, 3_000_000),
    st.booleans(),
    st.integers(1, 3),
)
def test_a_book_reminded_every_day_for_four_months(
    specs: list[tuple[int, int, int, int | None]],
    policy: str,
    credit: int,
    has_email: bool,
    runs_a_day: int,
) -> None:
    invoices = []
    paid_on: dict[int, int | None] = {}
    for n, (due, cents, share, paid) in enumerate(specs, start=1):
        disputed = cents * share // 100 if share > 80 else 0
        day = START + timedelta(days=due)
        invoices.append(
            InvoiceState(n, f"FA-{n}", day - timedelta(days=30), day, "EUR", cents, cents, disputed)
        )
        paid_on[n] = paid
    customer = CustomerState(
        1,
        "411X",
        "X",
        POLICIES[policy],
        tuple(invoices),
        has_email=has_email,
        credit={"EUR": credit},
    )
    sent_days: list[date] = []
    for offset in range(150):
        today = START + timedelta(days=offset)
        # money comes in on its day: a paid invoice has nothing open any more
        customer = replace(
            customer,
            invoices=tuple(
                i._replace(open_cents=0)
                if paid_on[i.id] is not None and offset >= (paid_on[i.id] or 0)
                else i
                for i in customer.invoices
            ),
        )
        for _run in range(runs_a_day):
            before = stage(customer)
            result = propose_for(customer, today)
            if not isinstance(result, Proposal):
                continue
            assert today not in sent_days, "two reminders on one day"
            assert result.level.rank >= before, "back to a gentler level for an unpaid debt"
            gross = sum(i.invoice.open_cents - i.invoice.disputed_cents for i in result.invoices)
            assert result.total_cents == gross
            assert result.credit_cents == min(credit, gross)
            assert result.claimed_cents == gross - min(credit, gross) > 0
            if result.level.days < 0:
                assert "letter" not in result.channels  # a note before the due date is emailed
            if result.level.formal_notice:
                for item in result.invoices:  # only debt that went through the amicable steps
                    assert item.invoice.last_rank >= result.level.rank - 1
            sent = {p.invoice.id for p in result.invoices}
            customer = replace(
                customer,
                last_reminder_on=today,
                invoices=tuple(
                    i._replace(last_rank=result.level.rank) if i.id in sent else i
                    for i in customer.invoices
                ),
            )
            sent_days.append(today)
