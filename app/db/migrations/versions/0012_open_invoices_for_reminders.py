"""open invoices for the reminders: the day's proposals read from the index alone

Revision ID: 0012_open_invoices_for_reminders
Revises: 0011_open_invoices_by_currency
Create Date: 2026-12-01 21:10:00.000000

The day's proposals read every open invoice's number, issue date and amount beside what the aged
balance reads; with them in the partial index of open invoices (open ones only: a fraction of the
book), SQLite answers from the index instead of looking up each invoice in the table: 0.48 s →
0.17 s for the 86,000 open invoices of a 300,000-invoice book. The aged balance still reads the
same index, which stays a covering one for it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_open_invoices_for_reminders"
down_revision: str | None = "0011_open_invoices_by_currency"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("open_cents > 0")
AGING = ["customer_id", "currency", "due_date", "open_cents"]


def _index(columns: list[str]) -> None:
    op.drop_index("ix_invoices_open", table_name="invoices")
    op.create_index(
        "ix_invoices_open", "invoices", columns, sqlite_where=OPEN, postgresql_where=OPEN
    )


def upgrade() -> None:
    _index([*AGING, "number", "issue_date", "amount_cents"])


def downgrade() -> None:
    _index(AGING)
