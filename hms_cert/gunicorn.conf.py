"""gunicorn for ``make serve`` and production: ``gunicorn -c hms_cert/gunicorn.conf.py``.

Every value can be changed from the environment, so one file serves a laptop and a server:

- ``WEB_CONCURRENCY``: worker processes (default 2 × cores + 1, gunicorn's own advice for sync
  workers: while one waits on PostgreSQL, another computes).
- ``BIND``: address and port (default 127.0.0.1:8000; behind a load balancer e.g. 0.0.0.0:8000).
- ``GUNICORN_TIMEOUT``: seconds before a stuck worker is killed and replaced (default 30;
  issuing renders a PDF in well under a second).
- ``GUNICORN_ACCESS_LOG``: where the access log goes (default ``-``, standard output; empty
  to switch it off when the application's own request log is enough).
- ``FORWARDED_ALLOW_IPS``: the proxies whose X-Forwarded-* headers are trusted (default
  127.0.0.1, a reverse proxy on the same machine).
- ``GUNICORN_CONTROL_SOCKET``: a path for gunicorn's control socket (``gunicornc``); off by
  default, since two instances on one machine would otherwise share ``~/.gunicorn/gunicorn.ctl``.

Sync workers: each request is one process's for its duration, which suits Django's
thread-unaware code (and WeasyPrint) and makes memory per worker predictable.
"""

import multiprocessing
import os

wsgi_app = "hms_cert.wsgi:application"

bind = os.environ.get("BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Django is imported once in the master and shared by the forked workers (copy-on-write):
# workers start in milliseconds, and a recycled worker's first request is not slow.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Recycle workers now and then, so a slow leak (in a library, or ours) never grows unbounded.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Each worker touches a heartbeat file on every request: keep it in memory where there is
# a tmpfs (a disk-backed /tmp can stall a worker on a busy disk, which looks like a hang).
if os.path.isdir("/dev/shm"):  # noqa: S108 - a tmpfs, not a shared temp file
    worker_tmp_dir = "/dev/shm"  # noqa: S108
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True

# Access log in the same key=value form as the application's log, without the client's
# address or user agent (personal data); the request log (hms.request) adds the user id.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = (
    'time="%(t)s" logger=gunicorn.access method=%(m)s path="%(U)s" status=%(s)s bytes=%(B)s '
    "duration_ms=%(M)s"
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def pre_fork(server, worker):
    """No database connection may be inherited by a worker (two processes on one socket)."""
    from django.db import connections

    connections.close_all()
