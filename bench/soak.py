"""Benchmark section: a soak run, mixed traffic for minutes, errors and worker memory.

The data set and gunicorn of ``bench.server`` (PostgreSQL where there is one), plus what
the writes need (``bench.soak_writes prepare``: cases ready for issuing, sessions for the
issuer and for client users). Then ``SOAK_CLIENTS`` client processes (default 8) each loop
over every measured page in turn (verification, register search, portfolio, portfolio with
a filter, case page) for ``SOAK_SECONDS`` (default 180, the issue's three minutes; shorten it with
``SOAK_SECONDS=30``), and every ``SOAK_WRITE_EVERY``-th request (default 10) is a write,
as a browser makes it: the form is fetched, its CSRF token taken and a ``_submission``
token drawn for it (static/js/hms.js does that for every form shown; the double-submit
guard of ``submissions/middleware.py`` lets one POST per token take effect), then posted.
The writes alternate between a client user's upload of a small real PDF or PNG through
the upload form (multipart) and the issuer's issue of a ready case through the issue form
(which renders and stores the certificate's PDF); uploads only once the cases run out.

A warm-up first: the pages three times, then two issues and two uploads from each client
at once, so every worker has rendered a PDF and stored an upload before its memory is
taken. Printed: requests by kind, errors (goal 0: a
5xx, a broken connection, a page not answered 200, a POST not answered with its redirect),
the resident memory of the gunicorn workers at the start and at the end (goal: growth
under 10 %), each worker's start and end and the sum every ``SOAK_SAMPLE_SECONDS``
(default 15: a plateau or a line), and, checked in the database and the storage afterwards
(``bench.soak_writes check``), that every certificate issued has its PDF with the stored
SHA-256 and every uploaded document its file.

``SOAK_KINDS`` (default ``page,upload,issue``) narrows the traffic to find what grows:
``page`` alone is page views only; without ``page`` every request is a write of the kinds
named (``issue`` alone issues until the cases run out, then stops writing). The warm-up is
the same whatever the kinds, so the runs start from the same state.
"""

import http.client
import io
import json
import multiprocessing
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bench import load
from bench.database import bench_database
from bench.report import Row
from bench.server import ROOT, _environment, _free_port

CLIENTS = int(os.environ.get("SOAK_CLIENTS", "8"))
SECONDS = float(os.environ.get("SOAK_SECONDS", "180"))
WRITE_EVERY = int(os.environ.get("SOAK_WRITE_EVERY", "10"))
WARMUP_WRITES = 2  # issues and uploads per client before the memory is first taken
SAMPLE_SECONDS = float(os.environ.get("SOAK_SAMPLE_SECONDS", "15"))
KINDS = ("page", "upload", "issue")
CHOSEN = tuple(k.strip() for k in os.environ.get("SOAK_KINDS", ",".join(KINDS)).split(",") if k)
if not CHOSEN or set(CHOSEN) - set(KINDS):
    raise SystemExit(f"SOAK_KINDS: one or more of {', '.join(KINDS)}, not {CHOSEN}")


def _workers_rss(master: int) -> dict[int, int]:
    """The resident memory of each of the master's children (the workers), in kB by pid."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = {}
    for pid in children:
        try:
            lines = Path(f"/proc/{pid}/status").read_text().splitlines()
        except FileNotFoundError:  # a worker that has just been replaced
            continue
        sizes[int(pid)] = next(int(li.split()[1]) for li in lines if li.startswith("VmRSS:"))
    return sizes


def _workers_rss_kb(master: int) -> int:
    """The summed resident memory of the master's children (the workers), in kB."""
    return sum(_workers_rss(master).values())


class Sampler(threading.Thread):
    """Each worker's memory every ``every`` seconds while the soak runs (a plateau, or a
    line?); a worker that gunicorn replaced shows as one pid ending and another starting."""

    def __init__(self, master: int, every: float):
        super().__init__(daemon=True)
        self.master, self.every = master, every
        self.samples: list[tuple[float, dict[int, int]]] = []
        self.started = time.monotonic()
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(self.every):
            self.samples.append((time.monotonic() - self.started, _workers_rss(self.master)))

    def stop(self) -> list[tuple[float, dict[int, int]]]:
        """The samples, the first taken now at the start and the last at the end."""
        self._done.set()
        self.join()
        self.samples.append((time.monotonic() - self.started, _workers_rss(self.master)))
        return self.samples


class Browser:
    """What a browser does for one form: fetch it, take its CSRF token, draw a submission
    token, post it. A new connection per request, as gunicorn's sync workers close it."""

    CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')

    def __init__(self, address: tuple[str, int], cookie: str):
        self.address = address
        self.cookie = cookie

    def _send(self, method: str, path: str, body: bytes = b"", headers=None):
        connection = http.client.HTTPConnection(*self.address, timeout=60)
        try:
            connection.request(method, path, body=body or None, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.getheader("Set-Cookie") or "", response.read()
        finally:
            connection.close()

    def form(self, path: str) -> tuple[int, dict[str, str], str]:
        """GET the form: its status, the hidden tokens to post back and the cookies."""
        status, set_cookie, body = self._send("GET", path, headers={"Cookie": self.cookie})
        cookie = self.cookie
        csrf = re.search(r"csrftoken=([^;]+)", set_cookie)
        if csrf:
            cookie += f"; csrftoken={csrf.group(1)}"
        token = self.CSRF_FIELD.search(body)
        fields = {
            "csrfmiddlewaretoken": token.group(1).decode() if token else "",
            "_submission": secrets.token_hex(16),  # drawn per form shown, as hms.js does
        }
        return status, fields, cookie

    def post(self, path: str, cookie: str, fields: dict, file=None) -> int:
        """POST the form (multipart when there is a file); the status of the answer."""
        if file is None:
            body = urlencode(fields).encode()
            kind = "application/x-www-form-urlencoded"
        else:
            boundary = secrets.token_hex(12)
            body, kind = (
                _multipart(fields, file, boundary),
                f"multipart/form-data; boundary={boundary}",
            )
        headers = {"Cookie": cookie, "Content-Type": kind, "Content-Length": str(len(body))}
        return self._send("POST", path, body, headers)[0]


def _multipart(fields: dict, file: tuple[str, str, bytes], boundary: str) -> bytes:
    name, content_type, data = file
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def sample_files() -> list[tuple[str, str, bytes]]:
    """A small real PDF and PNG (Pillow), as a client would scan and upload them."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 200), "white")
    ImageDraw.Draw(image).text((20, 90), "Kontroll av stige, signert", fill="black")
    files = []
    for name, form, kind in (
        ("kontroll.pdf", "PDF", "application/pdf"),
        ("skjema.png", "PNG", "image/png"),
    ):
        out = io.BytesIO()
        image.save(out, form)
        files.append((name, kind, out.getvalue()))
    return files


def _upload(browser: Browser, uploader: dict, file, today: str) -> tuple[int, int]:
    status, fields, cookie = browser.form(uploader["upload"])
    if status != 200:
        return status, status
    fields |= {"category": "OTHER", "effective_from": today, "description": "Soak"}
    return status, browser.post(uploader["upload"], cookie, fields, file)


def _issue(browser: Browser, case: int) -> tuple[int, int]:
    path = f"/saker/{case}/utsted/"
    status, fields, cookie = browser.form(path)
    if status != 200:
        return status, status
    return status, browser.post(path, cookie, fields | {"klass": "B"})


def _warm_up(args) -> None:
    """A few issues and uploads at once, so every worker has rendered a PDF and stored a file."""
    base, writes = args
    address = load._loopback(base)
    issuer = Browser(address, writes["issuer"])
    uploader = Browser(address, writes["uploader"]["cookie"])
    for case, file in zip(writes["cases"], sample_files(), strict=False):
        _issue(issuer, case)
        _upload(uploader, writes["uploader"], file, writes["today"])


def _client(args) -> tuple[dict[str, int], dict[str, int]]:
    """One client's loop: the pages in turn, a write every WRITE_EVERY-th request."""
    base, requests, stop_at, offset, writes = args
    address = load._loopback(base)
    prepared = [load._request(address, path, cookie) for path, cookie in requests]
    uploader, issuer = (
        Browser(address, writes["uploader"]["cookie"]),
        Browser(address, writes["issuer"]),
    )
    cases, files = list(writes["cases"]), sample_files()
    done, errors = dict.fromkeys(KINDS, 0), dict.fromkeys(KINDS, 0)
    n = 0
    while time.monotonic() < stop_at:
        n += 1
        kind = _kind(n, bool(cases))
        if kind is None:  # only issues asked for, and the cases ran out
            break
        try:
            if kind == "page":
                request = prepared[(n + offset) % len(prepared)]
                statuses = (load._raw_get(address, request),)
            elif kind == "issue":
                statuses = _issue(issuer, cases.pop())
            else:
                file = files[n // WRITE_EVERY % len(files)]
                statuses = _upload(uploader, writes["uploader"], file, writes["today"])
        except (OSError, ValueError, IndexError, http.client.HTTPException):
            statuses = (0,)
        done[kind] += 1
        expected = (200,) if kind == "page" else (200, 302)  # the form, then its redirect
        errors[kind] += statuses != expected
    return done, errors


def _kind(n: int, cases_left: bool, chosen: tuple[str, ...] = CHOSEN) -> str | None:
    """The ``n``-th request's kind: a page, except every WRITE_EVERY-th, a write; the
    writes alternate between issue and upload (uploads once the cases run out). Without
    ``page`` in ``chosen`` every request is a write."""
    if "page" in chosen:
        if n % WRITE_EVERY:
            return "page"
        n //= WRITE_EVERY
    writes = [k for k in ("issue", "upload") if k in chosen and (k != "issue" or cases_left)]
    if not writes:
        return "page" if "page" in chosen else None
    return writes[n % len(writes)]


def _mix(site: dict) -> list[tuple[str, str | None]]:
    mix = []
    for page, paths in site["pages"].items():
        for path in paths if isinstance(paths, list) else [paths]:
            mix.append((path, site["cookies"].get(page)))
    return mix


def _writes_per_client(writes: dict, cases: list[int]) -> list[dict]:
    uploaders = writes["uploaders"]
    return [
        {
            "uploader": uploaders[i % len(uploaders)],
            "issuer": writes["issuer_cookie"],
            "cases": cases[i::CLIENTS],
            "today": writes["today"],
        }
        for i in range(CLIENTS)
    ]


def _writes_step(step: str, path: Path, env: dict) -> subprocess.CompletedProcess:
    """``bench.soak_writes prepare`` (must succeed) or ``check`` (its output is read)."""
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.soak_writes", step, str(path)],
        cwd=ROOT,
        env=env | {"LOG_LEVEL": "WARNING"},
        check=step == "prepare",
        capture_output=step == "check",
        text=True,
    )


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as folder, bench_database() as database:
        tmp = Path(folder)
        env = _environment(database.url, tmp, os.environ)
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "bench.site", str(tmp / "site.json")],
            cwd=ROOT,
            env=env | {"LOG_LEVEL": "WARNING"},
            check=True,
        )
        issuable = os.environ.get("SOAK_ISSUABLE", str(max(200, int(SECONDS * 4))))
        _writes_step("prepare", tmp / "writes.json", env | {"SOAK_ISSUABLE": issuable})
        site = json.loads((tmp / "site.json").read_text())
        writes = json.loads((tmp / "writes.json").read_text())
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
                rows = _soak(base, server.pid, _mix(site), writes, database.vendor)
            finally:
                server.terminate()
                server.wait(timeout=30)
        checked = _writes_step("check", tmp / "writes.json", env)
        return rows + _check_rows(checked)


def _wait_ready(base: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if load.get(base, "/helse/")[0] == 200:
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)


def _run_clients(base: str, mix, seconds: float, writes: list[dict]) -> tuple[dict, dict]:
    stop_at = time.monotonic() + seconds
    jobs = [(base, mix, stop_at, i * 7, writes[i]) for i in range(CLIENTS)]
    with multiprocessing.get_context("fork").Pool(CLIENTS) as pool:
        results = pool.map(_client, jobs)
    done = {kind: sum(d[kind] for d, _ in results) for kind in KINDS}
    return done, {kind: sum(e[kind] for _, e in results) for kind in KINDS}


def _soak(base: str, master: int, mix, writes: dict, vendor: str) -> list[Row]:
    _wait_ready(base)
    for path, cookie in mix * 3:  # every worker has warmed up its caches
        load.get(base, path, cookie)
    cases = writes["issue_cases"]
    warm = WARMUP_WRITES * CLIENTS  # the warm-up's issues; the rest are for the soak
    with multiprocessing.get_context("fork").Pool(CLIENTS) as pool:
        pool.map(_warm_up, [(base, w) for w in _writes_per_client(writes, cases[:warm])])
    sampler = Sampler(master, SAMPLE_SECONDS)
    sampler.samples.append((0.0, _workers_rss(master)))
    sampler.start()
    done, failed = _run_clients(base, mix, SECONDS, _writes_per_client(writes, cases[warm:]))
    samples = sampler.stop()
    errors = sum(failed.values())
    requests = done["page"] + 2 * (done["upload"] + done["issue"])  # a write is GET + POST
    before, after, growth = _growth(samples)
    print(
        f"soak: {requests:,} requests in {SECONDS:.0f} s from {CLIENTS} clients ({vendor}; "
        f"kinds {', '.join(CHOSEN)}; load average {os.getloadavg()[0]:.1f}): "
        f"{done['page']:,} page views, {done['upload']:,} uploads and {done['issue']:,} "
        f"issues (each a GET of the form and its POST); {errors} errors "
        f"({', '.join(f'{n} {kind}' for kind, n in failed.items())}); workers' memory "
        f"{before / 1024:.0f} MB at start, {after / 1024:.0f} MB at end ({growth:+.1f} %)",
        flush=True,
    )
    _print_memory(samples)
    writes_wanted = [k for k in ("upload", "issue") if k in CHOSEN]
    return [
        Row("soak: errors", f"{errors} of {requests:,}", "0", errors == 0),
        Row(
            "soak: writes",
            f"{done['upload']:,} uploads, {done['issue']:,} issues",
            f"some of: {', '.join(writes_wanted) or 'none asked'}",
            all(done[k] > 0 for k in writes_wanted),
        ),
        Row(
            "soak: workers' memory",
            f"{before / 1024:.0f} → {after / 1024:.0f} MB ({growth:+.1f} %)",
            "growth < 10 %",
            growth < 10,
        ),
    ]


def _growth(samples: list[tuple[float, dict[int, int]]]) -> tuple[int, int, float]:
    """The workers' summed memory at the start and the end (kB) and its growth in %.

    Only the workers that lived through the whole run are summed: one that gunicorn
    replaced (``max_requests``) would take its growth with it and make the figure look
    better than the workers are. If none lived through it, all are summed.
    """
    first, last = samples[0][1], samples[-1][1]
    lived = set(first) & set(last) or None
    before = sum(kb for pid, kb in first.items() if lived is None or pid in lived)
    after = sum(kb for pid, kb in last.items() if lived is None or pid in lived)
    return before, after, (after - before) / before * 100 if before else 0.0


def _print_memory(samples: list[tuple[float, dict[int, int]]]) -> None:
    """The sum over time, then each worker's first and last size (a plateau or a line)."""
    timeline = ", ".join(f"{t:.0f} s {sum(s.values()) / 1024:.0f}" for t, s in samples)
    print(f"soak: workers' memory over time (MB, summed): {timeline}", flush=True)
    seen: dict[int, list[tuple[float, int]]] = {}
    for t, sizes in samples:
        for pid, kb in sizes.items():
            seen.setdefault(pid, []).append((t, kb))
    for pid, life in seen.items():
        (t0, kb0), (t1, kb1) = life[0], life[-1]
        print(
            f"soak: worker {pid}: {kb0 / 1024:.0f} MB at {t0:.0f} s, {kb1 / 1024:.0f} MB at "
            f"{t1:.0f} s ({(kb1 - kb0) / kb0 * 100:+.1f} %); "
            + " ".join(f"{kb / 1024:.0f}" for _, kb in life),
            flush=True,
        )
    replaced = len(set(samples[0][1]) - set(samples[-1][1]))
    if replaced:
        print(
            f"soak: {replaced} workers were replaced during the run (max_requests, "
            "or killed by the timeout)",
            flush=True,
        )


def _check_rows(checked: subprocess.CompletedProcess) -> list[Row]:
    """The written certificates and documents as found afterwards (warm-up included)."""
    try:
        result = json.loads(checked.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        print(f"soak: the check of the writes failed:\n{checked.stderr}", flush=True)
        return [Row("soak: writes intact", "check failed", "all", False)]
    certificates, documents = result["certificates"], result["documents"]
    sound = (result["certificates_sound"], result["documents_sound"])
    print(
        f"soak: afterwards {sound[0]} of {certificates} certificates issued have their PDF "
        f"with the stored SHA-256, {sound[1]} of {documents} uploaded documents their file "
        "(warm-up included)",
        flush=True,
    )
    return [
        Row(
            "soak: writes intact",
            f"PDFs {sound[0]}/{certificates}, uploads {sound[1]}/{documents}",
            "all",
            sound == (certificates, documents),
        )
    ]


if __name__ == "__main__":
    run()
