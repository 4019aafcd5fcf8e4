"""Benchmark section: a soak run, mixed traffic for minutes, errors and worker memory.

The data set and gunicorn of ``bench.server`` (PostgreSQL where there is one), then
``SOAK_CLIENTS`` client processes (default 8) each loop over every measured page in turn
(verification, register search, portfolio, portfolio with a filter, case page) for
``SOAK_SECONDS`` (default 180). Printed: requests, errors (goal 0) and the resident memory
of the gunicorn workers at the start and at the end (goal: growth under 10 %).

Only GETs: uploads and issuing (POSTs with a CSRF token and a PDF to render) are not in
the mix yet.
"""

import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import load
from bench.database import bench_database
from bench.report import Row
from bench.server import ROOT, _environment, _free_port

CLIENTS = int(os.environ.get("SOAK_CLIENTS", "8"))
SECONDS = float(os.environ.get("SOAK_SECONDS", "180"))


def _workers_rss_kb(master: int) -> int:
    """The summed resident memory of the master's children (the workers), in kB."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    total = 0
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def _client(args) -> tuple[int, int]:
    base, requests, stop_at, offset = args
    address = load._loopback(base)
    prepared = [load._request(address, path, cookie) for path, cookie in requests]
    done = errors = 0
    n = offset
    while time.monotonic() < stop_at:
        try:
            status = load._raw_get(address, prepared[n % len(prepared)])
        except (OSError, ValueError, IndexError):
            status = 0
        n += 1
        done += 1
        errors += status != 200
    return done, errors


def _mix(site: dict) -> list[tuple[str, str | None]]:
    mix = []
    for page, paths in site["pages"].items():
        for path in paths if isinstance(paths, list) else [paths]:
            mix.append((path, site["cookies"].get(page)))
    return mix


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as folder, bench_database() as database:
        tmp = Path(folder)
        env = _environment(database.url, tmp)
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "bench.site", str(tmp / "site.json")],
            cwd=ROOT,
            env=env | {"LOG_LEVEL": "WARNING"},
            check=True,
        )
        site = json.loads((tmp / "site.json").read_text())
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        with (tmp / "gunicorn.log").open("w") as out:
            server = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "hms_cert/gunicorn.conf.py"],
                cwd=ROOT,
                env=env | {"BIND": f"127.0.0.1:{port}", "GUNICORN_ACCESS_LOG": ""},
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            try:
                return _soak(base, server.pid, _mix(site), database.vendor)
            finally:
                server.terminate()
                server.wait(timeout=30)


def _soak(base: str, master: int, mix, vendor: str) -> list[Row]:
    deadline = time.monotonic() + 60
    while True:
        try:
            if load.get(base, "/helse/")[0] == 200:
                break
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)
    for path, cookie in mix * 3:  # every worker has warmed up its caches
        load.get(base, path, cookie)
    before = _workers_rss_kb(master)
    stop_at = time.monotonic() + SECONDS
    jobs = [(base, mix, stop_at, i * 7) for i in range(CLIENTS)]
    with multiprocessing.get_context("fork").Pool(CLIENTS) as pool:
        results = pool.map(_client, jobs)
    after = _workers_rss_kb(master)
    requests = sum(done for done, _ in results)
    errors = sum(failed for _, failed in results)
    growth = (after - before) / before * 100 if before else 0.0
    print(
        f"soak: {requests:,} requests in {SECONDS:.0f} s from {CLIENTS} clients ({vendor}), "
        f"{errors} errors; workers' memory {before / 1024:.0f} MB at start, "
        f"{after / 1024:.0f} MB at end ({growth:+.1f} %)",
        flush=True,
    )
    return [
        Row("soak: errors", f"{errors} of {requests:,}", "0", errors == 0),
        Row(
            "soak: workers' memory",
            f"{before / 1024:.0f} → {after / 1024:.0f} MB ({growth:+.1f} %)",
            "growth < 10 %",
            growth < 10,
        ),
    ]


if __name__ == "__main__":
    run()
