"""Where a payment goes: oldest due first by default, or to the invoices the user chose."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.ledger import (
    Allocation,
    AllocationError,
    AllocationPlan,
    OpenItem,
    allocate_oldest_first,
    allocate_to_chosen,
    oldest_first,
    open_balance,
)

D = date(2026, 1, 1)


def item(invoice_id: int, due: date, open_cents: int, issued: date | None = None) -> OpenItem:
    return OpenItem(
        invoice_id, due, issued or due - timedelta(days=30), open_cents, f"FA-{invoice_id}"
    )


def test_open_balance_is_amount_less_allocations() -> None:
    assert open_balance(10000, [2500, 2500]) == 5000
    assert open_balance(10000, []) == 10000


def test_payment_is_allocated_oldest_due_first() -> None:
    items = [item(1, date(2026, 3, 1), 1000), item(2, date(2026, 1, 1), 1000)]
    plan = allocate_oldest_first(1500, items)
    assert plan.allocations == (Allocation(2, 1000), Allocation(1, 500))
    assert plan.unallocated_cents == 0


def test_equal_due_dates_are_settled_by_issue_date_then_id() -> None:
    due = date(2026, 3, 1)
    items = [
        item(5, due, 100, issued=date(2026, 2, 1)),
        item(3, due, 100, issued=date(2026, 2, 1)),
        item(9, due, 100, issued=date(2026, 1, 1)),
    ]
    assert [i.invoice_id for i in oldest_first(items)] == [9, 3, 5]
    plan = allocate_oldest_first(250, items)
    assert plan.allocations == (Allocation(9, 100), Allocation(3, 100), Allocation(5, 50))


def test_overpayment_remainder_is_kept_as_unallocated_credit() -> None:
    plan = allocate_oldest_first(5000, [item(1, D, 1200), item(2, D + timedelta(days=1), 800)])
    assert plan.allocated_cents == 2000
    assert plan.unallocated_cents == 3000


def test_settled_invoices_receive_nothing() -> None:
    plan = allocate_oldest_first(500, [item(1, D, 0), item(2, D + timedelta(days=9), 700)])
    assert plan.allocations == (Allocation(2, 500),)


def test_payment_without_open_invoices_is_all_credit() -> None:
    assert allocate_oldest_first(900, []) == AllocationPlan((), 900)


def test_negative_payment_is_refused() -> None:
    with pytest.raises(AllocationError):
        allocate_oldest_first(-1, [item(1, D, 100)])
    with pytest.raises(AllocationError):
        allocate_to_chosen(-1, [item(1, D, 100)], {1: None})


def test_chosen_allocations_take_explicit_amounts() -> None:
    items = [item(1, D, 1000), item(2, D + timedelta(days=10), 1000)]
    plan = allocate_to_chosen(1000, items, {2: 600, 1: 300})
    assert plan.allocations == (Allocation(2, 600), Allocation(1, 300))
    assert plan.unallocated_cents == 100


def test_chosen_allocation_without_amount_takes_what_the_invoice_owes_in_order_given() -> None:
    items = [item(1, D, 1000), item(2, D + timedelta(days=10), 700)]
    plan = allocate_to_chosen(1200, items, {2: None, 1: None})
    assert plan.allocations == (Allocation(2, 700), Allocation(1, 500))
    assert plan.unallocated_cents == 0


def test_chosen_allocations_mix_explicit_amounts_and_none() -> None:
    items = [item(1, D, 1000), item(2, D, 700), item(3, D, 400)]
    plan = allocate_to_chosen(2000, items, {1: 250, 2: None, 3: 100})
    assert plan.allocations == (Allocation(1, 250), Allocation(2, 700), Allocation(3, 100))
    assert plan.unallocated_cents == 950


def test_chosen_invoice_left_without_money_gets_no_allocation() -> None:
    items = [item(1, D, 1000), item(2, D, 700)]
    plan = allocate_to_chosen(1000, items, {1: None, 2: None})
    assert plan.allocations == (Allocation(1, 1000),)
    assert plan.unallocated_cents == 0


def test_allocating_more_than_an_invoice_owes_is_refused() -> None:
    with pytest.raises(AllocationError, match="FA-1 owes less"):
        allocate_to_chosen(5000, [item(1, D, 1000)], {1: 1001})


def test_allocating_more_than_the_payment_is_refused() -> None:
    items = [item(1, D, 1000), item(2, D, 1000)]
    with pytest.raises(AllocationError, match="more than the payment"):
        allocate_to_chosen(1500, items, {1: 1000, 2: 600})


def test_allocating_to_an_unknown_invoice_is_refused() -> None:
    with pytest.raises(AllocationError, match="not open"):
        allocate_to_chosen(100, [item(1, D, 1000)], {42: None})


@pytest.mark.parametrize("amount", [0, -5])
def test_allocating_nothing_or_less_is_refused(amount: int) -> None:
    with pytest.raises(AllocationError, match="positive"):
        allocate_to_chosen(100, [item(1, D, 1000)], {1: amount})


open_items = st.lists(
    st.builds(
        OpenItem,
        invoice_id=st.integers(min_value=1, max_value=10_000),
        due_date=st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
        issue_date=st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 12, 31)),
        open_cents=st.integers(min_value=0, max_value=10**9),
    ),
    max_size=12,
    unique_by=lambda i: i.invoice_id,
)


def check_plan(plan: AllocationPlan, amount: int, items: list[OpenItem]) -> None:
    owed = {i.invoice_id: i.open_cents for i in items}
    assert all(a.cents > 0 for a in plan.allocations)
    assert len({a.invoice_id for a in plan.allocations}) == len(plan.allocations)
    for allocation in plan.allocations:
        assert allocation.cents <= owed[allocation.invoice_id]
    assert plan.unallocated_cents >= 0
    assert plan.allocated_cents + plan.unallocated_cents == amount


@settings(max_examples=100)
@given(amount=st.integers(min_value=0, max_value=10**10), items=open_items)
def test_oldest_first_never_exceeds_an_invoice_nor_the_payment(
    amount: int, items: list[OpenItem]
) -> None:
    plan = allocate_oldest_first(amount, items)
    check_plan(plan, amount, items)
    # Credit is left only when every invoice is paid in full.
    if plan.unallocated_cents:
        assert plan.allocated_cents == sum(i.open_cents for i in items)
    # Allocations follow the oldest-first order, and only the last one may be partial.
    order = [i.invoice_id for i in oldest_first(items) if i.open_cents > 0]
    ids = [a.invoice_id for a in plan.allocations]
    assert ids == order[: len(ids)]
    owed = {i.invoice_id: i.open_cents for i in items}
    assert all(a.cents == owed[a.invoice_id] for a in plan.allocations[:-1])


@settings(max_examples=100)
@given(data=st.data(), amount=st.integers(min_value=0, max_value=10**10), items=open_items)
def test_chosen_allocations_never_exceed_an_invoice_nor_the_payment(
    data: st.DataObject, amount: int, items: list[OpenItem]
) -> None:
    chosen = data.draw(st.lists(st.sampled_from(items), unique=True) if items else st.just([]))
    requested = {
        i.invoice_id: data.draw(
            st.none() | st.integers(min_value=1, max_value=max(i.open_cents, 1))
        )
        for i in chosen
    }
    # The rule, walked by hand: amounts in the order given, None takes what is left to owe.
    owed = {i.invoice_id: i.open_cents for i in items}
    remaining, must_refuse = amount, False
    for invoice_id, wanted in requested.items():
        if wanted is None:
            remaining -= min(remaining, owed[invoice_id])
        elif wanted > owed[invoice_id] or wanted > remaining:
            must_refuse = True
            break
        else:
            remaining -= wanted
    if must_refuse:
        with pytest.raises(AllocationError):
            allocate_to_chosen(amount, items, requested)
        return
    plan = allocate_to_chosen(amount, items, requested)
    assert plan.unallocated_cents == remaining
    check_plan(plan, amount, items)
    for allocation in plan.allocations:
        wanted = requested[allocation.invoice_id]
        assert wanted is None or allocation.cents == wanted
