"""notice tracking: a registered letter's tracking number and the day it was received

Revision ID: 0010_notice_tracking
Revises: 0009_civility_region
Create Date: 2026-12-01 10:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_notice_tracking"
down_revision: str | None = "0009_civility_region"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added in place: copying the table, as batch mode may, would drop `reminders` and, with it,
    # every reminder's items (ON DELETE CASCADE) in a real book.
    with op.batch_alter_table("reminders", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("registered", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("tracking_number", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("received_on", sa.Date(), nullable=True))
    # Formal notices sent by post before this version went registered, as their letters said.
    op.execute(
        "UPDATE reminders SET registered = 1 "
        "WHERE template LIKE '%formal_notice%' AND channels LIKE '%letter%'"
    )


def downgrade() -> None:
    # A plain drop in place (SQLite 3.35+): copying the table would drop `reminders`, which the
    # foreign keys of a real book refuse.
    with op.batch_alter_table("reminders", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("received_on")
        batch_op.drop_column("tracking_number")
        batch_op.drop_column("registered")
