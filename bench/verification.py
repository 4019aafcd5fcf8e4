"""Benchmark section: public verification requests per second on loopback.

Served the way production serves it: gunicorn (several sync workers, DEBUG off, whitenoise)
on 127.0.0.1, against a scratch SQLite database holding one issued certificate. The load
comes from this process over loopback only, bounded in time, and stops by itself.
"""

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECONDS = 5.0
CLIENT_THREADS = 8
WORKERS = 4

_SETUP = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
from tests.certificates.scenarios import class_b_case
from tests.factories import IssuerFactory
from django.utils import timezone
from certificates.services import certificate_issue
case = class_b_case(today=timezone.localdate())
print(certificate_issue(case=case, klass="B", actor=IssuerFactory()).verification_code)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).read()  # noqa: S310 - loopback only
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not answer at {url}")


def _load(url: str, stop_at: float, counts: list[int], latencies: list[float]) -> None:
    done = 0
    while time.monotonic() < stop_at:
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
            response.read()
        latencies.append(time.perf_counter() - started)
        done += 1
    counts.append(done)


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        port = _free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hms_cert.settings",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "MEDIA_ROOT": f"{tmp}/media",
            "STATIC_ROOT": f"{tmp}/static",
            "SECRET_KEY": "bench-" + "x" * 50,
            "DEBUG": "false",
            "HTTPS": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "LOG_LEVEL": "WARNING",
        }
        code = (
            subprocess.run(  # noqa: S603 - our own interpreter and code
                [sys.executable, "-c", _SETUP],
                cwd=ROOT,
                env={**env, "TESTING": "true"},
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        server = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "hms_cert.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            url = f"http://127.0.0.1:{port}/verifiser/{code}/"
            _wait_for(url)
            counts: list[int] = []
            latencies: list[float] = []
            stop_at = time.monotonic() + SECONDS
            threads = [
                threading.Thread(target=_load, args=(url, stop_at, counts, latencies))
                for _ in range(CLIENT_THREADS)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            server.terminate()
            server.wait(timeout=10)
    latencies.sort()
    total = sum(counts)
    p50 = latencies[len(latencies) // 2] * 1000
    p95 = latencies[int(len(latencies) * 0.95)] * 1000
    print(
        f"verification: {total / SECONDS:,.0f} requests/s, p50 {p50:.1f} ms, p95 {p95:.1f} ms "
        f"(gunicorn {WORKERS} sync workers, {CLIENT_THREADS} client threads, {SECONDS:.0f} s, "
        "SQLite, loopback)"
    )
