"""The dunning engine: who to remind today, at which level, about which invoices; pure rules.

One proposal per customer, covering all its eligible invoices, at the level reached by the most
advanced of them: one letter per customer, never one per invoice. An invoice moves up one level
per reminder: after days when nothing was sent, the engine proposes the next level, not several
at once, and the level's minimum delay since the previous reminder still applies.

Not reminded, with the reason: amounts under an open dispute, customers on hold or handed over,
reminders held back, invoices covered by a pending promise or payment plan, totals under the
level's minimum or covered by the credit on the account, reminders too soon after the previous one
(never two on one day), and a reminder before the due date for a customer without an email (it
would arrive by post after the date).

Never backwards: once a customer has had a level for a debt still unpaid, no reminder speaks to it
in a gentler level's words; a new invoice falling due meanwhile joins the next reminder at the
customer's stage. A formal notice covers only the invoices that went through the amicable steps
(the last amicable reminder, at its day or later); the customer's other overdue invoices are
listed apart, not claimed.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from operator import attrgetter
from typing import NamedTuple

from app.i18n import N_


class Skip(enum.StrEnum):
    """Why a customer gets no reminder today (the `dunning propose` JSON contract)."""

    DISPUTE = "dispute"
    HOLD = "hold"
    PROMISE = "promise"
    BELOW_MINIMUM = "below_minimum"
    TOO_SOON = "too_soon"
    CREDIT = "credit"  # the credit on the account covers what would be reminded
    NO_EMAIL = "no_email"  # a reminder before the due date goes by email only, and there is none
    HELD_BACK = "held_back"  # the credit manager held this reminder back until a date
    HANDED_OVER = "handed_over"  # the debt is with a collection agency or a lawyer


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
        return list(self._automatic)

    @cached_property
    def _automatic(self) -> tuple[Level, ...]:
        """Asked for every invoice of a big book: sorted once per policy."""
        return tuple(
            sorted((lv for lv in self.levels if not lv.manual_only), key=lambda lv: lv.rank)
        )

    @cached_property
    def _ranks_by_lateness(self) -> dict[tuple[int, int], tuple[int, int]]:
        """`reached_rank` and `target_rank` as computed, by (days late, last rank sent): a big
        book's invoices share a few hundred such pairs."""
        return {}


class InvoiceState(NamedTuple):  # a tuple: one per open invoice of the book, at each proposal
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
        left = self.open_cents - self.disputed_cents  # read for every invoice at each step
        return left if left > 0 else 0


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
    credit: Mapping[str, int] = field(default_factory=dict, hash=False)  # unallocated, per currency
    held_back_until: date | None = None  # a reminder held back by hand, until this day
    handed_over: bool = False  # with a collection agency or a lawyer: Relance stays quiet
    # The day the last reminder, a registered formal notice, was received (from its receipt)
    notice_received_on: date | None = None


class ProposedInvoice(NamedTuple):  # a tuple: one per invoice of each day's proposals
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
    credit_cents: int = 0  # the credit on the account deducted from what is claimed
    also_due: tuple[ProposedInvoice, ...] = ()  # overdue, listed apart, not claimed (a notice)
    # The invoices' amounts still due, less their disputed parts: summed once (a lazy property
    # cost more, behind its lock, than the sum at each of a big book's proposals).
    total_cents: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        total = sum(p.invoice.remindable_cents for p in self.invoices)
        object.__setattr__(self, "total_cents", total)

    @property
    def claimed_cents(self) -> int:
        """What the reminder asks for, before any penalties: open − disputed − credit."""
        return self.total_cents - self.credit_cents


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
    return _ranks(policy, (as_of - due).days, 0)[0]


def target_rank(policy: Policy, invoice: InvoiceState, as_of: date) -> int:
    """The level to send now: one step past the last one sent, never beyond the level reached."""
    return _ranks(policy, (as_of - invoice.due_date).days, invoice.last_rank)[1]


def _ranks(policy: Policy, late: int, last_rank: int) -> tuple[int, int]:
    """(`reached_rank`, `target_rank`) of an invoice `late` days late whose last reminder was of
    rank `last_rank`, computed once per policy and pair."""
    known = policy._ranks_by_lateness.get((late, last_rank))
    if known is not None:
        return known
    applicable = _applicable(policy, late)
    reached = max((lv.rank for lv in applicable if late >= lv.days), default=0)
    following = [lv.rank for lv in applicable if lv.rank > last_rank]
    target = min(reached, min(following)) if following else last_rank
    policy._ranks_by_lateness[(late, last_rank)] = (reached, target)
    return reached, target


def _channels(level: Level, has_email: bool) -> tuple[str, ...]:
    """Email falls back to a letter when there is no address to write to; a reminder before the
    due date is never posted (it would arrive after the date): without an email it is a call,
    or nothing."""
    chosen: list[str] = []
    for channel in level.channels:
        actual = LETTER if channel == EMAIL and not has_email else channel
        if level.days < 0 and actual == LETTER:
            continue
        if actual not in chosen:
            chosen.append(actual)
    return tuple(chosen)


def stage(customer: CustomerState) -> int:
    """The highest level already sent about a debt still unpaid and still reminded (a debt
    under a dispute or an agreement no longer sets the tone)."""
    if customer.account_promised:
        return 0
    return max(
        (
            i.last_rank
            for i in customer.invoices
            if i.last_rank and not i.promised and i.open_cents > i.disputed_cents
        ),
        default=0,
    )


def _previous_amicable(policy: Policy, level: Level) -> Level | None:
    """The amicable level just before a formal notice (None when there is none)."""
    before = [lv for lv in policy.levels if lv.rank < level.rank and not lv.formal_notice]
    return max(before, key=lambda lv: lv.rank, default=None)


def notice_covers(policy: Policy, level: Level, invoice: InvoiceState, as_of: date) -> bool:
    """A formal notice claims an invoice that went through the amicable steps: it had the last
    amicable reminder, and is at least as late as that reminder's day (an invoice that joined it
    a few days after falling due is listed apart, not claimed). Other levels speak of every
    overdue invoice."""
    if not level.formal_notice:
        return True
    previous = _previous_amicable(policy, level)
    if previous is None:
        return (as_of - invoice.due_date).days >= level.days
    late = (as_of - invoice.due_date).days
    return invoice.last_rank >= previous.rank and late >= previous.days


class LevelRefused(ValueError):
    """A level that cannot be sent for this customer today, with the reason in words."""


def _shape(
    customer: CustomerState,
    level: Level,
    eligible: Sequence[InvoiceState],
    currency: str,
    as_of: date,
    excluded: tuple[tuple[InvoiceState, Skip], ...],
) -> Proposal | Skip | None:
    """The proposal of `level` over the eligible invoices, or why there is none."""
    channels = _channels(level, customer.has_email)
    if not channels:
        return Skip.NO_EMAIL
    also_due: list[InvoiceState] = []
    if level.days < 0:  # a courtesy reminder speaks of what falls due soon
        covered = [
            i
            for i in eligible
            if i.due_date >= as_of and target_rank(customer.policy, i, as_of) == level.rank
        ]
    else:
        overdue = [i for i in eligible if i.due_date < as_of]
        if level.formal_notice:
            covered = [i for i in overdue if notice_covers(customer.policy, level, i, as_of)]
            claimed = {i.id for i in covered}
            also_due = [i for i in overdue if i.id not in claimed]
        else:
            covered = overdue
    if not covered:
        return None
    total = sum(i.remindable_cents for i in covered)
    credit = min(max(customer.credit.get(currency, 0), 0), total)
    if credit >= total:
        return Skip.CREDIT
    if total - credit < level.min_overdue_cents:
        return Skip.BELOW_MINIMUM

    def listed(invoices: Sequence[InvoiceState]) -> tuple[ProposedInvoice, ...]:
        ordered = sorted(invoices, key=_BY_DUE_DATE)
        return tuple(ProposedInvoice(i, (as_of - i.due_date).days) for i in ordered)

    return Proposal(
        customer, level, channels, listed(covered), currency, excluded, credit, listed(also_due)
    )


_BY_DUE_DATE = attrgetter("due_date", "number")  # how a letter lists invoices


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
    if customer.handed_over:
        return Skipped(customer, Skip.HANDED_OVER)
    if customer.on_hold:
        return Skipped(customer, Skip.HOLD)
    if customer.held_back_until is not None and as_of <= customer.held_back_until:
        return Skipped(customer, Skip.HELD_BACK, customer.held_back_until.isoformat())
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
    currency = main_currency(eligible)
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
    reached = stage(customer)
    if rank < reached:  # never backwards: it joins the next reminder at the customer's stage
        return Skipped(customer, Skip.TOO_SOON, f"joins the next reminder (stage {reached})")
    level = policy.level(rank)
    if customer.last_reminder_on is not None:
        since = (as_of - customer.last_reminder_on).days
        spacing = max(level.min_days_since_previous, 1)  # never two reminders on one day
        if since < spacing:
            return Skipped(customer, Skip.TOO_SOON, f"{since} < {spacing} days")
    shaped = _shape(customer, level, eligible, currency, as_of, tuple(excluded))
    if isinstance(shaped, Skip):
        return Skipped(customer, shaped)
    return shaped


def main_currency(invoices: Sequence[InvoiceState]) -> str:
    """The currency most owed in: one letter speaks of one currency."""
    totals: dict[str, int] = {}
    for invoice in invoices:
        totals[invoice.currency] = totals.get(invoice.currency, 0) + invoice.remindable_cents
    return max(sorted(totals), key=lambda c: totals[c])


class Stopped(Exception):
    """A reading of the book asked to stop: nobody wants its answer any more (a newer reading
    was asked, the window is closing)."""


def never() -> bool:
    return False


STOP_EVERY = 1_000  # customers proposed between two looks at `stop`


def propose(
    customers: Iterable[CustomerState], as_of: date, stop: Callable[[], bool] = never
) -> Outcome:
    """Every customer's proposal or reason; Stopped as soon as `stop()` says so."""
    outcome = Outcome()
    for n, customer in enumerate(customers):
        if n % STOP_EVERY == 0 and stop():
            raise Stopped
        result = propose_for(customer, as_of)
        if isinstance(result, Proposal):
            outcome.proposals.append(result)
        elif isinstance(result, Skipped):
            outcome.skipped.append(result)
    return outcome


def with_level(proposal: Proposal, level: Level, as_of: date) -> Proposal:
    """The same customer at a level chosen by hand (a formal notice by hand, a firmer step);
    LevelRefused when that level has nothing to say (no invoice went through the amicable steps
    for a formal notice, a courtesy reminder for overdue invoices, no way to send it)."""
    customer = proposal.customer
    if level.rank < stage(customer):
        raise LevelRefused(N_("A customer never goes back to a gentler level for the same debt."))
    eligible = [p.invoice for p in (*proposal.invoices, *proposal.also_due)]
    shaped = _shape(customer, level, eligible, proposal.currency, as_of, proposal.excluded)
    if isinstance(shaped, Proposal):
        return shaped
    if shaped is Skip.NO_EMAIL:
        raise LevelRefused(N_("This level goes by email only, and the customer has no email."))
    if shaped is Skip.CREDIT:
        raise LevelRefused(N_("The credit on the account covers what this level would claim."))
    if shaped is Skip.BELOW_MINIMUM:
        raise LevelRefused(N_("What this level would claim is under its minimum."))
    if level.formal_notice:
        raise LevelRefused(
            N_("No invoice has been through the amicable reminders before a formal notice.")
        )
    raise LevelRefused(N_("This level speaks of no invoice of this customer today."))


class DecisionReason(enum.StrEnum):
    """Why amicable collection reached its end for a customer (the `decisions` JSON contract)."""

    NOTICE_EXPIRED = "notice_expired"  # a formal notice's deadline passed, unpaid
    LAST_LEVEL = "last_level"  # the policy's last automatic level was sent; what next is by hand


@dataclass(frozen=True)
class DecisionNeeded:
    """A customer for whom the reminders have said everything: a person decides what follows
    (a formal notice by hand, a payment plan, an agency or a lawyer, a write-off)."""

    customer: CustomerState
    reason: DecisionReason
    since: date
    amount_cents: int  # the debt still reminded, less the credit on the account
    currency: str
    manual_rank: int | None = None  # the level to send by hand, when the policy has one


def decision_for(customer: CustomerState, as_of: date, notice_days: int) -> DecisionNeeded | None:
    """Whether the customer awaits a decision: its formal notice expired (`notice_days` after it
    was received, or sent when its receipt is not known), or its policy's last automatic level
    was sent and the next one is by hand (or there is none), long enough ago."""
    if customer.last_reminder_on is None:
        return None
    if customer.handed_over or customer.on_hold or customer.account_promised:
        return None
    eligible = [
        i
        for i in customer.invoices
        if i.remindable_cents > 0 and not i.promised and i.due_date < as_of
    ]
    reached = stage(customer)
    if not eligible or reached == 0 or customer.last_reminder_on is None:
        return None
    currency = main_currency(eligible)
    owed = sum(i.remindable_cents for i in eligible if i.currency == currency)
    owed -= min(max(customer.credit.get(currency, 0), 0), owed)
    if owed <= 0:
        return None
    policy = customer.policy
    level = next((lv for lv in policy.levels if lv.rank == reached), None)
    if level is None:
        return None
    last = customer.last_reminder_on
    if level.formal_notice:
        # The notice's time to pay runs from the day it was received when the receipt says so
        # (Code civil, art. 1344: the debtor is put on notice by the letter; docs/reminders.md).
        deadline = (customer.notice_received_on or last) + timedelta(days=notice_days)
        if as_of > deadline:
            return DecisionNeeded(
                customer,
                DecisionReason.NOTICE_EXPIRED,
                deadline + timedelta(days=1),
                owed,
                currency,
            )
        return None
    automatic = policy.automatic()
    if not automatic or reached < max(lv.rank for lv in automatic):
        return None
    by_hand = sorted((lv for lv in policy.levels if lv.rank > reached), key=lambda lv: lv.rank)
    if by_hand:
        manual = by_hand[0]
        ready = [i for i in eligible if notice_covers(policy, manual, i, as_of)]
        if not ready:
            return None
        since = max(
            last + timedelta(days=max(manual.min_days_since_previous, 1)),
            min(i.due_date for i in ready) + timedelta(days=manual.days),
        )
        if as_of < since:
            return None
        return DecisionNeeded(
            customer, DecisionReason.LAST_LEVEL, since, owed, currency, manual.rank
        )
    since = last + timedelta(days=max(level.min_days_since_previous, LAST_LEVEL_QUIET_DAYS))
    if as_of < since:
        return None
    return DecisionNeeded(customer, DecisionReason.LAST_LEVEL, since, owed, currency)


LAST_LEVEL_QUIET_DAYS = 15  # after a policy's very last level, how long before a decision
