"""Read queries for the lists and the aged balance, on a real migrated SQLite file."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.db.migrate import Database
from app.db.models import Contact
from app.db.queries import InvoiceFilter, aging_lines, customer_rows, invoice_rows
from app.domain.aging import BUCKETS, age, bucket_for
from app.domain.calendar import Clock
from app.services import ledger

TODAY = date(2026, 11, 22)


@dataclass(frozen=True)
class Book:
    dupont: int  # owes three invoices, one of them partly paid; a fourth is settled
    martin: int  # owes nothing
    acme: int  # owes in EUR and in GBP
    leroy: int  # owes one invoice due today


@pytest.fixture
def book(db: Database, clock: Clock) -> Book:
    with db.session_factory.begin() as s:
        dupont = ledger.create_customer(s, clock, ref="411DUP", name="Dupont", city="Lyon").id
        s.add(
            Contact(customer_id=dupont, name="Anne", email="anne@dupont.example", is_primary=True)
        )
        s.add(Contact(customer_id=dupont, name="Bob", email="bob@dupont.example"))
        ids = {}
        for number, issued, cents in (
            ("FA-1", date(2026, 7, 1), 120000),  # due 31 Jul: 114 days late
            ("FA-2", date(2026, 10, 1), 30050),  # due 31 Oct: 22 days late
            ("FA-3", date(2026, 11, 10), 5000),  # due 10 Dec: not due
            ("FA-4", date(2026, 6, 1), 10000),  # due 1 Jul, paid below
        ):
            ids[number] = ledger.add_invoice(
                s, clock, customer_id=dupont, number=number, issue_date=issued, amount_cents=cents
            ).id
        ledger.record_payment(
            s,
            clock,
            customer_id=dupont,
            amount_cents=30000,
            received_on=date(2026, 11, 1),
            allocate_to={ids["FA-4"]: None, ids["FA-1"]: 20000},
        )
        martin = ledger.create_customer(s, clock, ref="411MAR", name="Martin").id
        acme = ledger.create_customer(s, clock, ref="411ACM", name="Acme").id
        ledger.add_invoice(
            s,
            clock,
            customer_id=acme,
            number="UK-1",
            issue_date=date(2026, 9, 1),
            amount_cents=70000,
            currency="GBP",
        )
        ledger.add_invoice(
            s,
            clock,
            customer_id=acme,
            number="FR-1",
            issue_date=date(2026, 8, 1),
            amount_cents=4000,
            due_date=date(2026, 8, 15),
        )
        leroy = ledger.create_customer(s, clock, ref="411LER", name="Leroy").id
        ledger.add_invoice(
            s,
            clock,
            customer_id=leroy,
            number="FA-9",
            issue_date=date(2026, 10, 23),
            amount_cents=999,
            due_date=TODAY,
        )
    return Book(dupont, martin, acme, leroy)


def rows_by_key(db: Database) -> dict[tuple[int, str], tuple[int, int, int]]:
    with db.session_factory() as s:
        return {
            (r.id, r.currency): (r.total_cents, r.overdue_cents, r.oldest_overdue_days)
            for r in customer_rows(s, TODAY)
        }


def test_customer_row_gives_total_overdue_and_days_of_oldest_overdue(
    db: Database, book: Book
) -> None:
    rows = rows_by_key(db)
    assert rows[(book.dupont, "EUR")] == (100000 + 30050 + 5000, 100000 + 30050, 114)


def test_customer_row_shows_city_and_primary_contact_email(db: Database, book: Book) -> None:
    with db.session_factory() as s:
        (row,) = [r for r in customer_rows(s, TODAY) if r.id == book.dupont]
    assert (row.ref, row.name, row.city, row.email) == (
        "411DUP",
        "Dupont",
        "Lyon",
        "anne@dupont.example",
    )
    assert row.on_hold is False


def test_customer_who_owes_nothing_has_one_empty_row_in_the_default_currency(
    db: Database, book: Book
) -> None:
    rows = rows_by_key(db)
    assert rows[(book.martin, "EUR")] == (0, 0, 0)
    assert [key for key in rows if key[0] == book.martin] == [(book.martin, "EUR")]


def test_customer_owing_in_two_currencies_has_a_row_per_currency(db: Database, book: Book) -> None:
    rows = rows_by_key(db)
    assert rows[(book.acme, "GBP")] == (70000, 70000, 52)  # due 1 Oct
    assert rows[(book.acme, "EUR")] == (4000, 4000, 99)  # due 15 Aug


def test_invoice_due_today_is_owed_but_not_overdue(db: Database, book: Book) -> None:
    assert rows_by_key(db)[(book.leroy, "EUR")] == (999, 0, 0)


def numbers(db: Database, **filters: object) -> list[str]:
    with db.session_factory() as s:
        return [r.number for r in invoice_rows(s, TODAY, **filters)]  # type: ignore[arg-type]


def test_invoice_list_shows_open_invoices_by_due_date(db: Database, book: Book) -> None:
    assert numbers(db) == ["FA-1", "FR-1", "UK-1", "FA-2", "FA-9", "FA-3"]


def test_invoice_list_filters_overdue_invoices(db: Database, book: Book) -> None:
    assert numbers(db, status=InvoiceFilter.OVERDUE) == ["FA-1", "FR-1", "UK-1", "FA-2"]


def test_invoice_list_shows_settled_invoices_with_all(db: Database, book: Book) -> None:
    assert numbers(db, status=InvoiceFilter.ALL) == [
        "FA-4",
        "FA-1",
        "FR-1",
        "UK-1",
        "FA-2",
        "FA-9",
        "FA-3",
    ]


def test_invoice_list_filters_by_inclusive_issue_date_range(db: Database, book: Book) -> None:
    in_autumn = numbers(
        db, status=InvoiceFilter.ALL, date_from=date(2026, 9, 1), date_to=date(2026, 10, 23)
    )
    assert in_autumn == ["UK-1", "FA-2", "FA-9"]
    assert numbers(db, date_to=date(2026, 7, 1)) == ["FA-1"]
    assert numbers(db, date_from=date(2026, 11, 10)) == ["FA-3"]


def test_invoice_list_filters_by_customer(db: Database, book: Book) -> None:
    assert numbers(db, status=InvoiceFilter.ALL, customer_id=book.acme) == ["FR-1", "UK-1"]


def test_invoice_rows_give_open_amount_and_days_late(db: Database, book: Book) -> None:
    with db.session_factory() as s:
        rows = {r.number: r for r in invoice_rows(s, TODAY, InvoiceFilter.ALL)}
    assert (rows["FA-1"].amount_cents, rows["FA-1"].open_cents, rows["FA-1"].days_late) == (
        120000,
        100000,
        114,
    )
    assert rows["FA-4"].open_cents == 0 and rows["FA-4"].days_late == 0
    assert rows["FA-3"].days_late == 0
    assert rows["FA-9"].days_late == 0
    assert rows["UK-1"].currency == "GBP"
    assert rows["FA-2"].customer_ref == "411DUP"


def test_aging_lines_list_only_who_owes_per_currency(db: Database, book: Book) -> None:
    with db.session_factory() as s:
        lines = aging_lines(s, TODAY)
    assert [(line.customer_ref, line.currency) for line in lines] == [
        ("411ACM", "EUR"),
        ("411ACM", "GBP"),
        ("411DUP", "EUR"),
        ("411LER", "EUR"),
    ]
    dupont = lines[2].aging
    assert dupont.buckets == {
        "not_due": 5000,
        "1-30": 30050,
        "31-60": 0,
        "61-90": 0,
        "over_90": 100000,
    }


_refs = itertools.count()


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    invoices=st.lists(
        st.tuples(
            st.integers(min_value=-120, max_value=200),  # days late as of the report date
            st.integers(min_value=1, max_value=10**8),  # amount
            st.integers(min_value=0, max_value=100),  # percent already paid
        ),
        min_size=1,
        max_size=8,
    ),
    as_of=st.dates(min_value=date(2026, 1, 1), max_value=TODAY),
)
def test_sql_aging_agrees_with_the_domain_buckets(
    db: Database, clock: Clock, invoices: list[tuple[int, int, int]], as_of: date
) -> None:
    # One database for the whole test; every example gets a customer of its own.
    ref = f"P{next(_refs)}"
    expected: list[tuple[date, int]] = []
    with db.session_factory.begin() as s:
        customer = ledger.create_customer(s, clock, ref=ref, name=ref).id
        for index, (days_late, amount, percent) in enumerate(invoices):
            due = as_of - timedelta(days=days_late)
            invoice = ledger.add_invoice(
                s,
                clock,
                customer_id=customer,
                number=f"{ref}-{index}",
                issue_date=min(due, as_of) - timedelta(days=30),
                due_date=due,
                amount_cents=amount,
            )
            paid = amount * percent // 100
            if paid:
                ledger.add_credit_note(
                    s,
                    clock,
                    customer_id=customer,
                    number=f"{ref}-AV-{index}",
                    issued_on=as_of,
                    amount_cents=paid,
                    allocate_to={invoice.id: paid},
                )
            expected.append((due, amount - paid))
    with db.session_factory() as s:
        lines = [line for line in aging_lines(s, as_of) if line.customer_id == customer]
    domain = age(expected, as_of)
    if domain.total == 0:
        assert lines == []
        return
    (line,) = lines
    assert line.aging.buckets == domain.buckets
    assert sum(line.aging.buckets.values()) == sum(cents for _, cents in expected)
    for due, cents in expected:
        if cents:
            assert line.aging.buckets[bucket_for(due, as_of)] >= cents
    assert set(line.aging.buckets) == set(BUCKETS)
