"""Alembic environment: one history for the local SQLite and the shared PostgreSQL.

The caller hands over an open connection in ``config.attributes["connection"]`` (see ``db.migrate``);
``alembic -x url=...`` works too for development.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from mos_desktop.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("alembic: no database (pass -x url=... or set sqlalchemy.url)")
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)
