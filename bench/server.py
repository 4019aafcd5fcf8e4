"""Benchmark section: the pages as ``make serve`` serves them, on the generated data set.

1. A PostgreSQL database of its own (``bench.database``; SQLite with a printed note if there
   is no PostgreSQL), migrated and filled with 2,000 companies, 20,000 surveys and 50,000
   action items (``bench.dataset``), in a separate process (``bench.site``), which also counts
   each page's queries in-process for a small and a large subject.
2. gunicorn with the production configuration (``hms_cert/gunicorn.conf.py``: 2 × cores + 1
   sync workers, DEBUG off, whitenoise, access and request logs to a file) on 127.0.0.1.
3. Each page under closed-loop load from ``bench.load``: requests per second and p50/p95
   latency, bounded in requests and in seconds, on loopback only.

Settings through the environment: ``BENCH_CONCURRENCY`` (clients at once, default 4: two per
core of this 2-core machine), ``BENCH_SECONDS`` (per page, default 8), ``BENCH_REQUESTS``
(per page, default 3000).
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from bench import load
from bench.database import bench_database
from bench.report import Row

ROOT = Path(__file__).resolve().parent.parent
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "4"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "3000"))

# page: (goal text, check of a load.LoadResult)
GOALS = {
    "verification": ("≥ 300 req/s", lambda r: r.per_second >= 300),
    "case page": ("p95 ≤ 150 ms", lambda r: r.p95 <= 150),
    "portfolio": ("p95 ≤ 300 ms", lambda r: r.p95 <= 300),
    "portfolio, class filter": ("p95 ≤ 300 ms", lambda r: r.p95 <= 300),
    "register search": ("", None),
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(database_url: str, tmp: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("WEB_CONCURRENCY", "BIND", "DJANGO_SETTINGS_MODULE", "TESTING")
    }
    return env | {
        "DJANGO_SETTINGS_MODULE": "hms_cert.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + "s" * 50,
        "HTTPS": "false",  # loopback, no TLS terminator in front
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
    }


@contextmanager
def _gunicorn(env: dict[str, str], log: Path):
    port = _free_port()
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "hms_cert/gunicorn.conf.py"],
            cwd=ROOT,
            env=env | {"BIND": f"127.0.0.1:{port}"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if load.get(base, "/helse/")[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"gunicorn did not start; see {log}")
                time.sleep(0.2)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)


def _workers() -> int:
    return os.cpu_count() * 2 + 1


def run() -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder, bench_database() as database:
        tmp = Path(folder)
        print(f"server: database: {database.note}", flush=True)
        env = _environment(database.url, tmp)
        started = time.perf_counter()
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "bench.site", str(tmp / "site.json")],
            cwd=ROOT,
            env=env | {"LOG_LEVEL": "WARNING"},
            check=True,
        )
        site = json.loads((tmp / "site.json").read_text())
        counts = ", ".join(f"{n:,} {what}" for what, n in site["counts"].items())
        print(
            f"server: data set ({time.perf_counter() - started:.0f} s to migrate and build): "
            f"{counts}",
            flush=True,
        )
        with _gunicorn(env, tmp / "gunicorn.log") as base:
            for page, paths in site["pages"].items():
                paths = paths if isinstance(paths, list) else [paths]
                result = load.measure(
                    base,
                    paths,
                    cookie=site["cookies"].get(page),
                    concurrency=CONCURRENCY,
                    max_requests=REQUESTS,
                    seconds=SECONDS,
                )
                small, large = site["queries"][page]
                goal, check = GOALS[page]
                line = (
                    f"{result.per_second:,.0f} req/s, p50 {result.p50:.1f} ms, "
                    f"p95 {result.p95:.1f} ms"
                )
                if result.errors:
                    line += f", {result.errors} errors"
                print(
                    f"server: {page}: {line} ({result.requests} requests in "
                    f"{result.seconds:.1f} s, {CONCURRENCY} clients); "
                    f"queries {small} (small) / {large} (large)",
                    flush=True,
                )
                rows.append(
                    Row(
                        page,
                        line,
                        goal,
                        None if check is None else check(result) and not result.errors,
                    )
                )
                rows.append(
                    Row(
                        f"{page}: queries",
                        f"{small} (small subject) / {large} (large subject)",
                        "constant",
                        small == large,
                    )
                )
    print(
        f"server: gunicorn {_workers()} sync workers (hms_cert/gunicorn.conf.py), "
        f"{database.vendor}, {CONCURRENCY} client processes on the same {os.cpu_count()} cores",
        flush=True,
    )
    return rows


if __name__ == "__main__":
    run()
