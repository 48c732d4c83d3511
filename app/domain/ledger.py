"""Balances and allocations: what each invoice still owes, and where a payment goes.

Everything here works on plain values so that the rules can be tested (and property-tested)
without a database. Amounts are integer minor units.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

# The note of an allocation that writes an invoice off: no money came in, the debt was given up.
WRITE_OFF_NOTE = "write-off"


def N_(message: str) -> str:
    return message


class AllocationError(ValueError):
    """An allocation asked for more than a payment holds or an invoice still owes.

    `template` is English source text marked for translation and `params` fill it, so that
    the layer that shows the message can translate it (the domain does not know the language).
    """

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template.format(**params))
        self.template = template
        self.params = params

    def translated(self, translate: Callable[[str], str]) -> str:
        return translate(self.template).format(**self.params)


@dataclass(frozen=True, slots=True)
class OpenItem:
    """An invoice as the allocation rules see it."""

    invoice_id: int
    due_date: date
    issue_date: date
    open_cents: int
    number: str = ""


@dataclass(frozen=True, slots=True)
class Allocation:
    invoice_id: int
    cents: int


@dataclass(frozen=True, slots=True)
class AllocationPlan:
    """Where an amount goes: allocations to invoices, and what is left as unallocated credit."""

    allocations: tuple[Allocation, ...]
    unallocated_cents: int

    @property
    def allocated_cents(self) -> int:
        return sum(a.cents for a in self.allocations)


def open_balance(amount_cents: int, allocated_cents: Iterable[int]) -> int:
    """What an invoice still owes: its amount less everything allocated to it."""
    return amount_cents - sum(allocated_cents)


def oldest_first(items: Iterable[OpenItem]) -> list[OpenItem]:
    """Order in which a payment settles invoices by default: earliest due, then issued, then id."""
    return sorted(items, key=lambda i: (i.due_date, i.issue_date, i.invoice_id))


def allocate_oldest_first(amount_cents: int, items: Iterable[OpenItem]) -> AllocationPlan:
    """Spread an amount over open invoices, oldest due first; the remainder stays as credit."""
    if amount_cents < 0:
        raise AllocationError(N_("A payment cannot be negative."))
    remaining = amount_cents
    allocations: list[Allocation] = []
    for item in oldest_first(i for i in items if i.open_cents > 0):
        if remaining == 0:
            break
        share = min(remaining, item.open_cents)
        allocations.append(Allocation(item.invoice_id, share))
        remaining -= share
    return AllocationPlan(tuple(allocations), remaining)


def allocate_to_chosen(
    amount_cents: int,
    items: Sequence[OpenItem],
    requested: Mapping[int, int | None],
) -> AllocationPlan:
    """Allocate to invoices the user chose.

    `requested` maps invoice ids to an amount, or to None for "as much as this invoice owes, in
    the order given". Explicit amounts are checked against the invoice and the payment; the
    remainder is unallocated credit.
    """
    if amount_cents < 0:
        raise AllocationError(N_("A payment cannot be negative."))
    by_id = {i.invoice_id: i for i in items}
    remaining = amount_cents
    allocations: list[Allocation] = []
    for invoice_id, wanted in requested.items():
        item = by_id.get(invoice_id)
        if item is None:
            raise AllocationError(
                N_("Invoice {number} is not open for this customer."), number=invoice_id
            )
        label = item.number or str(invoice_id)
        if wanted is None:
            share = min(remaining, item.open_cents)
        else:
            if wanted <= 0:
                raise AllocationError(
                    N_("The amount allocated to invoice {number} must be positive."), number=label
                )
            if wanted > item.open_cents:
                raise AllocationError(
                    N_("Invoice {number} owes less than the amount allocated to it."), number=label
                )
            if wanted > remaining:
                raise AllocationError(N_("The allocations add up to more than the payment."))
            share = wanted
        if share > 0:
            allocations.append(Allocation(invoice_id, share))
            remaining -= share
    return AllocationPlan(tuple(allocations), remaining)
