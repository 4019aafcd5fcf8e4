"""The benchmark's database: a PostgreSQL database of its own, or SQLite when there is none.

PostgreSQL is the throwaway server of ``.ci/pg`` (started if it is not running, and stopped
again afterwards only if this run started it: another engineer may be using it). The data
goes into a database of its own, ``hms_bench``, created fresh and dropped at the end.
``BENCH_DATABASE_URL`` points the benchmark at another PostgreSQL database instead (it is
emptied and reused); ``BENCH_KEEP=1`` keeps the database (and the server) for profiling.
"""

import os
import re
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "hms_bench"


@dataclass(frozen=True)
class Database:
    url: str
    vendor: str  # "postgresql" or "sqlite"
    note: str


def _keep() -> bool:
    return os.environ.get("BENCH_KEEP", "") not in ("", "0", "false")


def _port_open(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _name(url: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(f"not a plain database name: {name!r}")
    return name


def _recreate(url: str) -> None:
    """Drop and create the database named in ``url`` (through the ``postgres`` database)."""
    import psycopg

    name = _name(url)
    admin = _with_db(url, "postgres").replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _drop(url: str) -> None:
    import psycopg

    name = _name(url)
    admin = _with_db(url, "postgres").replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def bench_database() -> Iterator[Database]:
    given = os.environ.get("BENCH_DATABASE_URL")
    if given:
        _recreate(given)
        yield Database(given, "postgresql", "PostgreSQL from BENCH_DATABASE_URL")
        return
    port = int(os.environ.get("PGPORT", "54329"))
    was_running = _port_open("127.0.0.1", port)
    try:
        server = subprocess.run(  # noqa: S603 - our own script
            ["bash", str(ROOT / ".ci" / "pg"), "start"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError) as error:
        with tempfile.TemporaryDirectory() as tmp:
            yield Database(
                f"sqlite:///{tmp}/bench.sqlite3",
                "sqlite",
                f"NOTE: no PostgreSQL ({type(error).__name__}); measured on SQLite instead",
            )
        return
    url = _with_db(server, BENCH_DB)
    _recreate(url)
    try:
        yield Database(url, "postgresql", f"PostgreSQL (.ci/pg), database {BENCH_DB}")
    finally:
        if not _keep():
            _drop(url)
            if not was_running:
                subprocess.run(  # noqa: S603 - our own script
                    ["bash", str(ROOT / ".ci" / "pg"), "stop"],  # noqa: S607
                    check=False,
                    timeout=120,
                )
