"""stock moves: drop the item_id index, which both covering balance indexes already lead with

A redundant index is built on every initial sync (100,000 moves: a fifth of the snapshot's time) and
updated on every move, and no query needs it: item lookups use ix_stock_moves_in / ix_stock_moves_out.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 23:58:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_stock_moves_item_id")


def downgrade() -> None:
    op.execute("CREATE INDEX IF NOT EXISTS ix_stock_moves_item_id ON stock_moves (item_id)")
