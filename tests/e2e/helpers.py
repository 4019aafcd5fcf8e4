"""What the browser tests do again and again: log in, take a screenshot, read a QR code."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

SCREENSHOTS = Path(__file__).parent / "screenshots"
PASSWORD = "hemmelig-passord-1"  # what tests.factories.UserFactory sets


def log_in(page, user, password: str = PASSWORD) -> None:
    """Through the real login form, as the user would."""
    page.goto("/logg-inn/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()


def screenshot(page, name: str) -> None:
    """A full-page picture for people reviewing the look, with ``E2E_SCREENSHOTS=1`` only.

    It asserts nothing, and a full page costs Chromium a fifth of a second and more: about
    a quarter of the browser tests' time. ``make screenshots`` runs the browser tests with
    them on.
    """
    if os.environ.get("E2E_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is needed: apt-get install poppler-utils zbar-tools")
    return path


def qr_code_of(pdf: Path) -> str:
    """What the QR code on the PDF's first page says, read from the rendered page."""
    stem = pdf.with_suffix("")
    subprocess.run(
        [tool("pdftoppm"), "-r", "150", "-f", "1", "-l", "1", "-png", "-singlefile", pdf, stem],
        check=True,
        timeout=60,
    )
    scanned = subprocess.run(
        [tool("zbarimg"), "--raw", "-q", stem.with_suffix(".png")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return scanned.stdout.decode().strip()


def small_pdf(text: str) -> bytes:
    """A real one-page A4 PDF saying ``text`` (ASCII) in Helvetica, with a correct xref."""
    content = f"BT /F1 16 Tf 72 770 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    pdf = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return pdf
