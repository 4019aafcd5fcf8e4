"""A survey sent back by the advisor is corrected on a phone and sent again.

The company's own survey waits for review. The advisor (desktop) sends it back with a
comment; the client (390 × 844) sees why on Min side, reopens the walk, marks another
deviation and adds three photos at once - a HEIC from an iPhone among them - with a
progress line, removes one, confirms the new measure and finishes. The advisor accepts
the new report and the case page shows B1, B2 and B3 met. axe checks the pages on the way.
"""

import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fieldwork.models import Photo
from tests.e2e.helpers import log_in, screenshot
from tests.factories import (
    AdvisorFactory,
    CaseFactory,
    ClientUserFactory,
    CompanyFactory,
    MembershipFactory,
)
from tests.fieldwork.helpers import finished, heic, jpeg

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
COMPANY = "Tilbakesendt AS"
COMMENT = "Avviket i gangen mangler tiltak, og brannslukkeren er ikke sjekket."
RUN_AXE = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
  .filter(v => v.impact === "critical" || v.impact === "serious")
  .map(v => v.id + ": " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "))"""


def serious_violations(page) -> list[str]:
    """axe, evaluated through the DevTools protocol: the page's own CSP stays in force."""
    page.evaluate(AXE.read_text() + "\n;undefined")
    return page.evaluate(RUN_AXE)


def as_file(upload, mime: str) -> dict:
    return {"name": upload.name, "mimeType": mime, "buffer": upload.read()}


def test_a_survey_sent_back_is_corrected_on_a_phone_and_accepted(new_page):
    advisor = AdvisorFactory(first_name="Rita", last_name="Rådgiver")
    company = CompanyFactory(name=COMPANY, advisor=advisor)
    case = CaseFactory(company=company, year=timezone.localdate().year)
    client = ClientUserFactory(first_name="Kari", last_name="Kunde")
    MembershipFactory(user=client, company=company)
    inspection = finished(company, client, deviations=1)

    staff = new_page()
    log_in(staff, advisor)
    staff.goto("/dokumenter/til-gjennomgang/")
    staff.get_by_role("row").filter(has_text=COMPANY).get_by_role("link", name="Gjennomgå").click()
    staff.get_by_label("Avvis").check()
    staff.get_by_label("Kommentar til kunden").fill(COMMENT)
    staff.get_by_role("button", name="Lagre vurderingen").click()
    expect(staff.get_by_role("alert")).to_contain_text("avvist")

    phone = new_page()
    log_in(phone, client)
    phone.set_viewport_size(PHONE)
    phone.goto("/min-side/")
    expect(phone.locator("#befaringer")).to_contain_text(COMMENT)
    phone.get_by_role("link", name="Rett opp og send på nytt").click()
    expect(phone.get_by_text("Sendt tilbake av Rita Rådgiver")).to_be_visible()
    assert serious_violations(phone) == []
    phone.get_by_role("button", name="Åpne kartleggingen og rett opp").click()
    expect(phone.get_by_role("alert").first).to_contain_text("Kartleggingen er åpnet igjen.")
    expect(phone.locator(".fw-sent-back")).to_contain_text(COMMENT)

    second = phone.locator("article.fw-item").nth(1)
    second.locator("label.btn", has_text=re.compile("^Avvik$")).click()
    second.get_by_label("Merknad").fill("Brannslukkeren er ikke kontrollert i år")
    second.get_by_label("Velg bilder").set_input_files(
        [
            as_file(heic(1600, 1200, gps=True), "image/heic"),
            as_file(jpeg(1200, 900, name="IMG_0002.jpg"), "image/jpeg"),
            as_file(jpeg(900, 1200, name="IMG_0003.jpg"), "image/jpeg"),
        ]
    )
    second.get_by_role("button", name="Lagre svar").click()
    expect(second.locator(".fw-upload [role=status]")).to_have_text("3 av 3 bilder lagret.")
    expect(second.locator(".fw-saved")).to_have_text("Lagret: Avvik")
    expect(second.locator(".fw-photos img")).to_have_count(3)
    assert Photo.objects.filter(content_type="image/jpeg").count() == 3
    second.get_by_role("button", name="Fjern bilde 3").click()  # one too many
    expect(phone.get_by_role("alert").first).to_contain_text("Bildet er fjernet.")
    expect(second.locator(".fw-photos img")).to_have_count(2)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_violations(phone) == []
    screenshot(phone, "fieldwork-04-sent-back-390")

    phone.get_by_role("link", name="Alle punkter er besvart: videre til tiltak").first.click()
    expect(phone.locator(".fw-sent-back")).to_contain_text(COMMENT)
    card = phone.locator("article").filter(has_text="Brannslukkeren er ikke kontrollert")
    card.get_by_label("Ansvarlig").fill("Daglig leder")
    card.get_by_label("Sannsynlighet (1–5)").select_option("2")
    card.get_by_label("Konsekvens (1–5)").select_option("4")
    card.get_by_role("button", name="Bekreft tiltak").click()
    expect(phone.get_by_role("alert")).to_contain_text("Tiltaket er bekreftet.")
    phone.get_by_role("button", name="Fullfør og lag rapport").click()
    expect(phone.get_by_role("alert").first).to_contain_text("rapporten er laget")
    phone.goto("/min-side/")
    expect(phone.locator("#befaringer")).to_contain_text("Venter på gjennomgang")

    staff.goto("/dokumenter/til-gjennomgang/")
    staff.get_by_role("row").filter(has_text=COMPANY).get_by_role("link", name="Gjennomgå").click()
    staff.get_by_label("Godkjenn").check()
    staff.get_by_role("button", name="Lagre vurderingen").click()
    expect(staff.get_by_role("alert")).to_contain_text("Dokumentet er godkjent.")
    staff.goto(f"/saker/{case.pk}/")
    met = staff.locator("#vurdering li.criterion-met strong").all_text_contents()
    assert {"B1", "B2", "B3"} <= set(met), met
    inspection.refresh_from_db()
    assert inspection.survey.findings.count() == 2
