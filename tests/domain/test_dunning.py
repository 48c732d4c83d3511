"""The dunning engine: one proposal per customer, gentle escalation, every exclusion explained."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.dunning import (
    EMAIL,
    LETTER,
    PHONE,
    CustomerState,
    DecisionReason,
    InvoiceState,
    LevelRefused,
    Proposal,
    ProposedInvoice,
    Skip,
    Skipped,
    decision_for,
    propose,
    propose_for,
    target_rank,
    with_level,
)
from app.domain.dunning_policies import GENTLE, INDIVIDUALS, SHIPPED, STANDARD, policy_key_for

TODAY = date(2026, 11, 22)
POLICIES = {p.key: p for p in SHIPPED}


def invoice(n: int, days_late: int, cents: int = 100_000, **changes: object) -> InvoiceState:
    due = TODAY - timedelta(days=days_late)
    base = InvoiceState(n, f"FA-{n}", due - timedelta(days=30), due, "EUR", cents, cents)
    return base._replace(**changes)


def customer(*invoices: InvoiceState, policy: str = STANDARD, **changes: object) -> CustomerState:
    base = CustomerState(1, "411DUP", "Dupont", POLICIES[policy], tuple(invoices))
    return replace(base, **changes)  # type: ignore[arg-type]


def test_one_proposal_covers_every_overdue_invoice_at_the_most_advanced_level() -> None:
    reminded = invoice(2, 25, last_rank=2)  # had the friendly reminder; 25 days late: firm now
    state = customer(invoice(1, 8), reminded, invoice(3, -10), last_reminder_on=date(2026, 11, 1))
    result = propose_for(state, TODAY)
    assert isinstance(result, Proposal)
    assert result.level.template == "firm"
    assert [p.invoice.number for p in result.invoices] == ["FA-2", "FA-1"]  # oldest first
    assert [p.days_overdue for p in result.invoices] == [25, 8]
    assert result.total_cents == 200_000
    assert result.channels == (LETTER, EMAIL)


def test_courtesy_reminder_three_days_before_the_due_date() -> None:
    result = propose_for(customer(invoice(1, -3), invoice(2, -20)), TODAY)
    assert isinstance(result, Proposal) and result.level.template == "courtesy"
    assert [p.invoice.number for p in result.invoices] == ["FA-1"]
    assert propose_for(customer(invoice(1, -4)), TODAY) is None


def test_catching_up_moves_one_level_at_a_time() -> None:
    # 60 days late and only the friendly reminder was sent: the next one is firm, not the notice.
    late = invoice(1, 60, last_rank=2)
    result = propose_for(customer(late, last_reminder_on=TODAY - timedelta(days=40)), TODAY)
    assert isinstance(result, Proposal) and result.level.template == "firm"
    # Never reminded and already 60 days late: the friendly reminder first, not the courtesy one.
    assert target_rank(POLICIES[STANDARD], invoice(1, 60), TODAY) == 2


def test_nothing_new_to_say_gives_no_proposal() -> None:
    sent = invoice(1, 10, last_rank=2)
    assert propose_for(customer(sent, last_reminder_on=TODAY - timedelta(days=3)), TODAY) is None


def test_too_soon_after_the_previous_reminder() -> None:
    result = propose_for(
        customer(invoice(1, 22, last_rank=2), last_reminder_on=TODAY - timedelta(days=4)), TODAY
    )
    assert isinstance(result, Skipped) and result.reason is Skip.TOO_SOON


def test_exclusions_are_reported() -> None:
    held = propose_for(customer(invoice(1, 30), on_hold=True), TODAY)
    assert isinstance(held, Skipped) and held.reason is Skip.HOLD
    disputed = propose_for(customer(invoice(1, 30, disputed_cents=100_000)), TODAY)
    assert isinstance(disputed, Skipped) and disputed.reason is Skip.DISPUTE
    promised = propose_for(customer(invoice(1, 30, promised=True)), TODAY)
    assert isinstance(promised, Skipped) and promised.reason is Skip.PROMISE
    account = propose_for(customer(invoice(1, 30), account_promised=True), TODAY)
    assert isinstance(account, Skipped) and account.reason is Skip.PROMISE
    small = propose_for(customer(invoice(1, 30, cents=999)), TODAY)
    assert isinstance(small, Skipped) and small.reason is Skip.BELOW_MINIMUM


def test_a_partly_disputed_invoice_is_reminded_for_the_rest_only() -> None:
    result = propose_for(customer(invoice(1, 30, disputed_cents=40_000), invoice(2, 8)), TODAY)
    assert isinstance(result, Proposal)
    assert result.total_cents == 60_000 + 100_000


def test_email_falls_back_to_a_letter_without_an_address() -> None:
    result = propose_for(customer(invoice(1, 8), has_email=False), TODAY)
    assert isinstance(result, Proposal) and result.channels == (LETTER,)


def test_the_courtesy_note_before_the_due_date_is_never_posted() -> None:
    result = propose_for(customer(invoice(1, -3), has_email=False), TODAY)
    assert isinstance(result, Skipped) and result.reason is Skip.NO_EMAIL
    by_email = propose_for(customer(invoice(1, -3)), TODAY)
    assert isinstance(by_email, Proposal) and by_email.channels == (EMAIL,)


def test_the_gentle_policy_never_reaches_a_formal_notice_by_itself() -> None:
    result = propose_for(customer(invoice(1, 200, last_rank=3), policy=GENTLE), TODAY)
    assert result is None
    result = propose_for(customer(invoice(1, 75, last_rank=2), policy=GENTLE), TODAY)
    assert isinstance(result, Proposal) and result.channels == (PHONE, LETTER)


def test_policies_come_from_the_segment_unless_chosen() -> None:
    assert policy_key_for("premium", "business", None) == GENTLE
    assert policy_key_for("premium", "individual", None) == INDIVIDUALS
    assert policy_key_for("watch", "business", GENTLE) == GENTLE


invoices_strategy = st.lists(
    st.builds(
        lambda n, late, cents, disputed, promised, last: invoice(
            n,
            late,
            cents,
            disputed_cents=min(disputed, cents),
            promised=promised,
            last_rank=last,
        ),
        st.integers(1, 10_000),
        st.integers(-40, 400),
        st.integers(1, 5_000_000),
        st.integers(0, 5_000_000) | st.just(0),
        st.booleans(),
        st.integers(0, 5),
    ),
    max_size=12,
    unique_by=lambda i: i.id,
)


@settings(max_examples=300, deadline=None)
@given(
    invoices_strategy,
    st.sampled_from(sorted(POLICIES)),
    st.booleans(),
    st.none() | st.integers(0, 60),
)
def test_a_disputed_or_promised_invoice_is_never_proposed(
    invoices: list[InvoiceState], policy: str, on_hold: bool, since: int | None
) -> None:
    last = None if since is None else TODAY - timedelta(days=since)
    state = customer(*invoices, policy=policy, on_hold=on_hold, last_reminder_on=last)
    outcome = propose([state], TODAY)
    assert len(outcome.proposals) + len(outcome.skipped) <= 1
    for proposal in outcome.proposals:
        assert not on_hold
        for item in proposal.invoices:
            assert not item.invoice.promised
            assert item.invoice.remindable_cents > 0
            assert item.invoice.open_cents > 0
        assert proposal.claimed_cents >= proposal.level.min_overdue_cents
        assert not proposal.level.manual_only

        # one step at a time: some invoice in the letter had the level just below this one
        def next_after(item: ProposedInvoice, proposal: Proposal = proposal) -> int:
            automatic = proposal.customer.policy.automatic()
            ranks = [lv.rank for lv in automatic if lv.days >= 0 or item.days_overdue <= 0]
            return min((r for r in ranks if r > item.invoice.last_rank), default=0)

        assert any(proposal.level.rank <= next_after(item) for item in proposal.invoices)
        # every eligible overdue invoice of the proposal's currency is in the letter
        covered = {i.invoice.id for i in (*proposal.invoices, *proposal.also_due)}
        for inv in invoices:
            eligible = inv.remindable_cents > 0 and not inv.promised
            overdue = inv.currency == proposal.currency and inv.due_date < TODAY
            if eligible and overdue and proposal.level.days >= 0:
                assert inv.id in covered


def test_a_broken_promise_brings_the_customer_back_at_the_policys_level() -> None:
    # friendly reminder sent, then a promise: broken now, 25 days late
    broken = invoice(1, 25, last_rank=2, promise_broken=True)
    result = propose_for(customer(broken, last_reminder_on=TODAY - timedelta(days=20)), TODAY)
    assert isinstance(result, Proposal)
    assert result.level.template == "last_amicable"  # not the second reminder
    gentle = propose_for(
        customer(broken, policy=GENTLE, last_reminder_on=TODAY - timedelta(days=30)), TODAY
    )
    assert isinstance(gentle, Proposal) and gentle.level.rank == 2


def test_credit_on_the_account_is_deducted_and_a_covering_credit_proposes_nothing() -> None:
    result = propose_for(customer(invoice(1, 8), credit={"EUR": 30_000}), TODAY)
    assert isinstance(result, Proposal)
    assert (result.total_cents, result.credit_cents, result.claimed_cents) == (
        100_000,
        30_000,
        70_000,
    )
    covered = propose_for(customer(invoice(1, 8), credit={"EUR": 100_000}), TODAY)
    assert isinstance(covered, Skipped) and covered.reason is Skip.CREDIT
    other_currency = propose_for(customer(invoice(1, 8), credit={"USD": 500_000}), TODAY)
    assert isinstance(other_currency, Proposal) and other_currency.credit_cents == 0


def test_never_backwards_a_new_invoice_joins_the_customers_stage() -> None:
    # A had the last amicable reminder 12 days ago; B falls due and is 8 days late.
    a = invoice(1, 45, last_rank=4)
    b = invoice(2, 8)
    waiting = propose_for(customer(a, b, last_reminder_on=TODAY - timedelta(days=12)), TODAY)
    assert isinstance(waiting, Skipped) and waiting.reason is Skip.TOO_SOON
    # When A reaches the formal notice, B is listed apart: not claimed by the notice.
    later = TODAY + timedelta(days=6)  # A is 51 days late then, B 14
    notice = propose_for(customer(a, b, last_reminder_on=TODAY - timedelta(days=12)), later)
    assert isinstance(notice, Proposal) and notice.level.formal_notice
    assert [p.invoice.number for p in notice.invoices] == ["FA-1"]
    assert [p.invoice.number for p in notice.also_due] == ["FA-2"]
    assert notice.total_cents == 100_000


def test_an_amicable_letter_lists_every_overdue_invoice_and_they_join_its_level() -> None:
    a = invoice(1, 36, last_rank=3)
    b = invoice(2, 9)
    result = propose_for(customer(a, b, last_reminder_on=TODAY - timedelta(days=15)), TODAY)
    assert isinstance(result, Proposal) and result.level.template == "last_amicable"
    assert [p.invoice.number for p in result.invoices] == ["FA-1", "FA-2"]


def test_never_two_reminders_on_one_day() -> None:
    soon = invoice(2, -3)  # the courtesy note would be due today too
    result = propose_for(customer(soon, last_reminder_on=TODAY), TODAY)
    assert isinstance(result, Skipped) and result.reason is Skip.TOO_SOON


def test_a_held_back_reminder_stays_held_back_until_its_day() -> None:
    state = customer(invoice(1, 8), held_back_until=TODAY + timedelta(days=5))
    held = propose_for(state, TODAY + timedelta(days=5))
    assert isinstance(held, Skipped) and held.reason is Skip.HELD_BACK
    assert isinstance(propose_for(state, TODAY + timedelta(days=6)), Proposal)


def test_a_debt_handed_over_is_not_reminded() -> None:
    result = propose_for(customer(invoice(1, 80, last_rank=5), handed_over=True), TODAY)
    assert isinstance(result, Skipped) and result.reason is Skip.HANDED_OVER


def test_a_formal_notice_by_hand_claims_only_what_went_through_the_amicable_steps() -> None:
    gentle = POLICIES[GENTLE]
    ready = invoice(1, 95, last_rank=3)
    young = invoice(2, 20, last_rank=1)
    proposal = Proposal(
        customer(ready, young, policy=GENTLE),
        gentle.level(3),
        (PHONE, LETTER),
        (ProposedInvoice(ready, 95), ProposedInvoice(young, 20)),
        "EUR",
    )
    notice = with_level(proposal, gentle.level(4), TODAY)
    assert [p.invoice.number for p in notice.invoices] == ["FA-1"]
    assert [p.invoice.number for p in notice.also_due] == ["FA-2"]
    none_ready = replace(proposal, invoices=(ProposedInvoice(young, 20),))
    with pytest.raises(LevelRefused):
        with_level(none_ready, gentle.level(4), TODAY)
    with pytest.raises(LevelRefused):  # a customer at stage 3 never gets stage 2's words
        with_level(proposal, gentle.level(2), TODAY)


def test_an_expired_formal_notice_calls_for_a_decision_not_silence() -> None:
    sent = TODAY - timedelta(days=16)
    noticed = customer(invoice(1, 80, last_rank=5), last_reminder_on=sent)
    assert propose_for(noticed, TODAY) is None  # nothing more to send by itself
    decision = decision_for(noticed, TODAY, notice_days=15)
    assert decision is not None and decision.reason is DecisionReason.NOTICE_EXPIRED
    assert (decision.since, decision.amount_cents) == (sent + timedelta(days=16), 100_000)
    assert decision_for(noticed, TODAY - timedelta(days=1), notice_days=15) is None
    handed = replace(noticed, handed_over=True)
    assert decision_for(handed, TODAY, notice_days=15) is None


def test_the_gentle_policys_formal_notice_by_hand_is_offered_once_the_amicable_steps_are_done() -> (
    None
):
    done = customer(
        invoice(1, 95, last_rank=3), policy=GENTLE, last_reminder_on=TODAY - timedelta(days=21)
    )
    decision = decision_for(done, TODAY, notice_days=15)
    assert decision is not None and decision.reason is DecisionReason.LAST_LEVEL
    assert decision.manual_rank == 4
    too_young = customer(
        invoice(1, 75, last_rank=3), policy=GENTLE, last_reminder_on=TODAY - timedelta(days=21)
    )
    assert decision_for(too_young, TODAY, notice_days=15) is None  # 90 days for this policy
    mid_way = customer(invoice(1, 95, last_rank=2), policy=GENTLE)
    assert decision_for(mid_way, TODAY, notice_days=15) is None
