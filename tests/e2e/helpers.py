"""What the browser tests do again and again: log in, screenshot, read a QR code, answer."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

SCREENSHOTS = Path(__file__).parent / "screenshots"
PASSWORD = "hemmelig-passord-1"  # what tests.factories.UserFactory sets
# An answer code as shown on a slip or in a link: 16 of Crockford's base32, in fours.
ANSWER_CODE = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}")
REFUSED = "Koden er ugyldig, allerede brukt, eller undersøkelsen er stengt."


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


def questionnaire_values(low_theme: str | None = None) -> dict[str, int]:
    """Every theme scored 4, ``low_theme`` scored 1 (reverse questions turned round)."""
    from questionnaires.models import Question

    chosen = {}
    for question in Question.objects.select_related("theme"):
        score = 1 if question.theme.key == low_theme else 4
        chosen[question.key] = 6 - score if question.reverse else score
    return chosen


def open_link(page, link: str) -> None:
    """The link from the e-mail or slip, as a new load (from /svar/ it would only scroll)."""
    page.goto("about:blank")
    page.goto(link)


CHECK_ALL = """values => Object.entries(values).forEach(([key, value]) => {
  document.querySelector(`input[name=q_${key}][value="${value}"]`).checked = true;
})"""


def respond(
    page,
    link: str,
    values: dict[str, int],
    *,
    english: bool = False,
    click: bool = False,
    typed: str | None = None,
    free_text: str = "",
) -> None:
    """One employee answers from their link (``/svar/#CODE``, relative or absolute).

    ``typed``: the code is typed in by hand from a slip instead, as written. ``click``
    ticks each answer as a person would; otherwise they are ticked in one go, to keep the
    test quick. The questions must fit the window's width.
    """
    if typed is None:
        open_link(page, link)
        expect(page.get_by_label("Svarkode")).to_have_value(link.partition("#")[2])
        assert "#" not in page.url  # the code leaves the address bar
    else:
        page.goto("/svar/")
        page.get_by_label("Svarkode").fill(typed)
    if english:
        page.get_by_label("English").check()
    page.get_by_role("button", name="Start / Begin").click()
    # The questions are a new page: wait for them before ticking (the click only starts it).
    expect(page.locator("input[name^=q_]").first).to_be_attached()
    # An empty form: nothing from whoever answered on this device before.
    expect(page.locator("input[name^=q_]:checked")).to_have_count(0)
    expect(page.locator("textarea[name=free_text]")).to_have_value("")
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the questions are {width[0]} px wide on {width[1]} px"
    if click:
        for key, value in values.items():
            page.locator(f"input[name=q_{key}][value='{value}']").check()
    else:
        page.evaluate(CHECK_ALL, values)
    if free_text:
        page.locator("textarea[name=free_text]").fill(free_text)
    page.get_by_role("button", name="Send the answers" if english else "Send svarene").click()
    thanks = "Thank you for your answers" if english else "Takk for svarene"
    expect(page.get_by_role("heading", name=thanks)).to_be_visible()
