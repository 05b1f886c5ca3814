"""documents: issued documents keep what was printed (snapshot) and their e-mail send state

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import mos_desktop.models.base

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("issued_documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("snapshot", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(
            sa.Column("sent_at", mos_desktop.models.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("sent_to", sa.String(length=500), server_default="", nullable=False))
        batch_op.add_column(
            sa.Column("send_error", sa.String(length=500), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("issued_documents", schema=None) as batch_op:
        batch_op.drop_column("send_error")
        batch_op.drop_column("sent_to")
        batch_op.drop_column("sent_at")
        batch_op.drop_column("snapshot")
