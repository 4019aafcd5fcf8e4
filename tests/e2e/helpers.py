"""What the browser tests do again and again: log in, take a screenshot, read a QR code."""

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
