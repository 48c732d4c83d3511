"""Every released schema, kept as a small sample file, still opens and reads back its data."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from app.db.backup import list_backups
from app.db.migrate import State, head_revision, inspect_file, known_revisions, open_database
from app.db.models import Base, Customer, HistoryEvent, Invoice, Payment
from app.db.queries import aging_lines, customer_rows
from app.services.ledger import check_consistency, unallocated_credit
from app.services.settings import load_preferences

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLES = sorted(FIXTURES.glob("schema_*.sqlite3"))


def copy_sample(name: str, tmp_path: Path) -> Path:
    target = tmp_path / "relance.sqlite3"
    shutil.copyfile(FIXTURES / name, target)
    return target


def test_every_sample_is_named_after_a_schema_this_version_knows() -> None:
    assert SAMPLES, "tests/fixtures/make_fixtures.py writes the samples"
    for sample in SAMPLES:
        assert sample.stem.removeprefix("schema_") in known_revisions()


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_sample_database_upgrades_to_the_current_models(sample: Path, tmp_path: Path) -> None:
    original = hashlib.sha256(sample.read_bytes()).hexdigest()
    path = copy_sample(sample.name, tmp_path)
    revision = sample.stem.removeprefix("schema_")
    assert inspect_file(path)[1] == revision
    database = open_database(path)
    try:
        with database.engine.connect() as connection:
            context = MigrationContext.configure(connection)
            assert compare_metadata(context, Base.metadata) == []
        with database.session_factory() as session:
            assert check_consistency(session) == []
    finally:
        database.dispose()
    assert inspect_file(path) == (State.CURRENT, head_revision())
    assert len(list_backups(path)) == 1  # the file as it was, before any change
    assert hashlib.sha256(sample.read_bytes()).hexdigest() == original


def test_sample_of_schema_0001_reads_back_its_data(tmp_path: Path) -> None:
    database = open_database(copy_sample("schema_0001_initial.sqlite3", tmp_path))
    try:
        with database.session_factory() as s:
            customers = {c.ref: c for c in s.scalars(select(Customer))}
            assert set(customers) == {"411DUP", "411MAR", "411ACM"}
            assert customers["411MAR"].payment_terms_days == 45
            assert customers["411DUP"].created_at.tzinfo is not None
            invoices = {i.number: i for i in s.scalars(select(Invoice))}
            assert invoices["FA-2026-001"].open_cents == 70000
            assert invoices["FA-2026-003"].settled_on == date(2026, 11, 2)
            assert invoices["UK-2026-001"].currency == "GBP"
            assert s.scalar(select(Payment.reference).where(Payment.id == 1)) == "VIR 1"
            assert unallocated_credit(s, customers["411MAR"].id) == {"EUR": 5000}
            assert len(s.scalars(select(HistoryEvent)).all()) == 3 + 4 + 2
            assert load_preferences(s).language == "fr"
            rows = {(r.ref, r.currency): r for r in customer_rows(s, date(2026, 11, 22))}
            assert rows[("411DUP", "EUR")].total_cents == 100050
            assert rows[("411DUP", "EUR")].oldest_overdue_days == 114
            assert rows[("411MAR", "EUR")].total_cents == 0
            lines = {
                (line.customer_ref, line.currency): line
                for line in aging_lines(s, date(2026, 11, 22))
            }
            assert lines[("411DUP", "EUR")].aging.buckets["over_90"] == 70000
            assert lines[("411ACM", "GBP")].aging.buckets["31-60"] == 70000
    finally:
        database.dispose()


def test_sample_of_schema_0002_keeps_its_settlement_in_the_accounting(tmp_path: Path) -> None:
    database = open_database(copy_sample("schema_0002_external_settlements.sqlite3", tmp_path))
    try:
        with database.session_factory() as s:
            invoice = s.scalars(select(Invoice).where(Invoice.number == "FA-2026-002")).one()
            assert (invoice.open_cents, invoice.settled_on) == (0, date(2026, 11, 20))
            assert [a.note for a in invoice.allocations] == [
                "Settled in the accounting system (export.csv)"
            ]
            assert check_consistency(s) == []
            assert s.scalar(select(Customer.dunning_policy).limit(1)) is None
    finally:
        database.dispose()


def test_sample_of_schema_0003_keeps_its_case_work_and_gets_the_penalty_rates(
    tmp_path: Path,
) -> None:
    from app.db.models import Dispute, Interaction, Promise, RatePeriodRow

    database = open_database(copy_sample("schema_0003_casework.sqlite3", tmp_path))
    try:
        with database.session_factory() as s:
            dispute = s.scalars(select(Dispute)).one()
            assert (dispute.status, [i.amount_cents for i in dispute.items]) == ("open", [20000])
            assert len(list(s.scalars(select(Interaction)))) == 2
            assert s.scalars(select(Promise.status)).one() == "pending"
            assert s.scalar(select(Customer.dunning_policy).where(Customer.id == 2)) == "gentle"
            fr = s.scalars(select(RatePeriodRow).where(RatePeriodRow.jurisdiction == "FR")).all()
            assert (fr[-1].starts_on, fr[-1].reference_bp, fr[-1].legal_bp) == (
                date(2026, 1, 1),
                215,
                262,
            )
            assert check_consistency(s) == []
    finally:
        database.dispose()


def test_sample_of_schema_0006_stops_claiming_penalties_on_the_last_amicable_reminder(
    tmp_path: Path,
) -> None:
    from app.db.models import Allocation, DunningLevel, OutboxMessage, PaymentPlan, Reminder

    database = open_database(copy_sample("schema_0006_payment_plans.sqlite3", tmp_path))
    try:
        with database.session_factory() as s:
            claims = {
                level.template: level.state_penalties
                for level in s.scalars(select(DunningLevel).order_by(DunningLevel.rank))
            }
            assert claims["last_amicable"] is False  # it said "may": it claims nothing now
            assert claims["formal_notice"] is True
            reminder = s.scalars(select(Reminder)).one()
            assert (reminder.total_cents, reminder.credit_cents) == (80050, 0)
            assert [i.invoice_id for i in reminder.items] == [1]
            assert s.scalars(select(OutboxMessage.status)).one() == "queued"
            plan = s.scalars(select(PaymentPlan)).one()
            assert [p.amount_cents for p in plan.instalments] == [22500, 22500]
            assert all(a.recorded_at is None for a in s.scalars(select(Allocation)))
            assert s.scalar(select(Customer.handed_over_to).where(Customer.id == 1)) is None
            assert check_consistency(s) == []
    finally:
        database.dispose()
