"""stock and purchasing: move kinds and indexes, count documents, price-list fields, order steps,
acceptance, attachments, non-standard goods requests

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 23:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import mos_desktop.models.base

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _synced_columns() -> list[sa.Column]:
    stamp = mos_desktop.models.base.UTCDateTime(timezone=True)
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("deleted_at", stamp, nullable=True),
        sa.Column("created_at", stamp, server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("created_by", sa.String(length=120), server_default="", nullable=False),
        sa.Column("updated_at", stamp, server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_by", sa.String(length=120), server_default="", nullable=False),
    ]


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def _table(name: str, *columns: sa.Column, fks: tuple[tuple[str, str], ...], index: str) -> None:
    op.create_table(
        name,
        *columns,
        *_synced_columns(),
        *(_fk(name, column, target) for column, target in fks),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{name}_{index}"), [index], unique=False)


def upgrade() -> None:
    _table(
        "goods_requests",
        sa.Column("what", sa.String(length=500), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=True),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("purchase_order_id", sa.Uuid(), nullable=True),
        fks=(("client_id", "clients"), ("purchase_order_id", "purchase_orders")),
        index="client_id",
    )
    _table(
        "purchase_attachments",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        fks=(("order_id", "purchase_orders"),),
        index="order_id",
    )
    _table(
        "purchase_order_steps",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("step_on", sa.Date(), nullable=False),
        sa.Column("author", sa.String(length=120), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        fks=(("order_id", "purchase_orders"),),
        index="order_id",
    )
    _table(
        "goods_request_answers",
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column("supplier_id", sa.Uuid(), nullable=False),
        sa.Column("asked_on", sa.Date(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("price_kop", sa.BigInteger(), nullable=True),
        sa.Column("lead_days", sa.Integer(), nullable=True),
        fks=(("request_id", "goods_requests"), ("supplier_id", "suppliers")),
        index="request_id",
    )
    with op.batch_alter_table("purchase_order_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("defective_quantity", sa.Integer(), server_default="0", nullable=False))
    with op.batch_alter_table("purchase_orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expected_ship_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("accepted_by", sa.String(length=120), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("discrepancy_note", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("stock_count_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("serials", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("stock_counts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("document_ref", sa.String(length=100), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("note", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("stock_moves", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=20), server_default="", nullable=False))
        batch_op.create_index(batch_op.f("ix_stock_moves_document_ref"), ["document_ref"], unique=False)
        batch_op.create_index(
            "ix_stock_moves_in",
            ["item_id", "to_location_id", "moved_on", "quantity", "deleted_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_stock_moves_out",
            ["item_id", "from_location_id", "moved_on", "quantity", "deleted_at"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_stock_moves_serial"), ["serial"], unique=False)
    with op.batch_alter_table("supplier_prices", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("supplier_code", sa.String(length=60), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("vat_rate_pct", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("min_quantity", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("checked_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("supplier_prices", schema=None) as batch_op:
        for column in ("checked_on", "min_quantity", "vat_rate_pct", "supplier_code"):
            batch_op.drop_column(column)
    with op.batch_alter_table("stock_moves", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_moves_serial"))
        batch_op.drop_index("ix_stock_moves_out")
        batch_op.drop_index("ix_stock_moves_in")
        batch_op.drop_index(batch_op.f("ix_stock_moves_document_ref"))
        batch_op.drop_column("kind")
    with op.batch_alter_table("stock_count_lines", schema=None) as batch_op:
        batch_op.drop_column("serials")
    with op.batch_alter_table("stock_counts", schema=None) as batch_op:
        batch_op.drop_column("note")
        batch_op.drop_column("document_ref")
    with op.batch_alter_table("purchase_orders", schema=None) as batch_op:
        for column in ("discrepancy_note", "accepted_by", "expected_ship_on"):
            batch_op.drop_column(column)
    with op.batch_alter_table("purchase_order_lines", schema=None) as batch_op:
        batch_op.drop_column("defective_quantity")
    for name, index in (
        ("goods_request_answers", "request_id"),
        ("purchase_order_steps", "order_id"),
        ("purchase_attachments", "order_id"),
        ("goods_requests", "client_id"),
    ):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{name}_{index}"))
        op.drop_table(name)
