"""drop two indexes no query uses: stock_moves.from_location_id and payments.import_key

Moves out of a location are always looked up with their item (ix_stock_moves_out leads with item_id and
from_location_id); a statement's duplicates are found by date, number, amount, account and ИНН in memory
(bank_import._load_duplicates reads a date window), never by ``import_key``. Each index is built on every
initial sync and updated on every insert (a tenth of a 10,000-payment import's SQLite time).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 02:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_stock_moves_from_location_id")
    op.execute("DROP INDEX IF EXISTS ix_payments_import_key")


def downgrade() -> None:
    op.execute("CREATE INDEX IF NOT EXISTS ix_payments_import_key ON payments (import_key)")
    op.execute("CREATE INDEX IF NOT EXISTS ix_stock_moves_from_location_id ON stock_moves (from_location_id)")
