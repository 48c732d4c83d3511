"""The day's reminders as the engine proposes them, before anything is sent: each proposal with
the facts a letter needs and the penalties it states, the customers left out, the warnings
about the rates table, the customers whose amicable collection has ended — and the
`dunning propose --format json` contract that writes them.

Pure: the book is read by `app.db.dunning_query`, through the ORM's session or by plain
`sqlite3` for the command line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from json.encoder import encode_basestring

from app.domain import dunning
from app.domain.dunning import (
    CustomerState,
    DecisionNeeded,
    Level,
    Proposal,
    ProposedInvoice,
    Skipped,
    decision_for,
)
from app.domain.dunning_policies import SHIPPED_NAMES
from app.domain.letter_settings import LetterSettings
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
        document = self._document()
        document["proposals"] = [proposal_json(p) for p in self.proposals]
        return document

    def json_parts(self) -> tuple[dict[str, object], dict[str, Iterable[str]]]:
        """The contract as `cli.write_json` writes it: the proposals (a large book has tens of
        thousands) come one by one, already encoded (`proposal_text`), in the place their key
        holds."""
        return self._document(), {"proposals": map(proposal_text, self.proposals)}

    def _document(self) -> dict[str, object]:
        document: dict[str, object] = {
            "as_of": self.as_of.isoformat(),
            "proposals": None,
            "skipped": [
                {"customer_ref": s.customer.ref, "reason": s.reason.value} for s in self.skipped
            ],
            "warnings": [w.to_json() for w in self.warnings],
            "decisions": [decision_json(d) for d in self.decisions],
        }
        return document


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


_string: Callable[[str], str] = encode_basestring  # a JSON string, non-ASCII kept (C)


def proposal_text(item: DunningProposal) -> str:
    """`proposal_json(item)` encoded as `json.dumps(…, ensure_ascii=False)` writes it, byte for
    byte, without building the dictionaries: half the time of the dictionaries and the encoder
    on a big book's proposals, which are most of `dunning propose`'s output. The strings go
    through the json module's own escaping; tests hold both forms equal."""
    proposal, currency = item.proposal, item.proposal.currency
    plain = plain_writer(currency)
    customer, level, stated = proposal.customer, proposal.level, item.penalties
    fixed_currency = stated.fixed_currency or currency
    channels = ", ".join(map(_string, proposal.channels))
    excluded = ", ".join(
        f'{{"number": {_string(invoice.number)}, "reason": {_string(reason.value)}}}'
        for invoice, reason in proposal.excluded
    )
    return (
        f'{{"customer_ref": {_string(customer.ref)}, "customer_name": {_string(customer.name)}, '
        f'"level": {level.rank}, "level_name": {_string(level_title(level))}, '
        f'"channels": [{channels}], "invoices": [{_invoices_text(proposal.invoices, plain)}], '
        f'"total": "{plain(proposal.claimed_cents)}", "credit": "{plain(proposal.credit_cents)}", '
        f'"interest": "{plain(stated.interest_cents)}", '
        f'"fixed_fees": "{to_plain(stated.fixed_cents, fixed_currency)}", '
        f'"fixed_fees_currency": {_string(fixed_currency)}, '
        f'"claims_penalties": {"true" if level.state_penalties else "false"}, '
        f'"also_due": [{_invoices_text(proposal.also_due, plain)}], '
        f'"currency": {_string(currency)}, "policy": {_string(item.policy_key)}, '
        f'"excluded": [{excluded}]}}'
    )


def _invoices_text(invoices: Sequence[ProposedInvoice], plain: Callable[[int], str]) -> str:
    return ", ".join(
        [
            f'{{"number": {_string(p.invoice.number)}, "due_date": "{p.invoice.due_date}", '
            f'"open_amount": "{plain(p.invoice.remindable_cents)}", '
            f'"days_overdue": {p.days_overdue}}}'
            for p in invoices
        ]
    )


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


def policy_name(stored: str) -> str:
    """A shipped policy's name in the window's language, a user's as they typed it."""
    return _(stored) if stored in SHIPPED_NAMES else stored


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


def jurisdiction_of(country: str) -> str:
    """The creditor's country sets the penalty rules: France or the United Kingdom."""
    country = country or "FR"
    return country if country in JURISDICTIONS else ""


def rate_warnings_for(periods: Sequence[RatePeriod], as_of: date, where: str) -> list[RateWarning]:
    """Half-years the letters of `as_of` may need that the rates table lacks."""
    if not where:
        return []
    missing = missing_half_years(periods, where, as_of)
    if not missing:
        return []
    known = [p.starts_on for p in periods if p.jurisdiction == where]
    return [RateWarning(where, tuple(missing), max(known) if known else None)]


@dataclass(frozen=True)
class PlanInputs:
    """What the book says beyond its customers' states: the creditor's law, its rates table,
    the letters' settings."""

    where: str  # jurisdiction_of the company's country
    periods: Sequence[RatePeriod]
    settings: LetterSettings


def plan_for(
    states: Sequence[CustomerState],
    facts: dict[int, tuple[str, CustomerFacts]],
    as_of: date,
    inputs: PlanInputs,
    stop: Callable[[], bool] = dunning.never,
) -> DunningPlan:
    """The day's plan from the customers' states (`app.db.dunning_query.customer_states`)."""
    outcome = dunning.propose(states, as_of, stop)
    where, periods = inputs.where, inputs.periods
    agreed = inputs.settings.agreed_bp
    plan = DunningPlan(as_of, where, skipped=outcome.skipped)
    plan.warnings = rate_warnings_for(periods, as_of, where)
    notice_days = deadline_days(inputs.settings, formal_notice=True)
    plan.decisions = [d for s in states if (d := decision_for(s, as_of, notice_days)) is not None]
    for proposal in outcome.proposals:
        key, fact = facts[proposal.customer.id]
        stated = proposal_penalties(proposal, fact, as_of, periods, where, agreed)
        plan.proposals.append(DunningProposal(proposal, key, fact, stated))
    return plan
