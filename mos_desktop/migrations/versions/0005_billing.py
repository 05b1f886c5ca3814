"""billing: payment direction, our account, reversals; invoice corrections; payable payment task

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 23:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("direction", sa.String(length=32), server_default="incoming", nullable=False)
        )
        batch_op.add_column(sa.Column("our_account", sa.String(length=20), server_default="", nullable=False))
        batch_op.add_column(sa.Column("reverses_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("reason", sa.String(length=300), server_default="", nullable=False))
        batch_op.create_foreign_key(
            batch_op.f("fk_payments_reverses_id_payments"), "payments", ["reverses_id"], ["id"]
        )
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("corrects_id", sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column("cancel_reason", sa.String(length=300), server_default="", nullable=False)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_invoices_corrects_id_invoices"), "invoices", ["corrects_id"], ["id"]
        )
    with op.batch_alter_table("payables", schema=None) as batch_op:
        batch_op.add_column(sa.Column("payment_task_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("payables", schema=None) as batch_op:
        batch_op.drop_column("payment_task_on")
    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_invoices_corrects_id_invoices"), type_="foreignkey")
        batch_op.drop_column("cancel_reason")
        batch_op.drop_column("corrects_id")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_payments_reverses_id_payments"), type_="foreignkey")
        batch_op.drop_column("reason")
        batch_op.drop_column("reverses_id")
        batch_op.drop_column("our_account")
        batch_op.drop_column("direction")
