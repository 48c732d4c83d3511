"""The demo book: a believable French SME's customers and ledger, written through the services."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session
from stdnum.ch import vat as ch_vat
from stdnum.eu import vat as eu_vat
from stdnum.fr import siret
from stdnum.gb import vat as gb_vat

from app.db.migrate import Database, open_database
from app.db.models import Allocation, Contact, CreditNote, Customer, HistoryEvent, Invoice, Payment
from app.db.queries import aging_lines
from app.domain.aging import BUCKETS
from app.domain.calendar import Clock
from app.services.demo import DemoSummary, fill_demo
from app.services.ledger import check_consistency, unallocated_credit

TODAY = date(2026, 11, 22)  # the conftest clock's day


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, DemoSummary]]:
    """One 150-customer demo book shared by the read-only tests (filling takes a few seconds)."""
    database = open_database(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    with database.session_factory.begin() as session:
        summary = fill_demo(session, Clock.fixed(TODAY))
    yield database, summary
    database.dispose()


@pytest.fixture
def session(book: tuple[Database, DemoSummary]) -> Iterator[Session]:
    with book[0].session_factory() as session:
        yield session


def customers(session: Session) -> list[Customer]:
    return list(session.scalars(select(Customer)))


def test_about_150_customers_mostly_businesses(
    session: Session, book: tuple[Database, DemoSummary]
) -> None:
    everyone = customers(session)
    assert len(everyone) == book[1].customers == 150
    kinds = Counter(c.kind for c in everyone)
    assert 0.7 <= kinds["business"] / 150 <= 0.9
    assert kinds["business"] + kinds["individual"] == 150
    for person in (c for c in everyone if c.kind == "individual"):
        assert re.fullmatch(r"(M\.|Mme) \S+ .+", person.name)
        assert person.siret is None and person.vat_number is None


def test_references_are_unique_accounting_codes(session: Session) -> None:
    refs = [c.ref for c in customers(session)]
    assert all(re.fullmatch(r"411\d{5}", ref) for ref in refs)
    assert len(set(refs)) == len(refs)


def test_terms_segments_and_some_long_names(session: Session) -> None:
    everyone = customers(session)
    assert {c.payment_terms_days for c in everyone} == {30, 45, 60}
    assert {c.segment for c in everyone} == {"standard", "premium", "watch"}
    assert any(len(c.name) > 50 for c in everyone)
    assert any(re.search(r"\b(SARL|SAS|SA|EURL|SCI)\b", c.name) for c in everyone)


def test_customers_abroad_with_their_own_postcodes_and_language(session: Session) -> None:
    abroad = [c for c in customers(session) if c.country != "FR"]
    assert {c.country for c in abroad} == {"BE", "DE", "CH", "GB"}
    postcode = {
        "BE": r"\d{4}",
        "DE": r"\d{5}",
        "CH": r"\d{4}",
        "GB": r"[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}",
    }
    for customer in abroad:
        assert customer.postcode is not None
        assert re.fullmatch(postcode[customer.country], customer.postcode), customer.postcode
        assert customer.siret is None
    assert all(c.language == "en" for c in abroad if c.country == "GB")


def test_french_addresses_have_postcodes_and_some_are_cedex(session: Session) -> None:
    french = [c for c in customers(session) if c.country == "FR"]
    assert all(c.postcode and re.fullmatch(r"\d{5}", c.postcode) for c in french)
    cedex = [c for c in french if c.city and re.fullmatch(r"[A-Z' -]+ CEDEX( \d+)?", c.city)]
    assert len(cedex) >= 5
    assert any(c.address_line2 for c in french if c not in cedex)


def test_every_siret_and_vat_number_is_valid(session: Session) -> None:
    businesses = [c for c in customers(session) if c.kind == "business"]
    for customer in businesses:
        assert customer.vat_number is not None
        if customer.country == "FR":
            assert customer.siret is not None and siret.is_valid(customer.siret)
            assert eu_vat.is_valid(customer.vat_number)
            assert customer.vat_number[4:] == customer.siret[:9]  # derived from the SIREN
        elif customer.country == "GB":
            assert gb_vat.is_valid(customer.vat_number)
        elif customer.country == "CH":
            assert ch_vat.is_valid(customer.vat_number)
        else:
            assert eu_vat.is_valid(customer.vat_number), customer.vat_number


def test_one_primary_contact_each_some_with_more_and_a_few_without_email(
    session: Session,
) -> None:
    contacts = list(session.scalars(select(Contact)))
    per_customer = Counter(c.customer_id for c in contacts)
    primaries = Counter(c.customer_id for c in contacts if c.is_primary)
    assert set(primaries.values()) == {1} and len(primaries) == 150
    assert any(n in (2, 3) for n in per_customer.values())
    with_email = {c.customer_id for c in contacts if c.email}
    assert 1 <= 150 - len(with_email) <= 20
    french_phones = [c.phone for c in contacts if c.phone and c.phone.startswith("+33")]
    assert all(re.fullmatch(r"\+33 [1-9]( \d\d){4}", phone) for phone in french_phones)
    assert {c.preferred_channel for c in contacts} == {"letter", "email", "phone"}
    assert all(c.role for c in contacts if c.customer.kind == "business")


def test_invoice_numbers_follow_the_year_and_money_is_integer_cents(session: Session) -> None:
    invoices = list(session.scalars(select(Invoice)))
    assert all(re.fullmatch(rf"FA-{i.issue_date.year}-\d{{5}}", i.number) for i in invoices)
    assert min(i.issue_date for i in invoices) >= date(2025, 5, 22)
    assert max(i.issue_date for i in invoices) <= TODAY
    for table in ("invoices", "payments", "credit_notes", "allocations"):
        kinds = session.execute(text(f"SELECT DISTINCT typeof(amount_cents) FROM {table}"))
        assert [k for (k,) in kinds] == ["integer"]


def test_a_few_small_invoice_customers_and_a_few_large_invoices(session: Session) -> None:
    invoices = list(session.scalars(select(Invoice)))
    small = Counter(i.customer_id for i in invoices if 3_000 <= i.amount_cents <= 30_000)
    assert sum(1 for n in small.values() if n >= 24) >= 3
    assert sum(1 for i in invoices if 2_000_000 <= i.amount_cents <= 8_000_000) >= 2


def test_credit_notes_partial_payments_and_overpayments(session: Session) -> None:
    notes = list(session.scalars(select(CreditNote)))
    assert notes and all(n.reason and re.fullmatch(r"AV-\d{4}-\d{5}", n.number) for n in notes)
    partly_paid = session.scalar(
        select(func.count())
        .select_from(Invoice)
        .where(Invoice.open_cents > 0, Invoice.open_cents < Invoice.amount_cents)
    )
    assert partly_paid
    credit = [unallocated_credit(session, c.id) for c in customers(session)]
    assert sum(1 for c in credit if c.get("EUR", 0) > 0) >= 3
    methods = set(session.scalars(select(Payment.method)))
    assert methods == {"transfer", "cheque", "card", "direct_debit"}
    references = list(session.scalars(select(Payment.reference)))
    assert any(r and r.startswith("VIR SEPA ") for r in references)
    assert any(r and re.fullmatch(r"CHQ \d{7}", r) for r in references)


def test_payments_fall_between_the_invoice_and_today(session: Session) -> None:
    rows = session.execute(select(Allocation.applied_on, Invoice.issue_date).join(Invoice)).all()
    assert all(issued <= applied <= TODAY for applied, issued in rows)
    assert max(session.scalars(select(Payment.received_on))) <= TODAY


def test_every_aging_bucket_has_money_as_of_today(session: Session) -> None:
    lines = aging_lines(session, TODAY)
    for bucket in BUCKETS:
        assert sum(line.aging.buckets[bucket] for line in lines) > 0, bucket


def test_the_ledger_is_consistent_and_the_history_complete(
    session: Session, book: tuple[Database, DemoSummary]
) -> None:
    assert check_consistency(session) == []
    summary = book[1]
    kinds = Counter(session.scalars(select(HistoryEvent.kind)))
    assert kinds["customer_created"] == summary.customers
    assert kinds["invoice_issued"] == summary.invoices
    assert kinds["payment_received"] == summary.payments
    assert kinds["credit_note"] == summary.credit_notes
    assert summary.contacts == session.scalar(select(func.count()).select_from(Contact))


def test_a_second_call_adds_customers_without_clashing(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as session:
        first = fill_demo(session, clock, customers=20)
    with db.session_factory.begin() as session:
        second = fill_demo(session, clock, customers=20)
    with db.session_factory() as session:
        everyone = customers(session)
        assert len(everyone) == first.customers + second.customers == 40
        assert len({c.ref for c in everyone}) == 40
        assert len({c.name for c in everyone}) == 40
        total = session.scalar(select(func.count()).select_from(Invoice))
        assert total == first.invoices + second.invoices
        assert check_consistency(session) == []


def book_rows(path: Path) -> list[tuple[object, ...]]:
    database = open_database(path)
    try:
        with database.session_factory() as session:
            return [
                *session.execute(select(Customer.ref, Customer.name, Customer.siret)),
                *session.execute(select(Contact.name, Contact.email, Contact.phone)),
                *session.execute(select(Invoice.number, Invoice.amount_cents, Invoice.open_cents)),
                *session.execute(
                    select(Payment.received_on, Payment.amount_cents, Payment.reference)
                ),
                *session.execute(select(CreditNote.number, CreditNote.amount_cents)),
            ]
    finally:
        database.dispose()


def test_the_same_seed_gives_the_same_book(tmp_path: Path, clock: Clock) -> None:
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        database = open_database(tmp_path / f"{name}.sqlite3")
        with database.session_factory.begin() as session:
            fill_demo(session, clock, customers=25, seed=seed)
        database.dispose()
    same = book_rows(tmp_path / "a.sqlite3")
    assert same == book_rows(tmp_path / "b.sqlite3")
    assert same != book_rows(tmp_path / "c.sqlite3")
