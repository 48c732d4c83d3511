"""`insert_many` stores exactly what the ORM stores, in the session's transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, cast

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, select, text

from app.db.bulk import insert_many, roomy_cache
from app.db.migrate import Database
from app.db.models import Customer, HistoryEvent, Invoice

INVOICES = cast(Table, Invoice.__table__)
EVENTS = cast(Table, HistoryEvent.__table__)
PARIS = timezone(timedelta(hours=1))


def raw_rows(db: Database, table: str) -> list[tuple[Any, ...]]:
    """The rows as SQLite holds them (text dates, JSON text), without the ids."""
    with db.engine.connect() as connection:
        rows = connection.exec_driver_sql(f"SELECT * FROM {table} ORDER BY id").all()
    return [tuple(row)[1:] for row in rows]


def test_rows_are_stored_as_the_orm_stores_them(db: Database) -> None:
    at = datetime(2026, 11, 22, 9, 30, 15, 123456, tzinfo=PARIS)  # stored as UTC, like the ORM
    with db.session_factory.begin() as session:
        customer = Customer(ref="C1", name="Dupont SARL", created_at=at, updated_at=at)
        session.add(customer)
        session.flush()
        session.add_all(
            [
                Invoice(
                    customer_id=customer.id, number="F-1", issue_date=date(2026, 1, 31),
                    due_date=date(2026, 3, 2), amount_cents=12050, open_cents=12050,
                    created_at=at,
                ),
                HistoryEvent(
                    customer_id=customer.id, at=at, kind="invoice_issued",
                    summary="Facture F-1 importée", payload={"number": "F-1", "montant": 12050},
                ),
            ]
        )  # fmt: skip
    payload = {"number": "F-1", "montant": 12050}
    with db.session_factory.begin() as session:
        insert_many(
            session,
            INVOICES,
            ("customer_id", "number", "issue_date", "due_date", "amount_cents", "open_cents"),
            [(customer.id, "F-1", date(2026, 1, 31), date(2026, 3, 2), 12050, 12050)],
            {"created_at": at, "source": "bulk"},
        )
        insert_many(
            session,
            EVENTS,
            ("customer_id", "kind", "summary", "payload"),
            [(customer.id, "invoice_issued", "Facture F-1 importée", payload)],
            {"at": at},
        )  # fmt: skip
    orm, bulk = raw_rows(db, "invoices")
    assert bulk[:2] == orm[:2] and bulk[3:] == orm[3:]  # all but `source`
    assert (orm[2], bulk[2]) == ("", "bulk")
    assert orm[-1] == "2026-11-22 08:30:15.123456"  # UTC
    assert raw_rows(db, "history_events")[0] == raw_rows(db, "history_events")[1]
    with db.session_factory() as session:
        read = session.scalars(select(Invoice).where(Invoice.source == "bulk")).one()
        assert (read.currency, read.created_at) == ("EUR", at.astimezone(UTC))  # scalar default


def test_nothing_stays_when_the_transaction_is_rolled_back(db: Database) -> None:
    at = datetime(2026, 11, 22, tzinfo=UTC)
    with db.session_factory.begin() as session:
        session.add(Customer(ref="C1", name="Dupont", created_at=at, updated_at=at))
    with db.session_factory() as session:
        insert_many(
            session, EVENTS, ("customer_id", "kind", "summary", "payload"),
            [(1, "note", f"n{i}", {}) for i in range(12_000)],  # more than one batch
            {"at": at},
        )  # fmt: skip
        assert session.scalar(text("SELECT count(*) FROM history_events")) == 12_000
        session.rollback()
    assert raw_rows(db, "history_events") == []


def test_a_computed_default_must_be_given(db: Database) -> None:
    table = Table(
        "computed", MetaData(), Column("id", Integer, primary_key=True),
        Column("label", String, default=lambda: "made"),
    )  # fmt: skip
    with db.session_factory() as session, pytest.raises(ValueError, match="computed default"):
        insert_many(session, table, ("id",), [(1,)])


def cache_size(session: Any) -> int:
    return int(session.connection().exec_driver_sql("PRAGMA cache_size").scalar_one())


def test_a_roomy_cache_lasts_the_block_and_keeps_what_it_wrote(db: Database) -> None:
    at = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
    with db.session_factory() as session:
        before = cache_size(session)
        with roomy_cache(session, kib=32768):
            assert cache_size(session) == -32768
            customer = Customer(ref="C1", name="Dupont SARL", created_at=at, updated_at=at)
            session.add(customer)
            session.flush()
            insert_many(
                session,
                INVOICES,
                ("customer_id", "number", "issue_date", "due_date", "amount_cents", "open_cents"),
                [(customer.id, "F-0", date(2026, 1, 1), date(2026, 2, 1), 100, 100)],
                {"created_at": at},
            )
        assert cache_size(session) == before != -32768
        session.commit()
    with db.session_factory() as session:
        assert session.scalars(select(Invoice.number)).all() == ["F-0"]
        assert cache_size(session) == before


def test_a_roomy_cache_gives_its_size_back_when_the_write_fails(db: Database) -> None:
    with db.session_factory() as session:
        before = cache_size(session)
        with pytest.raises(ZeroDivisionError), roomy_cache(session):
            _ = 1 / 0
        assert cache_size(session) == before
