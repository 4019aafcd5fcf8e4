"""The benchmark's database: a PostgreSQL server of its own, or SQLite when there is none.

PostgreSQL is started with ``.ci/pg`` but with a data folder and a port of its own - a new
temporary folder and a free port for every run, not the shared throwaway server other
people's test runs start and stop, nor one fixed folder another bench run on the same
machine would share: nothing else can pull the database from under the benchmark. It is
stopped and its folder removed at the end. The data goes into a database
``hms_bench``, created fresh. ``BENCH_DATABASE_URL`` points the benchmark at another
PostgreSQL database instead (it is dropped and created again); ``BENCH_KEEP=1`` keeps the
server and the database for profiling afterwards.
"""

import contextlib
import os
import re
import shutil
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


def _free_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return str(sock.getsockname()[1])


def _pg(command: str, pgdata: Path, port: str) -> str:
    """``.ci/pg start|stop`` for the benchmark's own server; returns what it printed."""
    return subprocess.run(  # noqa: S603 - our own script
        ["bash", str(ROOT / ".ci" / "pg"), command],  # noqa: S607
        env=os.environ | {"PGDATA_DIR": str(pgdata), "PGPORT": port},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout.strip()


@contextmanager
def bench_database() -> Iterator[Database]:
    given = os.environ.get("BENCH_DATABASE_URL")
    if given:
        _recreate(given)
        yield Database(given, "postgresql", "PostgreSQL from BENCH_DATABASE_URL")
        return
    folder = Path(tempfile.mkdtemp(prefix="hms-bench-pg-"))
    folder.chmod(0o755)  # .ci/pg runs the server as postgres when we are root
    pgdata = folder / "data"
    port = _free_port()
    try:
        server = _pg("start", pgdata, port)
    except (OSError, subprocess.SubprocessError) as error:
        with tempfile.TemporaryDirectory() as tmp:
            yield Database(
                f"sqlite:///{tmp}/bench.sqlite3",
                "sqlite",
                f"NOTE: no PostgreSQL ({type(error).__name__}); measured on SQLite instead",
            )
        return
    url = _with_db(server, BENCH_DB)
    try:
        _recreate(url)
        yield Database(
            url, "postgresql", f"PostgreSQL of its own (.ci/pg, {pgdata}, port {port}), {BENCH_DB}"
        )
    finally:
        if not _keep():
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                _pg("stop", pgdata, port)
            shutil.rmtree(folder, ignore_errors=True)
