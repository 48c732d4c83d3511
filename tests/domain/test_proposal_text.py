"""`dunning propose --format json` writes each proposal as text built without dictionaries
(`proposal_text`): it must be, byte for byte, what `json.dumps` writes of `proposal_json`."""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.dunning import CustomerState, InvoiceState, Proposal, ProposedInvoice, Skip
from app.domain.dunning_plan import CustomerFacts, DunningProposal, proposal_json, proposal_text
from app.domain.dunning_policies import SHIPPED
from app.domain.penalties import NO_PENALTIES, InvoicePenalty, Penalties

TODAY = date(2026, 11, 22)
LEVELS = [level for policy in SHIPPED for level in policy.levels]
# Quotes, backslashes, controls, the line separators JavaScript chokes on, accents, emoji.
TEXTS = st.text(
    alphabet=st.sampled_from('aZ9 -"\\/\n\t\x00\x1f\u2028\u2029éÉßØ☕😀\u00a0'), max_size=12
)
CENTS = st.integers(min_value=-(10**12), max_value=10**12)


@st.composite
def invoices(draw: st.DrawFn) -> ProposedInvoice:
    days = draw(st.integers(min_value=-60, max_value=3000))
    open_cents = draw(CENTS)
    state = InvoiceState(
        draw(st.integers(min_value=1, max_value=10**9)),
        draw(TEXTS),
        TODAY - timedelta(days=days + 30),
        TODAY - timedelta(days=days),
        "EUR",
        abs(open_cents),
        open_cents,
        draw(st.integers(min_value=0, max_value=10**6)),
    )
    return ProposedInvoice(state, days)


@st.composite
def proposals(draw: st.DrawFn) -> DunningProposal:
    currency = draw(st.sampled_from(["EUR", "GBP", "JPY", "CHF", "BHD"]))
    policy = draw(st.sampled_from(SHIPPED))
    customer = CustomerState(1, draw(TEXTS), draw(TEXTS), policy, ())
    excluded = tuple(
        (item.invoice, draw(st.sampled_from(list(Skip))))
        for item in draw(st.lists(invoices(), max_size=2))
    )
    proposal = Proposal(
        customer,
        draw(st.sampled_from(LEVELS)),
        tuple(draw(st.lists(st.sampled_from(["letter", "email", "phone"]), max_size=3))),
        tuple(draw(st.lists(invoices(), max_size=4))),
        currency,
        excluded,
        draw(st.integers(min_value=0, max_value=10**6)),
        tuple(draw(st.lists(invoices(), max_size=2))),
    )
    items = tuple(
        InvoicePenalty(n, 10, draw(CENTS), draw(st.sampled_from([0, 4000, 7000])))
        for n in range(draw(st.integers(min_value=0, max_value=3)))
    )
    stated = draw(st.sampled_from([NO_PENALTIES, Penalties("FR", items), Penalties("GB", items)]))
    facts = CustomerFacts("business", "fr", "FR")
    return DunningProposal(proposal, draw(TEXTS), facts, stated)


@settings(max_examples=300, deadline=None)
@given(proposals())
def test_the_text_is_the_bytes_json_dumps_writes(item: DunningProposal) -> None:
    assert proposal_text(item) == json.dumps(proposal_json(item), ensure_ascii=False)


def test_a_hand_written_proposal_reads_back_as_its_dictionary() -> None:
    invoice = InvoiceState(
        7, 'FA "7"\n', date(2026, 9, 1), date(2026, 10, 1), "EUR", 12_345, 12_345
    )
    customer = CustomerState(1, "411", "Dupré ☕", SHIPPED[0], (invoice,))
    proposal = Proposal(
        customer, SHIPPED[0].levels[1], ("letter",), (ProposedInvoice(invoice, 52),), "EUR"
    )
    item = DunningProposal(
        proposal, "standard", CustomerFacts("business", "fr", "FR"), NO_PENALTIES
    )
    read = json.loads(proposal_text(item))
    assert read["invoices"] == [
        {
            "number": 'FA "7"\n',
            "due_date": "2026-10-01",
            "open_amount": "123.45",
            "days_overdue": 52,
        }
    ]
    assert read["total"] == "123.45" and read["customer_name"] == "Dupré ☕"
