"""A gunicorn worker killed (SIGKILL) mid-issue loses nothing and leaves nothing half-done.

gunicorn serves the site (tests/production/killable_wsgi.py) on PostgreSQL; the worker
kills itself at the worst moments of an issue. Afterwards: no certificate without its PDF,
no PDF without its certificate, no gap in the numbers, and the next issue works.
"""

import hashlib
import http.client
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from certificates import services
from certificates.models import Certificate, CertificateNumberSequence, CertificationCase
from tests.certificates.scenarios import class_b_case

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "hms_cert" / "gunicorn.conf.py"
pytestmark = pytest.mark.django_db(transaction=True)
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="gunicorn needs a database it can share"
)
KILL_POINTS = ["after_number", "writing_pdf", "pdf_stored"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Site:
    """A logged-in browser against the gunicorn started by ``served``."""

    def __init__(self, base: str, session_key: str):
        self.base = base
        self.cookies = {"sessionid": session_key}
        self.opener = urllib.request.build_opener()

    def open(self, url, data=None):
        cookie = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        request = urllib.request.Request(url, data=data, headers={"Cookie": cookie})  # noqa: S310
        response = self.opener.open(request, timeout=30)
        for header in response.headers.get_all("Set-Cookie") or []:
            key, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[key] = value
        return response

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while True:
            try:
                if self.opener.open(self.base + "/helse/", timeout=5).status == 200:
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.2)

    def issue(self, case) -> int | None:
        """POST the issue form as a browser would; None when the worker died under it."""
        url = self.base + reverse("certificates:issue", args=[case.pk])
        page = self.open(url).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "klass": "B"}).encode()
        try:
            return self.open(url, data=data).status
        except urllib.error.HTTPError as error:
            return error.code
        except (ConnectionError, urllib.error.URLError, http.client.HTTPException):
            return None


@pytest.fixture
def served(settings, tmp_path, issuer):
    port = _free_port()
    kill_file = tmp_path / "kill-at"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "HTTPS": "false",
        "DEBUG": "false",
        "SECRET_KEY": settings.SECRET_KEY,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_ACCESS_LOG": "",
        "HMS_KILL_FILE": str(kill_file),
    }
    env.pop("PYTEST_CURRENT_TEST", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(CONF), "tests.production.killable_wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    browser = Client()
    browser.force_login(issuer)
    site = Site(f"http://127.0.0.1:{port}", browser.cookies["sessionid"].value)
    try:
        site.wait_ready()
        yield site, kill_file
    finally:
        server.terminate()
        server.communicate(timeout=30)


def stored_pdfs(media: Path) -> set[str]:
    """PDFs under a real name (a hidden ``.part`` file is a write that never finished)."""
    folder = media / "certificates"
    if not folder.exists():
        return set()
    return {
        str(path.relative_to(media))
        for path in folder.rglob("*.pdf")
        if not path.name.startswith(".")
    }


def an_hour_later(media: Path) -> None:
    """Every file written so far is now older than the sweep's hour."""
    past = time.time() - 2 * 60 * 60
    for path in media.rglob("*"):
        if path.is_file():
            os.utime(path, (past, past))


def test_the_sweep_spares_recent_and_referenced_files(issuer, settings):
    certificate = services.certificate_issue(
        case=class_b_case(today=timezone.localdate()), klass="B", actor=issuer
    )
    folder = settings.MEDIA_ROOT / "certificates" / "2026"
    (folder / "HMS-2026-00099.pdf").write_bytes(b"%PDF- an orphan, old")
    an_hour_later(settings.MEDIA_ROOT)
    (folder / "HMS-2026-00100.pdf").write_bytes(b"%PDF- being issued right now")
    out = io.StringIO()

    call_command("sweep_orphan_files", stdout=out)

    assert "certificates/2026/HMS-2026-00099.pdf" in out.getvalue()
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [Path(certificate.pdf.name).name, Path(certificate.pdf_en.name).name, "HMS-2026-00100.pdf"]
    )


def assert_consistent(media: Path) -> None:
    certificates = list(Certificate.objects.order_by("number"))
    for certificate in certificates:  # no certificate without its (whole) PDFs
        data = (media / certificate.pdf.name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == certificate.pdf_sha256
        data = (media / certificate.pdf_en.name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == certificate.pdf_en_sha256
    names = {c.pdf.name for c in certificates} | {c.pdf_en.name for c in certificates}
    assert stored_pdfs(media) == names  # no PDF without one
    year = timezone.localdate().year
    numbers = [c.number for c in certificates]
    assert numbers == [f"HMS-{year}-{n:05d}" for n in range(1, len(numbers) + 1)]  # no gap
    drawn = CertificateNumberSequence.objects.filter(year=year).values_list("last_number")
    assert [row[0] for row in drawn] in ([], [len(numbers)])


@on_postgresql
@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_worker_killed_mid_issue_leaves_nothing_half_done(served, settings, point):
    site, kill_file = served
    today = timezone.localdate()
    case, next_case = class_b_case(today=today), class_b_case(today=today)
    kill_file.write_text(point)

    assert site.issue(case) is None  # the worker died with the request
    assert not kill_file.exists()  # it got as far as the point

    site.wait_ready()  # gunicorn replaced the worker
    an_hour_later(settings.MEDIA_ROOT)
    call_command("sweep_orphan_files", stdout=io.StringIO())  # the hourly job
    assert_consistent(settings.MEDIA_ROOT)
    assert not Certificate.objects.exists()
    case.refresh_from_db()
    assert case.status == CertificationCase.Status.READY  # can be issued again

    assert site.issue(case) == 200 or Certificate.objects.filter(case=case).exists()
    assert site.issue(next_case) in (200, 302)
    assert Certificate.objects.count() == 2
    assert_consistent(settings.MEDIA_ROOT)
