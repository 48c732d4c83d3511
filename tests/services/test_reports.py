"""The aged balance report: per-customer lines, totals per currency, and its JSON form."""

from __future__ import annotations

from datetime import date

from app.db.migrate import Database
from app.domain.calendar import Clock
from app.services import ledger
from app.services.reports import aging_report, aging_table
from app.services.settings import Preferences, save_preferences

TODAY = date(2026, 11, 22)


def fill(db: Database, clock: Clock) -> None:
    with db.session_factory.begin() as s:
        for ref, number, due, cents, currency in (
            ("411A", "FA-1", date(2026, 7, 1), 120000, "EUR"),
            ("411A", "FA-2", date(2026, 12, 1), 5050, "EUR"),
            ("411B", "FA-3", date(2026, 11, 1), 30000, "EUR"),
            ("411B", "UK-1", date(2026, 10, 1), 70000, "GBP"),
        ):
            try:
                customer = ledger.customer_by_ref(s, ref).id
            except ledger.LedgerError:
                customer = ledger.create_customer(s, clock, ref=ref, name=f"Customer {ref}").id
            ledger.add_invoice(
                s,
                clock,
                customer_id=customer,
                number=number,
                issue_date=date(2026, 6, 1),
                due_date=due,
                amount_cents=cents,
                currency=currency,
            )


def test_report_totals_add_up_per_currency(db: Database, clock: Clock) -> None:
    fill(db, clock)
    with db.session_factory() as s:
        report = aging_report(s, TODAY)
    assert report.currency == "EUR"
    assert report.headline.total == 120000 + 5050 + 30000
    assert report.totals["GBP"].total == 70000
    assert sum(line.aging.total for line in report.lines) == 155050 + 70000


def test_report_json_has_amounts_as_strings_and_other_currencies_apart(
    db: Database, clock: Clock
) -> None:
    fill(db, clock)
    with db.session_factory() as s:
        data = aging_report(s, TODAY).to_json()
    assert data["as_of"] == "2026-11-22"
    assert data["total"] == "1550.50"
    assert data["buckets"] == {
        "not_due": "50.50",
        "1-30": "300.00",
        "31-60": "0.00",
        "61-90": "0.00",
        "over_90": "1200.00",
    }
    assert data["other_currencies"]["GBP"]["buckets"]["31-60"] == "700.00"
    assert [(c["customer_ref"], c["currency"]) for c in data["customers"]] == [
        ("411A", "EUR"),
        ("411B", "EUR"),
        ("411B", "GBP"),
    ]


def test_report_headline_follows_the_preferred_currency(db: Database, clock: Clock) -> None:
    fill(db, clock)
    with db.session_factory.begin() as s:
        save_preferences(s, Preferences(currency="GBP"))
    with db.session_factory() as s:
        data = aging_report(s, TODAY).to_json()
    assert (data["currency"], data["total"]) == ("GBP", "700.00")
    assert data["other_currencies"]["EUR"]["total"] == "1550.50"


def test_empty_book_says_nothing_is_owed(db: Database) -> None:
    with db.session_factory() as s:
        report = aging_report(s, TODAY)
    assert report.lines == []
    assert report.headline.total == 0
    assert "Nothing is owed as of 2026-11-22." in aging_table(report, "en_GB")
