"""allocations may record a settlement made in the accounting system

Revision ID: 0002_external_settlements
Revises: 0001_initial
Create Date: 2026-11-23 00:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_external_settlements"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("allocations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note", sa.String(length=200), nullable=True))
        batch_op.drop_constraint(op.f("ck_allocations_exactly_one_source"), type_="check")
        batch_op.create_check_constraint(
            "at_most_one_source", "payment_id IS NULL OR credit_note_id IS NULL"
        )


def downgrade() -> None:
    op.execute("DELETE FROM allocations WHERE payment_id IS NULL AND credit_note_id IS NULL")
    with op.batch_alter_table("allocations", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_allocations_at_most_one_source"), type_="check")
        batch_op.create_check_constraint(
            "exactly_one_source", "(payment_id IS NULL) <> (credit_note_id IS NULL)"
        )
        batch_op.drop_column("note")
