"""local sync bookkeeping: outbox, state, apply guard, conflicts, rejected changes

Only on the local SQLite: the shared PostgreSQL gets its sync objects from ``mos_desktop.sync.server_schema``
(``mos-desktop server init``), so on PostgreSQL this revision changes nothing.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _local() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    if not _local():
        return
    op.create_table(
        "sync_outbox",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("op_id", sa.String(32), nullable=False, unique=True),
        sa.Column("table_name", sa.String(100), nullable=False),
        sa.Column("row_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("cols", sa.Text(), nullable=False),
        sa.Column("base", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(32), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_sync_outbox_row", "sync_outbox", ["table_name", "row_id"])
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(60), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "sync_apply_guard",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("active", sa.Integer(), nullable=False, server_default="0"),
    )
    op.execute("INSERT INTO sync_apply_guard (id, active) VALUES (1, 0)")
    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.CHAR(32), primary_key=True),
        sa.Column("version", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("table_name", sa.String(100), nullable=False),
        sa.Column("row_id", sa.CHAR(32), nullable=False),
        sa.Column("column_name", sa.String(100), nullable=False),
        sa.Column("base", sa.Text(), nullable=True),
        sa.Column("mine", sa.Text(), nullable=True),
        sa.Column("theirs", sa.Text(), nullable=True),
        sa.Column("mine_by", sa.String(200), nullable=False, server_default=""),
        sa.Column("theirs_by", sa.String(200), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(200), nullable=False, server_default=""),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("updated_by", sa.String(200), nullable=False, server_default=""),
    )
    op.create_table(
        "sync_rejected",
        sa.Column("op_id", sa.String(32), primary_key=True),
        sa.Column("table_name", sa.String(100), nullable=False),
        sa.Column("row_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("cols", sa.Text(), nullable=False),
        sa.Column("base", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("rejected_at", sa.String(32), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
    )


def downgrade() -> None:
    if not _local():
        return
    for name in ("sync_rejected", "sync_conflicts", "sync_apply_guard", "sync_state"):
        op.drop_table(name)
    op.drop_index("ix_sync_outbox_row", table_name="sync_outbox")
    op.drop_table("sync_outbox")
