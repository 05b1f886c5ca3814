"""Alembic history, one for the local SQLite and the shared PostgreSQL.

``HEAD`` names the newest revision so that opening an up-to-date database needs no Alembic import (start-up
speed); a test checks it against the scripts. Bump it with every new revision.
"""

HEAD = "0008"
