"""Over random real books: every letter, its JSON and its QR code claim exactly open − disputed −
credit, plus penalties only on the levels that claim them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from segno import helpers as segno_helpers

from app.db.migrate import open_database
from app.db.models import Contact, Reminder, ReminderItem
from app.domain.calendar import Clock
from app.domain.money import to_decimal, to_plain
from app.letters.story import epc_qr
from app.services import disputes, ledger
from app.services.dunning import propose
from app.services.letters import compose, sender_of
from app.services.settings import CompanyProfile, save_company

AS_OF = date(2026, 6, 15)  # within the half-years the shipped rates table knows

books = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["business", "business", "individual"]),
        "invoices": st.lists(
            st.tuples(
                st.integers(1, 150),  # days late
                st.integers(500, 900_000),  # amount
                st.integers(0, 5),  # the last level sent about it
                st.sampled_from([0, 0, 0, 30, 100]),  # % disputed
            ),
            min_size=1,
            max_size=6,
        ),
        "credit": st.sampled_from([0, 0, 5_000, 150_000, 10_000_000]),
        "last_sent": st.integers(13, 60),  # days since the last reminder
    }
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(book=books)
def test_every_claim_is_exactly_what_is_owed(
    book: dict[str, object],
    tmp_path_factory: pytest.TempPathFactory,
    signing_company: CompanyProfile,
) -> None:
    path: Path = tmp_path_factory.mktemp("book") / "relance.sqlite3"
    database = open_database(path)
    clock = Clock.fixed(AS_OF - timedelta(days=200))
    try:
        with database.session_factory.begin() as session:
            save_company(session, signing_company)
            customer = ledger.create_customer(
                session, clock, ref="411RND", name="Random SAS", kind=str(book["kind"])
            )
            session.add(
                Contact(customer_id=customer.id, name="Compta", email="c@rnd.fr", is_primary=True)
            )
            rows = []
            for n, (late, cents, rank, share) in enumerate(book["invoices"], start=1):  # type: ignore[arg-type]
                due = AS_OF - timedelta(days=late)
                invoice = ledger.add_invoice(
                    session,
                    clock,
                    customer_id=customer.id,
                    number=f"R-{n}",
                    issue_date=due - timedelta(days=30),
                    due_date=due,
                    amount_cents=cents,
                )
                if share:
                    part = None if share == 100 else cents * share // 100
                    disputes.open_dispute(
                        session, clock, invoices={invoice.id: part}, reason="quality"
                    )
                rows.append((invoice, rank))
            if book["credit"]:
                note_clock = Clock.fixed(AS_OF - timedelta(days=1))
                paid = ledger.add_invoice(
                    session,
                    note_clock,
                    customer_id=customer.id,
                    number="R-PAID",
                    issue_date=AS_OF - timedelta(days=40),
                    due_date=AS_OF + timedelta(days=20),
                    amount_cents=100,
                )
                ledger.record_payment(
                    session,
                    note_clock,
                    customer_id=customer.id,
                    amount_cents=100 + int(book["credit"]),  # type: ignore[call-overload]
                    received_on=note_clock.today(),
                    allocate_to={paid.id: None},
                )
            sent_on = AS_OF - timedelta(days=int(book["last_sent"]))  # type: ignore[call-overload]
            for invoice, rank in rows:
                if rank:
                    session.add(
                        Reminder(
                            customer_id=customer.id,
                            batch="history",
                            policy_key="",
                            level_rank=rank,
                            level_name="",
                            template="",
                            sent_on=sent_on,
                            created_at=datetime.combine(sent_on, datetime.min.time()).astimezone(),
                            channels="letter",
                            currency="EUR",
                            total_cents=0,
                            items=[
                                ReminderItem(invoice_id=invoice.id, open_cents=1, days_overdue=1)
                            ],
                        )
                    )
        with database.session_factory.begin() as session:
            plan = propose(session, AS_OF)
            document = plan.to_json()
            credit = ledger.unallocated_credit(session, customer.id).get("EUR", 0)
            sender = sender_of(signing_company)
            for item, shown in zip(plan.proposals, document["proposals"], strict=True):  # type: ignore[arg-type]
                proposal = item.proposal
                gross = sum(
                    p.invoice.open_cents - p.invoice.disputed_cents for p in proposal.invoices
                )
                claimed = gross - min(credit, gross)
                letter = compose(session, item, AS_OF)
                assert letter.total_cents == claimed > 0
                assert letter.credit_cents == min(credit, gross)
                assert shown["total"] == to_plain(claimed, "EUR")
                assert shown["credit"] == to_plain(min(credit, gross), "EUR")
                penalties = letter.interest_cents + letter.fixed_cents
                if proposal.level.state_penalties and book["kind"] == "business":
                    assert penalties > 0
                    assert letter.total_with_penalties_cents == claimed + penalties
                else:
                    assert penalties == 0
                    assert letter.total_with_penalties_cents == claimed
                qr = epc_qr(sender, letter)
                assert qr is not None
                expected = segno_helpers.make_epc_qr(
                    name=sender.name,
                    iban=sender.iban.replace(" ", ""),
                    amount=to_decimal(letter.total_with_penalties_cents, "EUR"),
                    text=letter.payment_reference,
                    bic=sender.bic,
                )
                assert qr.matrix == expected.matrix
                assert to_decimal(letter.total_with_penalties_cents, "EUR") > Decimal(0)
            skipped = {s.reason.value for s in plan.skipped}
            if credit >= sum(
                i.open_cents for i, _rank in rows
            ):  # the credit covers all that is owed: nothing claimed
                assert not plan.proposals
                assert skipped <= {"credit", "dispute", "too_soon", "below_minimum"}
    finally:
        database.dispose()
