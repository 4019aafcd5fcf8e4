"""A small company walks its own physical survey on a phone, and the advisor verifies it.

At 390 × 844 in Chromium: the client starts the survey from Min side, answers every item
(two deviations, one with a photo taken "with the camera"), reloads half-way and continues
where they were, confirms the proposed action items with a 5 × 5 score, finishes and
downloads the report, which holds the deviations, the plan and the photo. The advisor
accepts it in the review queue, and the case page shows B1, B2 and B3 met by this survey
alone.
"""

import io
import re
import subprocess

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.helpers import log_in, screenshot, tool
from tests.factories import (
    AdvisorFactory,
    CaseFactory,
    ClientUserFactory,
    CompanyFactory,
    MembershipFactory,
)

# The report is downloaded and read back: the real one (tests/conftest.py).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.real_pdf]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
COMPANY = "Småbedriften AS"


def phone_page(browser, site):
    context = browser.new_context(
        base_url=site,
        locale="nb-NO",
        timezone_id="Europe/Oslo",
        viewport=DESKTOP,
        accept_downloads=True,
        reduced_motion="reduce",
    )
    context.set_default_timeout(10_000)
    return context, context.new_page()


def photo_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 900), (200, 60, 30)).save(out, format="JPEG")
    return out.getvalue()


def answer(page, index: int, value: str, note: str = "", photo: bool = False) -> None:
    item = page.locator("article.fw-item").nth(index)
    item.locator("label.btn", has_text=re.compile(f"^{value}$")).click()
    if note:
        item.get_by_label("Merknad").fill(note)
    if photo:
        item.get_by_label("Ta bilde").set_input_files(
            {"name": "IMG_0042.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}
        )
    item.get_by_role("button", name="Lagre svar").click()
    # Saved in the background (static/js/fieldwork.js): the card says so, the page stays.
    expect(item.locator(".fw-saved")).to_have_text(f"Lagret: {value}")


def test_client_walks_a_survey_on_a_phone_and_the_advisor_verifies_it(browser, site, tmp_path):
    advisor = AdvisorFactory(first_name="Rita", last_name="Rådgiver")
    company = CompanyFactory(name=COMPANY, advisor=advisor)
    case = CaseFactory(company=company, year=timezone.localdate().year)
    client = ClientUserFactory(first_name="Kari", last_name="Kunde")
    MembershipFactory(user=client, company=company)

    context, page = phone_page(browser, site)
    log_in(page, client)
    page.set_viewport_size(PHONE)
    page.goto("/min-side/")
    page.get_by_role("link", name="Start fysisk kartlegging").click()
    page.get_by_label("Deltakere").fill("Kari Kunde (verneombud)")
    page.get_by_role("button", name="Start").click()
    # count() does not wait: only once the walk has loaded are all its items there.
    page.wait_for_url(re.compile(r"/befaring/\d+/$"))
    total = page.locator("article.fw-item").count()
    assert total >= 38
    expect(page.get_by_text(f"0 av {total} besvart")).to_be_visible()

    half = total // 2
    answer(page, 0, "Avvik", note="Løse ledninger i gangen", photo=True)
    for index in range(1, half):
        answer(page, index, "OK" if index % 5 else "Ikke relevant")
    screenshot(page, "fieldwork-01-walk-390")

    page.reload()  # the browser was closed; the answers are all still there
    expect(page.get_by_text(f"{half} av {total} besvart")).to_be_visible()
    page.get_by_role("link", name="Fortsett der du slapp").click()
    answer(page, half, "Avvik", note="Nødutgangen er blokkert av paller")
    for index in range(half + 1, total - 1):
        answer(page, index, "OK")
    last = page.locator("article.fw-item").nth(total - 1)
    last.locator("label.btn", has_text=re.compile("^OK$")).click()
    with page.expect_navigation():  # the last answer: the page comes back with the way on
        last.get_by_role("button", name="Lagre svar").click()
    expect(page.get_by_text(f"{total} av {total} besvart")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_role("link", name="Alle punkter er besvart: videre til tiltak").click()
    for index, (responsible, probability) in enumerate((("Daglig leder", "3"), ("Lagersjef", "4"))):
        card = page.locator("article").nth(index)
        card.get_by_label("Ansvarlig").fill(responsible)
        card.get_by_label("Sannsynlighet (1–5)").select_option(probability)
        card.get_by_label("Konsekvens (1–5)").select_option("4")
        card.get_by_role("button", name="Bekreft tiltak").click()
        expect(page.get_by_role("alert")).to_contain_text("Tiltaket er bekreftet.")
    screenshot(page, "fieldwork-02-plan-390")
    page.get_by_role("button", name="Fullfør og lag rapport").click()
    expect(page.get_by_role("alert").first).to_contain_text("rapporten er laget")
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned rapporten (PDF)").click()
    pdf = tmp_path / "rapport.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(
        [tool("pdftotext"), "-layout", pdf, "-"], capture_output=True, check=True, timeout=60
    ).stdout.decode()
    assert "Løse ledninger i gangen" in text and "Nødutgangen er blokkert av paller" in text
    assert "Handlingsplan" in text and "Daglig leder" in text and "Lagersjef" in text
    assert "Kari Kunde (verneombud)" in text
    reader = PdfReader(pdf)
    assert {image.name for p in reader.pages for image in p.images}, "the photo is embedded"
    context.close()

    context, page = phone_page(browser, site)
    log_in(page, advisor)
    page.goto("/dokumenter/til-gjennomgang/")
    page.get_by_role("row").filter(has_text=COMPANY).get_by_role("link", name="Gjennomgå").click()
    page.get_by_label("Godkjenn").check()
    page.get_by_role("button", name="Lagre vurderingen").click()
    expect(page.get_by_role("alert")).to_contain_text("Dokumentet er godkjent.")
    page.goto(f"/saker/{case.pk}/")
    met = page.locator("#vurdering li.criterion-met strong").all_text_contents()
    assert {"B1", "B2", "B3"} <= set(met), met
    screenshot(page, "fieldwork-03-case")
    context.close()
