"""civility and region: how to greet a contact or an individual customer, and a customer's state

Revision ID: 0009_civility_region
Revises: 0008_customer_iban
Create Date: 2026-12-01 09:20:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0009_civility_region'
down_revision: str | None = '0008_customer_iban'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('civility', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('region', sa.String(length=100), nullable=True))
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('civility', sa.String(length=8), nullable=True))


def downgrade() -> None:
    # SQLite drops a plain column in place (3.35+): copying the table instead, as batch mode
    # would, means dropping `customers`, which the foreign keys of a real book refuse.
    with op.batch_alter_table('contacts', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('civility')
    with op.batch_alter_table('customers', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('region')
        batch_op.drop_column('civility')
