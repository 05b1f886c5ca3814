"""A throwaway PostgreSQL cluster for tests and benchmarks (the team's design notes, "Testing recipes").

One cluster per test session, in a directory under /tmp made by ``tempfile.mkdtemp()``, listening on a
free 127.0.0.1 port and on a unix socket inside that directory, with durability switched off (fsync,
synchronous_commit, full_page_writes) because the data is thrown away.

``initdb`` refuses to run as root, so when the tests run as root the server programs run as the
``postgres`` system user through ``runuser -u postgres --`` and the directory is chowned to it.

Authentication (pg_hba.conf):

* the superuser ``postgres`` may connect without a password (``trust``), over TCP from 127.0.0.1/::1
  and over the unix socket; fixtures and set-up code use it;
* every other role must log in with a password (``scram-sha-256``), over TCP and over the socket. So a
  test can create e.g. a warehouse-keeper role with a password and prove that PostgreSQL itself refuses
  that login an INSERT into invoices (``pg_server.create_role(...)`` then ``pg_server.dsn(db, user=...,
  password=...)``), and that a wrong password is refused.

DSNs are libpq URIs (``postgresql://user:password@127.0.0.1:port/db``) usable by ``psycopg.connect``;
``sqlalchemy_url(dsn)`` turns one into a SQLAlchemy URL for the psycopg 3 driver.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

SUPERUSER = "postgres"
_NAME_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class PgUnavailable(RuntimeError):
    """No PostgreSQL server programs on this machine (or no way to run them); tests skip with this."""


def find_bin_dir() -> Path:
    """The newest /usr/lib/postgresql/<N>/bin holding initdb, else the directory of initdb on PATH."""
    candidates = []
    for initdb in Path("/usr/lib/postgresql").glob("*/bin/initdb"):
        version = initdb.parent.parent.name
        key = tuple(int(p) for p in version.split(".") if p.isdigit())
        candidates.append((key, initdb.parent))
    if candidates:
        return max(candidates)[1]
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).resolve().parent
    raise PgUnavailable(
        "PostgreSQL server programs not found (no /usr/lib/postgresql/*/bin/initdb, no initdb on PATH); "
        "run `bash scripts/ensure-test-deps.sh` to install them"
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sqlalchemy_url(dsn: str) -> str:
    """``postgresql://...`` -> ``postgresql+psycopg://...`` (SQLAlchemy with the psycopg 3 driver)."""
    return re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", dsn)


def quote_ident(name: str) -> str:
    """Quote an identifier made by the tests (checked against a plain lowercase pattern)."""
    if not _NAME_RE.match(name):
        raise ValueError(f"not a plain identifier: {name!r}")
    return f'"{name}"'


_HBA = """\
# Written by tests/pgserver.py: superuser without a password, every other role with a password.
# TYPE  DATABASE  USER      ADDRESS        METHOD
local   all       postgres                 trust
local   all       all                      scram-sha-256
host    all       postgres  127.0.0.1/32   trust
host    all       postgres  ::1/128        trust
host    all       all       127.0.0.1/32   scram-sha-256
host    all       all       ::1/128        scram-sha-256
"""


class PgServer:
    """A running throwaway cluster. Use ``PgServer.start()``; ``stop()`` removes everything."""

    def __init__(self, bin_dir: Path, root: Path, port: int) -> None:
        self.bin_dir = bin_dir
        self.root = root
        self.data_dir = root / "data"
        self.socket_dir = root / "sock"
        self.log_file = root / "server.log"
        self.host = "127.0.0.1"
        self.port = port
        self._running = False

    # --- lifecycle -------------------------------------------------------------------------------
    @classmethod
    def start(cls, bin_dir: Path | None = None, attempts: int = 3) -> PgServer:
        bin_dir = bin_dir or find_bin_dir()
        as_root = os.geteuid() == 0
        if as_root and shutil.which("runuser") is None:
            raise PgUnavailable("running as root but `runuser` is missing: cannot run initdb as postgres")
        root = Path(tempfile.mkdtemp(prefix="mos-pg-", dir="/tmp"))
        server = cls(bin_dir, root, free_port())
        try:
            server._initdb()
            for attempt in range(attempts):
                try:
                    server._pg_ctl_start()
                    break
                except RuntimeError:
                    if attempt == attempts - 1:
                        raise
                    server.port = free_port()  # someone took the port between probe and start
        except BaseException:
            server._remove()
            raise
        atexit.register(server.stop)
        return server

    def _as_owner(self, args: list[str]) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", SUPERUSER, "--", *args]
        return args

    def _run(self, args: list[str], what: str) -> None:
        proc = subprocess.run(self._as_owner(args), capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            log = self.log_file.read_text(errors="replace")[-3000:] if self.log_file.exists() else ""
            raise RuntimeError(
                f"{what} failed ({proc.returncode}): {proc.stdout}\n{proc.stderr}\nserver log:\n{log}"
            )

    def _initdb(self) -> None:
        self.socket_dir.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.root, SUPERUSER, SUPERUSER)
            shutil.chown(self.socket_dir, SUPERUSER, SUPERUSER)
        self._run(
            [
                str(self.bin_dir / "initdb"),
                "-D",
                str(self.data_dir),
                "-U",
                SUPERUSER,
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "--no-sync",
            ],
            "initdb",
        )
        (self.data_dir / "pg_hba.conf").write_text(_HBA)
        with (self.data_dir / "postgresql.conf").open("a") as conf:
            conf.write(
                "\n# tests/pgserver.py: throwaway data, durability off\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "listen_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.socket_dir}'\n"
                "max_connections = 60\nshared_buffers = 32MB\n"
                "password_encryption = 'scram-sha-256'\n"
                "timezone = 'UTC'\n"
            )

    def _pg_ctl_start(self) -> None:
        self._run(
            [
                str(self.bin_dir / "pg_ctl"),
                "-D",
                str(self.data_dir),
                "-l",
                str(self.log_file),
                "-o",
                f"-p {self.port}",
                "-w",
                "-t",
                "60",
                "start",
            ],
            "pg_ctl start",
        )
        self._running = True

    def stop(self) -> None:
        """Stop the cluster (immediate: nothing to keep) and delete its directory. Idempotent."""
        if self._running:
            self._running = False
            with contextlib.suppress(Exception):
                self._run(
                    [str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "-w", "stop"],
                    "pg_ctl stop",
                )
        self._remove()

    def _remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    # --- connections -----------------------------------------------------------------------------
    def dsn(self, dbname: str = "postgres", user: str = SUPERUSER, password: str | None = None) -> str:
        """A libpq URI over TCP to 127.0.0.1 (roles other than postgres need their password)."""
        auth = quote(user, safe="")
        if password is not None:
            auth += ":" + quote(password, safe="")
        return f"postgresql://{auth}@{self.host}:{self.port}/{quote(dbname, safe='')}"

    def superuser_dsn(self, dbname: str = "postgres") -> str:
        return self.dsn(dbname)

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.superuser_dsn(), autocommit=True) as conn:
            conn.execute(statement.encode())

    def create_database(self, name: str, owner: str = SUPERUSER) -> str:
        """CREATE DATABASE ``name`` (UTF-8); returns the superuser DSN to it."""
        self._admin(f"CREATE DATABASE {quote_ident(name)} OWNER {quote_ident(owner)} ENCODING 'UTF8'")
        return self.superuser_dsn(name)

    def drop_database(self, name: str) -> None:
        """DROP DATABASE, closing any sessions still connected to it."""
        self._admin(f"DROP DATABASE IF EXISTS {quote_ident(name)} WITH (FORCE)")

    def create_role(self, name: str, password: str, *, login: bool = True) -> None:
        """A role with a password (scram-sha-256). Roles are cluster-wide: use unique names per test."""
        import psycopg
        from psycopg import sql

        stmt = sql.SQL("CREATE ROLE {} {} PASSWORD {}").format(
            sql.Identifier(name), sql.SQL("LOGIN" if login else "NOLOGIN"), sql.Literal(password)
        )
        with psycopg.connect(self.superuser_dsn(), autocommit=True) as conn:
            conn.execute(stmt)

    def drop_role(self, name: str) -> None:
        self._admin(f"DROP ROLE IF EXISTS {quote_ident(name)}")
