"""Who to remind today, through the ORM's session: the book read into the engine's states by the
shared statements of `app.db.dunning_query`, the proposals and their penalties
(`app.domain.dunning_plan`), the levels chosen by hand in the review screen.

The command line's `dunning propose` reads the same statements with plain `sqlite3`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import dunning_query
from app.db.models import Customer, DunningLevel, DunningPolicy
from app.db.queries import session_run
from app.domain import dunning
from app.domain.dunning import CustomerState, Policy, Proposal, ProposedInvoice
from app.domain.dunning_plan import FORMAL_NOTICE_DAYS as FORMAL_NOTICE_DAYS
from app.domain.dunning_plan import LEVEL_LABELS as LEVEL_LABELS
from app.domain.dunning_plan import LEVEL_TITLES as LEVEL_TITLES
from app.domain.dunning_plan import CustomerFacts as CustomerFacts
from app.domain.dunning_plan import DunningPlan as DunningPlan
from app.domain.dunning_plan import DunningProposal as DunningProposal
from app.domain.dunning_plan import RateWarning as RateWarning
from app.domain.dunning_plan import deadline_days as deadline_days
from app.domain.dunning_plan import half_year_name as half_year_name
from app.domain.dunning_plan import (
    jurisdiction_of,
    plan_for,
    proposal_penalties,
    rate_warnings_for,
)
from app.domain.dunning_plan import level_label as level_label
from app.domain.dunning_plan import level_title as level_title
from app.domain.dunning_plan import next_level_day as next_level_day
from app.domain.dunning_plan import policy_name as policy_name
from app.domain.dunning_policies import SHIPPED, policy_key_for
from app.domain.penalties import RatePeriod
from app.i18n import N_
from app.services.letter_settings import load_letter_settings
from app.services.settings import load_company


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
    return dunning_query.policies(session_run(session))


def rate_periods(session: Session) -> list[RatePeriod]:
    return dunning_query.rate_periods(session_run(session))


def customer_states(
    session: Session, as_of: date, policies: dict[str, Policy], only: int | None = None
) -> tuple[list[CustomerState], dict[int, tuple[str, CustomerFacts]]]:
    """Every customer owing something (or only one), as the engine sees it; and the facts a
    letter needs."""
    return dunning_query.customer_states(session_run(session), as_of, policies, only)


def jurisdiction(session: Session) -> str:
    """The creditor's country sets the penalty rules: France or the United Kingdom."""
    return jurisdiction_of(load_company(session).country)


def rate_warnings(session: Session, as_of: date, where: str) -> list[RateWarning]:
    """Half-years the letters of `as_of` may need that the rates table lacks."""
    return rate_warnings_for(rate_periods(session), as_of, where)


def propose(session: Session, as_of: date, stop: Callable[[], bool] = dunning.never) -> DunningPlan:
    """The day's plan; Stopped as soon as `stop()` says so (the window's readings). A reading:
    the shipped policies a book lacks are read as shipped, not written (two readings at once
    both wrote them, and the second failed on their unique keys)."""
    run = session_run(session)
    policies = dunning_query.policies(run)
    states, facts = dunning_query.customer_states(run, as_of, policies, stop=stop)
    return plan_for(states, facts, as_of, dunning_query.plan_inputs(run), stop)


def formal_notice_rank(session: Session, customer_id: int) -> int:
    """The rank of the formal notice in the customer's policy (its last level if it has none)."""
    customer = session.get_one(Customer, customer_id)
    policies = load_policies(session)
    key = policy_key_for(customer.segment, customer.kind, customer.dunning_policy)
    policy = policies.get(key) or policies[policy_key_for(customer.segment, customer.kind, None)]
    notices = [lv.rank for lv in policy.levels if lv.formal_notice]
    return min(notices) if notices else max(lv.rank for lv in policy.levels)


def manual_proposal(session: Session, customer_id: int, rank: int, as_of: date) -> DunningProposal:
    """A customer's reminder at a level chosen by hand (a formal notice the policy leaves to a
    person): LevelRefused when that level has nothing it may claim."""
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


def at_level(session: Session, item: DunningProposal, rank: int, as_of: date) -> DunningProposal:
    """The proposal at another level of its policy, chosen by hand in the review screen."""
    moved = dunning.with_level(item.proposal, item.proposal.customer.policy.level(rank), as_of)
    agreed = load_letter_settings(session).agreed_bp
    stated = proposal_penalties(
        moved, item.facts, as_of, rate_periods(session), jurisdiction(session), agreed
    )
    return DunningProposal(moved, item.policy_key, item.facts, stated)
