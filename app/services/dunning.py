"""Who to remind today: the book read into plain states, the engine's proposals, their penalties.

The reading is a handful of set queries (open invoices with what is disputed, promised and last
sent; customers with hold, email and last reminder), so 20,000 customers and 300,000 invoices
take well under two seconds; the rules themselves are the domain's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import chain

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from app.db.casework import PromiseStatus
from app.db.models import (
    Allocation,
    Contact,
    CreditNote,
    Customer,
    Dispute,
    DisputeItem,
    DunningLevel,
    DunningPolicy,
    Invoice,
    Payment,
    Promise,
    PromiseInvoice,
    RatePeriodRow,
    Reminder,
    ReminderHoldback,
    ReminderItem,
)
from app.domain import dunning
from app.domain.disputes import DisputeStatus
from app.domain.dunning import (
    CustomerState,
    DecisionNeeded,
    InvoiceState,
    Level,
    Policy,
    Proposal,
    ProposedInvoice,
    Skipped,
    decision_for,
)
from app.domain.dunning_policies import SHIPPED, SHIPPED_NAMES, policy_key_for
from app.domain.money import plain_writer, to_plain
from app.domain.penalties import (
    JURISDICTIONS,
    NO_PENALTIES,
    LateInvoice,
    Penalties,
    RatePeriod,
    missing_half_years,
    penalties,
)
from app.i18n import N_, _
from app.services.letter_settings import LetterSettings, load_letter_settings
from app.services.settings import load_company


@dataclass(frozen=True)
class CustomerFacts:
    """What a letter needs about a customer beyond the engine's state."""

    kind: str
    language: str
    country: str


@dataclass(frozen=True)
class DunningProposal:
    proposal: Proposal
    policy_key: str
    facts: CustomerFacts
    penalties: Penalties  # what the letter states: nothing unless the level states penalties

    @property
    def customer_id(self) -> int:
        return self.proposal.customer.id


@dataclass(frozen=True)
class RateWarning:
    """The penalty rates table lacks a half-year the letters of the day need."""

    jurisdiction: str
    missing: tuple[date, ...]  # the first day of each missing half-year
    last_known: date | None  # the half-year whose rates stand in

    @property
    def code(self) -> str:
        return "stale_rates"

    def message(self) -> str:
        halves = ", ".join(half_year_name(d) for d in self.missing)
        last = half_year_name(self.last_known) if self.last_known else "—"
        return _(
            "The late-payment rates of {halves} ({country}) are not in the rates table: letters "
            "claiming interest would use the rates of {last}. Enter them in Reminder settings ▸ "
            "Penalty rates, from the published ECB or Bank of England rates."
        ).format(halves=halves, country=self.jurisdiction, last=last)

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "jurisdiction": self.jurisdiction,
            "missing_half_years": [d.isoformat() for d in self.missing],
            "last_known": self.last_known.isoformat() if self.last_known else None,
            "message": self.message(),
        }


def half_year_name(start: date) -> str:
    return f"{start.year}-H{1 if start.month <= 6 else 2}"


FORMAL_NOTICE_DAYS = (8, 15)  # French practice: a formal notice gives 8 to 15 days to pay


def deadline_days(settings: LetterSettings, formal_notice: bool) -> int:
    """The days a letter gives to pay: the settings', kept within 8–15 for a formal notice."""
    days = settings.deadline_days
    if formal_notice:
        days = min(max(days, FORMAL_NOTICE_DAYS[0]), FORMAL_NOTICE_DAYS[1])
    return days


def decision_json(decision: DecisionNeeded) -> dict[str, object]:
    return {
        "customer_ref": decision.customer.ref,
        "customer_name": decision.customer.name,
        "reason": decision.reason.value,
        "since": decision.since.isoformat(),
        "amount": to_plain(decision.amount_cents, decision.currency),
        "currency": decision.currency,
        "manual_level": decision.manual_rank,
    }


@dataclass
class DunningPlan:
    as_of: date
    jurisdiction: str
    proposals: list[DunningProposal] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[RateWarning] = field(default_factory=list)
    decisions: list[DecisionNeeded] = field(default_factory=list)  # amicable collection ended

    def to_json(self) -> dict[str, object]:
        """The `dunning propose --format json` contract."""
        document, streamed = self.json_parts()
        return document | {key: list(items) for key, items in streamed.items()}

    def json_parts(self) -> tuple[dict[str, object], dict[str, Iterable[dict[str, object]]]]:
        """The contract as `cli.write_json` writes it: the proposals (a large book has tens of
        thousands) come one by one, in the place their key holds."""
        document: dict[str, object] = {
            "as_of": self.as_of.isoformat(),
            "proposals": None,
            "skipped": [
                {"customer_ref": s.customer.ref, "reason": s.reason.value} for s in self.skipped
            ],
            "warnings": [w.to_json() for w in self.warnings],
            "decisions": [decision_json(d) for d in self.decisions],
        }
        return document, {"proposals": (proposal_json(p) for p in self.proposals)}


def _invoice_json(p: ProposedInvoice, plain: Callable[[int], str]) -> dict[str, object]:
    invoice = p.invoice
    return {
        "number": invoice.number,
        "due_date": invoice.due_date.isoformat(),
        "open_amount": plain(invoice.remindable_cents),
        "days_overdue": p.days_overdue,
    }


def proposal_json(item: DunningProposal) -> dict[str, object]:
    """`total` is what the reminder claims before penalties: the invoices' `open_amount` (less
    any disputed part) minus `credit`, the credit on the account."""
    proposal, currency = item.proposal, item.proposal.currency
    plain = plain_writer(currency)
    return {
        "customer_ref": proposal.customer.ref,
        "customer_name": proposal.customer.name,
        "level": proposal.level.rank,
        "level_name": level_title(proposal.level),
        "channels": list(proposal.channels),
        "invoices": [_invoice_json(p, plain) for p in proposal.invoices],
        "total": plain(proposal.claimed_cents),
        "credit": plain(proposal.credit_cents),
        "interest": plain(item.penalties.interest_cents),
        "fixed_fees": to_plain(
            item.penalties.fixed_cents, item.penalties.fixed_currency or currency
        ),
        "fixed_fees_currency": item.penalties.fixed_currency or currency,
        "claims_penalties": proposal.level.state_penalties,
        "also_due": [_invoice_json(p, plain) for p in proposal.also_due],
        "currency": currency,
        "policy": item.policy_key,
        "excluded": [
            {"number": invoice.number, "reason": reason.value}
            for invoice, reason in proposal.excluded
        ],
    }


LEVEL_TITLES = {
    "courtesy": "Courtesy reminder",
    "friendly": "Friendly reminder",
    "firm": "Second reminder",
    "last_amicable": "Last amicable reminder",
    "formal_notice": "Formal notice",
    "individual_friendly": "Friendly reminder",
    "individual_firm": "Second reminder",
    "individual_formal_notice": "Formal notice",
}


def level_title(level: Level) -> str:
    """The level's own name, or the shipped name of its text (English: the JSON is a contract)."""
    return level.name or LEVEL_TITLES.get(level.template, level.template)


LEVEL_LABELS = {
    "courtesy": N_("Courtesy reminder"),
    "friendly": N_("Friendly reminder"),
    "firm": N_("Second reminder"),
    "last_amicable": N_("Last amicable reminder"),
    "formal_notice": N_("Formal notice"),
    "individual_friendly": N_("Friendly reminder"),
    "individual_firm": N_("Second reminder"),
    "individual_formal_notice": N_("Formal notice"),
}


def level_label(level: Level) -> str:
    """The level's name for people, in the language of the window."""
    if level.name:
        return level.name
    label = LEVEL_LABELS.get(level.template)
    return _(label) if label else level.template


# --- policies and rates ------------------------------------------------------------------------
def ensure_shipped_policies(session: Session) -> None:
    """Write the shipped policies that are missing (a new book, or one the user deleted)."""
    present = set(session.scalars(select(DunningPolicy.key)))
    for policy in SHIPPED:
        if policy.key in present:
            continue
        session.add(
            DunningPolicy(
                key=policy.key,
                name=policy.name,
                shipped=True,
                after_broken_rank=policy.after_broken,
                levels=[
                    DunningLevel(
                        rank=lv.rank,
                        name=lv.name,
                        days=lv.days,
                        channels=",".join(lv.channels),
                        template=lv.template,
                        min_overdue_cents=lv.min_overdue_cents,
                        min_days_since_previous=lv.min_days_since_previous,
                        state_penalties=lv.state_penalties,
                        formal_notice=lv.formal_notice,
                        manual_only=lv.manual_only,
                        attach_statement=lv.attach_statement,
                    )
                    for lv in policy.levels
                ],
            )
        )
    session.flush()


def load_policies(session: Session) -> dict[str, Policy]:
    policies: dict[str, Policy] = {}
    for row in session.scalars(select(DunningPolicy)):
        levels = tuple(
            Level(
                lv.rank,
                lv.name,
                lv.days,
                tuple(c for c in lv.channels.split(",") if c),
                lv.template,
                lv.min_overdue_cents,
                lv.min_days_since_previous,
                lv.state_penalties,
                lv.formal_notice,
                lv.manual_only,
                lv.attach_statement,
            )
            for lv in row.levels
        )
        policies[row.key] = Policy(row.key, policy_name(row.name), levels, row.after_broken_rank)
    return policies


def policy_name(stored: str) -> str:
    """A shipped policy's name in the window's language, a user's as they typed it."""
    return _(stored) if stored in SHIPPED_NAMES else stored


def rate_periods(session: Session) -> list[RatePeriod]:
    return [
        RatePeriod(r.jurisdiction, r.starts_on, r.reference_bp, r.legal_bp)
        for r in session.scalars(select(RatePeriodRow).order_by(RatePeriodRow.starts_on))
    ]


# --- reading the book --------------------------------------------------------------------------
def _disputed(session: Session) -> dict[int, int]:
    rows = session.execute(
        select(DisputeItem.invoice_id, func.sum(DisputeItem.amount_cents))
        .join(Dispute, Dispute.id == DisputeItem.dispute_id)
        .where(Dispute.status == DisputeStatus.OPEN.value)
        .group_by(DisputeItem.invoice_id)
    )
    return {invoice_id: int(cents) for invoice_id, cents in rows}


def _promised(session: Session) -> tuple[set[int], set[int]]:
    """Invoices covered by a pending promise, and customers promising on the whole account."""
    pending = Promise.status == PromiseStatus.PENDING.value
    invoices = set(
        session.scalars(
            select(PromiseInvoice.invoice_id)
            .join(Promise, Promise.id == PromiseInvoice.promise_id)
            .where(pending)
        )
    )
    with_invoices = select(PromiseInvoice.promise_id)
    accounts = set(
        session.scalars(
            select(Promise.customer_id).where(pending, Promise.id.not_in(with_invoices))
        )
    )
    return invoices, accounts


def _broken_since_reminded(session: Session) -> set[int]:
    """Invoices whose promise broke (wholly or partly) after their customer's last reminder."""
    last = (
        select(Reminder.customer_id, func.max(Reminder.sent_on).label("sent_on"))
        .group_by(Reminder.customer_id)
        .subquery()
    )
    return set(
        session.scalars(
            select(PromiseInvoice.invoice_id)
            .join(Promise, Promise.id == PromiseInvoice.promise_id)
            .outerjoin(last, last.c.customer_id == Promise.customer_id)
            .where(
                Promise.status.in_((PromiseStatus.BROKEN.value, PromiseStatus.PARTLY_KEPT.value)),
                (last.c.sent_on.is_(None)) | (Promise.promised_on >= last.c.sent_on),
            )
        )
    )


def credits(session: Session) -> dict[int, dict[str, int]]:
    """Every customer's unallocated payments and credit notes, per currency: one pass per kind
    of document, keeping only those with something left (few, in any book)."""
    result: dict[int, dict[str, int]] = defaultdict(dict)
    for model, link in ((Payment, Allocation.payment_id), (CreditNote, Allocation.credit_note_id)):
        left = (model.amount_cents - func.coalesce(func.sum(Allocation.amount_cents), 0)).label(
            "left"
        )
        rows = session.execute(
            select(model.customer_id, model.currency, left)
            .outerjoin(Allocation, link == model.id)
            .group_by(model.id)
            .having(left != 0)
        )
        for customer_id, currency, cents in rows:
            mine = result[customer_id]
            mine[currency] = mine.get(currency, 0) + int(cents)
    return result


def held_back(session: Session, as_of: date) -> dict[int, date]:
    """Customers whose reminder was held back by hand, until which day."""
    return {
        customer_id: until
        for customer_id, until in session.execute(
            select(ReminderHoldback.customer_id, func.max(ReminderHoldback.until))
            .where(ReminderHoldback.until >= as_of)
            .group_by(ReminderHoldback.customer_id)
        )
    }


def customer_states(
    session: Session, as_of: date, policies: dict[str, Policy], only: int | None = None
) -> tuple[list[CustomerState], dict[int, tuple[str, CustomerFacts]]]:
    """Every customer owing something (or only one), as the engine sees it; and the facts a
    letter needs."""
    disputed = _disputed(session)
    promised, account_promised = _promised(session)
    broken = _broken_since_reminded(session)
    last_ranks: dict[int, int] = {
        invoice_id: rank
        for invoice_id, rank in session.execute(
            select(ReminderItem.invoice_id, func.max(Reminder.level_rank))
            .join(Reminder, Reminder.id == ReminderItem.reminder_id)
            .group_by(ReminderItem.invoice_id)
        )
    }
    invoices: dict[int, list[InvoiceState]] = defaultdict(list)
    # Core: plain rows, not the ORM's, for every open invoice; the partial index of open
    # invoices holds every column read (0012). Fetched by thousands: fast, never all at once.
    rows = session.connection().execute(
        select(
            Invoice.customer_id,
            Invoice.id,
            Invoice.number,
            Invoice.issue_date,
            Invoice.due_date,
            Invoice.currency,
            Invoice.amount_cents,
            Invoice.open_cents,
        ).where(Invoice.open_cents > 0, *([Invoice.customer_id == only] if only else []))
    )
    for cid, iid, number, issued, due, currency, amount, open_cents in chain.from_iterable(
        rows.partitions(10_000)
    ):
        invoices[cid].append(
            InvoiceState(
                iid,
                number,
                issued,
                due,
                currency,
                amount,
                open_cents,
                disputed.get(iid, 0),
                iid in promised,
                last_ranks.get(iid, 0),
                iid in broken,
            )
        )
    last_sent: dict[int, date] = {
        customer_id: day
        for customer_id, day in session.execute(
            select(Reminder.customer_id, func.max(Reminder.sent_on)).group_by(Reminder.customer_id)
        )
    }
    received = {  # receipts of registered letters that are their customer's last reminder
        customer_id: day
        for customer_id, sent_on, day in session.execute(
            select(Reminder.customer_id, Reminder.sent_on, Reminder.received_on).where(
                Reminder.received_on.is_not(None)
            )
        )
        if last_sent.get(customer_id) == sent_on
    }
    emails = set(
        session.scalars(
            select(Contact.customer_id).where(and_(Contact.email.is_not(None), Contact.email != ""))
        )
    )
    credit = credits(session)
    holdbacks = held_back(session, as_of)
    states, facts = [], {}
    customers = session.execute(
        select(
            Customer.id,
            Customer.ref,
            Customer.name,
            Customer.kind,
            Customer.segment,
            Customer.dunning_policy,
            Customer.on_hold,
            Customer.hold_until,
            Customer.language,
            Customer.country,
            Customer.handed_over_to,
        ).where(
            Customer.id.in_(select(Invoice.customer_id).where(Invoice.open_cents > 0)),
            *([Customer.id == only] if only else []),
        )
    )
    for row in customers:
        cid, ref, name, kind, segment, chosen, on_hold, until, language, country, handed = row
        key = policy_key_for(segment, kind, chosen)
        policy = policies.get(key) or policies[policy_key_for(segment, kind, None)]
        held = bool(on_hold) and (until is None or as_of <= until)
        states.append(
            CustomerState(
                cid,
                ref,
                name,
                policy,
                tuple(invoices.get(cid, ())),
                held,
                cid in emails,
                cid in account_promised,
                last_sent.get(cid),
                credit.get(cid, {}),
                holdbacks.get(cid),
                bool(handed),
                received.get(cid),
            )
        )
        facts[cid] = (policy.key, CustomerFacts(kind, language, country))
    states.sort(key=lambda s: s.ref)
    return states, facts


# --- proposing -----------------------------------------------------------------------------------
def jurisdiction(session: Session) -> str:
    """The creditor's country sets the penalty rules: France or the United Kingdom."""
    country = load_company(session).country or "FR"
    return country if country in JURISDICTIONS else ""


def proposal_penalties(
    proposal: Proposal,
    facts: CustomerFacts,
    as_of: date,
    periods: Sequence[RatePeriod],
    where: str,
    agreed_bp: int | None = None,
) -> Penalties:
    if not proposal.level.state_penalties or not where:
        return NO_PENALTIES
    return penalties(
        _after_credit(proposal),
        as_of,
        periods,
        where,
        business=facts.kind == "business",
        agreed_bp=agreed_bp,
    )


def _after_credit(proposal: Proposal) -> list[LateInvoice]:
    """The invoices as the penalties see them: the credit on the account pays the oldest first
    (Code civil 1342-10), so no interest or indemnity is claimed on what it covers."""
    credit = proposal.credit_cents
    result = []
    for p in sorted(proposal.invoices, key=lambda p: (p.invoice.due_date, p.invoice.number)):
        used = min(credit, p.invoice.remindable_cents)
        credit -= used
        result.append(
            LateInvoice(
                p.invoice.id,
                p.invoice.due_date,
                p.invoice.amount_cents,
                p.invoice.remindable_cents - used,
            )
        )
    return result


def rate_warnings(session: Session, as_of: date, where: str) -> list[RateWarning]:
    """Half-years the letters of `as_of` may need that the rates table lacks."""
    if not where:
        return []
    periods = rate_periods(session)
    missing = missing_half_years(periods, where, as_of)
    if not missing:
        return []
    known = [p.starts_on for p in periods if p.jurisdiction == where]
    return [RateWarning(where, tuple(missing), max(known) if known else None)]


def propose(session: Session, as_of: date) -> DunningPlan:
    ensure_shipped_policies(session)
    policies = load_policies(session)
    states, facts = customer_states(session, as_of, policies)
    outcome = dunning.propose(states, as_of)
    where = jurisdiction(session)
    periods = rate_periods(session)
    settings = load_letter_settings(session)
    agreed = settings.agreed_bp
    plan = DunningPlan(as_of, where, skipped=outcome.skipped)
    plan.warnings = rate_warnings(session, as_of, where)
    notice_days = deadline_days(settings, formal_notice=True)
    plan.decisions = [d for s in states if (d := decision_for(s, as_of, notice_days)) is not None]
    for proposal in outcome.proposals:
        key, fact = facts[proposal.customer.id]
        stated = proposal_penalties(proposal, fact, as_of, periods, where, agreed)
        plan.proposals.append(DunningProposal(proposal, key, fact, stated))
    return plan


def formal_notice_rank(session: Session, customer_id: int) -> int:
    """The rank of the formal notice in the customer's policy (its last level if it has none)."""
    ensure_shipped_policies(session)
    customer = session.get_one(Customer, customer_id)
    policies = load_policies(session)
    key = policy_key_for(customer.segment, customer.kind, customer.dunning_policy)
    policy = policies.get(key) or policies[policy_key_for(customer.segment, customer.kind, None)]
    notices = [lv.rank for lv in policy.levels if lv.formal_notice]
    return min(notices) if notices else max(lv.rank for lv in policy.levels)


def manual_proposal(session: Session, customer_id: int, rank: int, as_of: date) -> DunningProposal:
    """A customer's reminder at a level chosen by hand (a formal notice the policy leaves to a
    person): LevelRefused when that level has nothing it may claim."""
    ensure_shipped_policies(session)
    states, facts = customer_states(session, as_of, load_policies(session), only=customer_id)
    if not states:
        raise dunning.LevelRefused(N_("This customer owes nothing today."))
    (state,) = states
    eligible = [
        i
        for i in state.invoices
        if i.remindable_cents > 0 and not i.promised and i.due_date < as_of
    ]
    if not eligible:
        raise dunning.LevelRefused(N_("This customer has no overdue invoice to remind."))
    currency = dunning.main_currency(eligible)
    start = Proposal(
        state,
        state.policy.level(rank),
        (),
        tuple(
            ProposedInvoice(i, (as_of - i.due_date).days)
            for i in eligible
            if i.currency == currency
        ),
        currency,
    )
    moved = dunning.with_level(start, state.policy.level(rank), as_of)
    key, fact = facts[customer_id]
    settings = load_letter_settings(session)
    stated = proposal_penalties(
        moved, fact, as_of, rate_periods(session), jurisdiction(session), settings.agreed_bp
    )
    return DunningProposal(moved, key, fact, stated)


def next_level_day(item: DunningProposal, as_of: date) -> date:
    """The day the customer's next level would come after this proposal's (a hold-back's
    default end): the first invoice to reach a level above it, at least tomorrow."""
    proposal = item.proposal
    higher = [lv for lv in proposal.customer.policy.automatic() if lv.rank > proposal.level.rank]
    days = [
        p.invoice.due_date + timedelta(days=lv.days)
        for p in (*proposal.invoices, *proposal.also_due)
        for lv in higher[:1]
    ]
    default = as_of + timedelta(days=max(proposal.level.min_days_since_previous, 14))
    return max(min(days, default=default), as_of + timedelta(days=1))


def at_level(session: Session, item: DunningProposal, rank: int, as_of: date) -> DunningProposal:
    """The proposal at another level of its policy, chosen by hand in the review screen."""
    moved = dunning.with_level(item.proposal, item.proposal.customer.policy.level(rank), as_of)
    agreed = load_letter_settings(session).agreed_bp
    stated = proposal_penalties(
        moved, item.facts, as_of, rate_periods(session), jurisdiction(session), agreed
    )
    return DunningProposal(moved, item.policy_key, item.facts, stated)
