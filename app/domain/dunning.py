"""The dunning engine: who to remind today, at which level, about which invoices; pure rules.

One proposal per customer, covering all its eligible invoices, at the level reached by the most
advanced of them: one letter per customer, never one per invoice. An invoice moves up one level
per reminder: after days when nothing was sent, the engine proposes the next level, not several
at once, and the level's minimum delay since the previous reminder still applies.

Not reminded, with the reason: amounts under an open dispute, customers on hold, invoices covered
by a pending promise or payment plan, totals under the level's minimum, and reminders too soon
after the previous one.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date


class Skip(enum.StrEnum):
    """Why a customer gets no reminder today (the `dunning propose` JSON contract)."""

    DISPUTE = "dispute"
    HOLD = "hold"
    PROMISE = "promise"
    BELOW_MINIMUM = "below_minimum"
    TOO_SOON = "too_soon"


LETTER, EMAIL, PHONE = "letter", "email", "phone"
CHANNELS = (LETTER, EMAIL, PHONE)


@dataclass(frozen=True)
class Level:
    rank: int  # 1, 2, 3… in the order of the policy
    name: str
    days: int  # after the due date; negative: a courtesy reminder before it
    channels: tuple[str, ...]
    template: str  # the key of the letter text
    min_overdue_cents: int = 0
    min_days_since_previous: int = 0
    state_penalties: bool = False
    formal_notice: bool = False
    manual_only: bool = False  # never proposed by itself: a person decides (Gentle's notice)
    attach_statement: bool = False  # emails carry the statement of account too


@dataclass(frozen=True)
class Policy:
    key: str
    name: str
    levels: tuple[Level, ...]
    after_broken: int | None = None  # the level a broken promise brings the customer back to

    def level(self, rank: int) -> Level:
        return next(level for level in self.levels if level.rank == rank)

    def automatic(self) -> list[Level]:
        return sorted((lv for lv in self.levels if not lv.manual_only), key=lambda lv: lv.rank)


@dataclass(frozen=True)
class InvoiceState:
    id: int
    number: str
    issue_date: date
    due_date: date
    currency: str
    amount_cents: int
    open_cents: int
    disputed_cents: int = 0
    promised: bool = False  # covered by a pending promise or an instalment of a payment plan
    last_rank: int = 0  # the highest level already sent about this invoice
    promise_broken: bool = False  # a promise covering it broke since the last reminder

    @property
    def remindable_cents(self) -> int:
        return max(self.open_cents - self.disputed_cents, 0)


@dataclass(frozen=True)
class CustomerState:
    id: int
    ref: str
    name: str
    policy: Policy
    invoices: tuple[InvoiceState, ...]
    on_hold: bool = False
    has_email: bool = True
    account_promised: bool = False  # a pending promise on the account as a whole
    last_reminder_on: date | None = None


@dataclass(frozen=True)
class ProposedInvoice:
    invoice: InvoiceState
    days_overdue: int  # negative before the due date


@dataclass(frozen=True)
class Proposal:
    customer: CustomerState
    level: Level
    channels: tuple[str, ...]
    invoices: tuple[ProposedInvoice, ...]
    currency: str
    excluded: tuple[tuple[InvoiceState, Skip], ...] = ()

    @property
    def total_cents(self) -> int:
        return sum(p.invoice.remindable_cents for p in self.invoices)


@dataclass(frozen=True)
class Skipped:
    customer: CustomerState
    reason: Skip
    detail: str = ""


@dataclass
class Outcome:
    proposals: list[Proposal] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def _applicable(policy: Policy, late: int) -> list[Level]:
    """Automatic levels that can speak of an invoice this late: a courtesy reminder (negative
    days) only until the due date."""
    return [lv for lv in policy.automatic() if lv.days >= 0 or late <= 0]


def reached_rank(policy: Policy, due: date, as_of: date) -> int:
    """The highest level whose day has come for an invoice due on `due` (0: none yet)."""
    late = (as_of - due).days
    return max((lv.rank for lv in _applicable(policy, late) if late >= lv.days), default=0)


def target_rank(policy: Policy, invoice: InvoiceState, as_of: date) -> int:
    """The level to send now: one step past the last one sent, never beyond the level reached."""
    late = (as_of - invoice.due_date).days
    following = [lv.rank for lv in _applicable(policy, late) if lv.rank > invoice.last_rank]
    if not following:
        return invoice.last_rank
    return min(reached_rank(policy, invoice.due_date, as_of), min(following))


def _channels(level: Level, has_email: bool) -> tuple[str, ...]:
    """Email falls back to a letter when there is no address to write to."""
    chosen: list[str] = []
    for channel in level.channels:
        actual = LETTER if channel == EMAIL and not has_email else channel
        if actual not in chosen:
            chosen.append(actual)
    return tuple(chosen)


def propose_for(customer: CustomerState, as_of: date) -> Proposal | Skipped | None:
    """One customer's proposal, the reason it has none, or None when nothing is due at all."""
    policy = customer.policy
    owing = [
        i
        for i in customer.invoices
        if i.open_cents > 0 and (i.due_date < as_of or reached_rank(policy, i.due_date, as_of) > 0)
    ]
    if not owing:
        return None
    if customer.on_hold:
        return Skipped(customer, Skip.HOLD)
    excluded: list[tuple[InvoiceState, Skip]] = []
    eligible: list[InvoiceState] = []
    for invoice in owing:
        if invoice.remindable_cents <= 0:
            excluded.append((invoice, Skip.DISPUTE))
        elif invoice.promised or customer.account_promised:
            excluded.append((invoice, Skip.PROMISE))
        else:
            eligible.append(invoice)
    if not eligible:
        reasons = {reason for _i, reason in excluded}
        return Skipped(customer, Skip.PROMISE if Skip.PROMISE in reasons else Skip.DISPUTE)
    currency = _main_currency(eligible)
    eligible = [i for i in eligible if i.currency == currency]
    moving = [t for i in eligible if (t := target_rank(policy, i, as_of)) > i.last_rank]
    automatic = {lv.rank for lv in policy.automatic()}
    broken = [
        policy.after_broken
        for i in eligible
        if i.promise_broken and i.due_date < as_of and policy.after_broken in automatic
    ]
    if not moving and not broken:
        return None  # every invoice has already had the reminder its age calls for
    rank = max([*moving, *(b for b in broken if b is not None)])
    level = policy.level(rank)
    if customer.last_reminder_on is not None:
        since = (as_of - customer.last_reminder_on).days
        if since < level.min_days_since_previous:
            return Skipped(
                customer, Skip.TOO_SOON, f"{since} < {level.min_days_since_previous} days"
            )
    # A courtesy reminder speaks of what falls due soon; later levels only of what is overdue.
    if level.days < 0:
        covered = [i for i in eligible if i.due_date >= as_of and target_rank(policy, i, as_of)]
    else:
        covered = [i for i in eligible if i.due_date < as_of]
    if not covered:
        return None
    total = sum(i.remindable_cents for i in covered)
    if total < level.min_overdue_cents:
        return Skipped(customer, Skip.BELOW_MINIMUM)
    return Proposal(
        customer,
        level,
        _channels(level, customer.has_email),
        tuple(
            ProposedInvoice(i, (as_of - i.due_date).days)
            for i in sorted(covered, key=lambda i: (i.due_date, i.number))
        ),
        currency,
        tuple(excluded),
    )


def _main_currency(invoices: Sequence[InvoiceState]) -> str:
    """The currency most owed in: one letter speaks of one currency."""
    totals: dict[str, int] = {}
    for invoice in invoices:
        totals[invoice.currency] = totals.get(invoice.currency, 0) + invoice.remindable_cents
    return max(sorted(totals), key=lambda c: totals[c])


def propose(customers: Iterable[CustomerState], as_of: date) -> Outcome:
    outcome = Outcome()
    for customer in customers:
        result = propose_for(customer, as_of)
        if isinstance(result, Proposal):
            outcome.proposals.append(result)
        elif isinstance(result, Skipped):
            outcome.skipped.append(result)
    return outcome


def with_level(proposal: Proposal, level: Level) -> Proposal:
    """The same proposal at a level chosen by hand (a manual formal notice, a gentler step)."""
    return Proposal(
        proposal.customer,
        level,
        _channels(level, proposal.customer.has_email),
        proposal.invoices,
        proposal.currency,
        proposal.excluded,
    )
