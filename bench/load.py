"""A small closed-loop HTTP load generator for loopback (``wrk`` is not installed).

``concurrency`` client processes (processes, not threads: no shared GIL skewing the
latencies) each send one request after another - a new connection each time, as gunicorn's
sync workers close it - until together they have sent ``max_requests`` or ``seconds`` have
passed, whichever comes first. Only loopback addresses are accepted.

The client runs on the same cores as the server, so it is kept lean: a prepared request
written to a plain socket, the answer read to the end and only its status line parsed
(``http.client`` parses every header with the e-mail parser, which cost the server a fifth
of its throughput in CPU).
"""

import http.client
import multiprocessing
import socket
import statistics
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def per_second(self) -> float:
        """Successful requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")

    @property
    def p95(self) -> float:
        return self.percentile(0.95)


def _spec(path: str | dict) -> tuple[str, str, str]:
    """A page is a path (GET) or ``{"method", "path", "body"}`` (a JSON body, the API's)."""
    if isinstance(path, str):
        return "GET", path, ""
    return path["method"], path["path"], path.get("body", "")


def get(base: str, path: str | dict, cookie: str | None = None) -> tuple[int, bytes]:
    """One request on loopback (a GET unless ``path`` says otherwise); status and body."""
    host, port = _loopback(base)
    connection = http.client.HTTPConnection(host, port, timeout=30)
    method, path, body = _spec(path)
    try:
        headers = {"Cookie": cookie} if cookie else {}
        if body:
            headers["Content-Type"] = "application/json"
        connection.request(method, path, body=body.encode() or None, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _loopback(base: str) -> tuple[str, int]:
    parts = urlsplit(base)
    if parts.hostname not in LOOPBACK:
        raise ValueError(f"the benchmark only talks to loopback, not {parts.hostname}")
    return parts.hostname, parts.port


def _raw_get(address: tuple[str, int], request: bytes) -> int:
    """Send a prepared request, read the answer to the end; return its status code."""
    with socket.create_connection(address, timeout=30) as sock:
        sock.sendall(request)
        first = sock.recv(65536)
        while sock.recv(65536):
            pass
    return int(first.split(b" ", 2)[1])


def _request(address: tuple[str, int], path: str | dict, cookie: str | None) -> bytes:
    method, path, body = _spec(path)
    lines = [f"{method} {path} HTTP/1.1", f"Host: {address[0]}:{address[1]}", "Connection: close"]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    if body:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body.encode())}"]
    return ("\r\n".join(lines) + "\r\n\r\n" + body).encode("latin-1")


def _client(args) -> tuple[list[float], int, float]:
    base, paths, cookie, quota, start_at, stop_at, offset = args
    address = _loopback(base)
    requests = [_request(address, path, cookie) for path in paths]
    while time.monotonic() < start_at:
        time.sleep(0.001)
    latencies, errors, n = [], 0, offset
    while len(latencies) + errors < quota and time.monotonic() < stop_at:
        request = requests[n % len(requests)]
        n += 1
        started = time.perf_counter()
        try:
            status = _raw_get(address, request)
        except (OSError, ValueError, IndexError):
            errors += 1
            continue
        elapsed = (time.perf_counter() - started) * 1000
        if status == 200:
            latencies.append(elapsed)
        else:
            errors += 1
    return latencies, errors, time.monotonic()


def measure(
    base: str,
    paths: list[str],
    *,
    cookie: str | None = None,
    concurrency: int = 4,
    max_requests: int = 3000,
    seconds: float = 8.0,
    warmup: int = 20,
) -> LoadResult:
    """Closed-loop load on ``paths`` (taken in turn); bounded in count and in time."""
    for i in range(warmup):  # every worker has loaded its caches and opened its connection
        get(base, paths[i % len(paths)], cookie)
    quota = -(-max_requests // concurrency)
    context = multiprocessing.get_context("fork")
    start_at = time.monotonic() + 0.3
    stop_at = start_at + seconds
    jobs = [(base, paths, cookie, quota, start_at, stop_at, i * 7919) for i in range(concurrency)]
    with context.Pool(concurrency) as pool:
        results = pool.map(_client, jobs)
    elapsed = max(finished for _, _, finished in results) - start_at
    latencies = [ms for part, _, _ in results for ms in part]
    errors = sum(e for _, e, _ in results)
    return LoadResult(len(latencies), errors, elapsed, latencies)
