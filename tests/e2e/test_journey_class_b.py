"""Journey 1 in a real browser: from an empty case to a class B certificate anyone can verify.

The advisor records a physical survey, a risk assessment and an action plan through the
real forms; the case page says class B is met; the advisor sends the case to issuing; an
issuer issues class B; the PDF downloads, and the URL in its QR code opens the public
verification page, which says the certificate is valid.
"""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from certificates.models import Certificate, CertificationCase
from tests.e2e.helpers import log_in, qr_code_of, screenshot
from tests.factories import AdvisorFactory, CompanyFactory, IssuerFactory

pytestmark = pytest.mark.django_db(transaction=True)

COMPANY = "Fjordlys Verksted AS"


def iso(day: dt.date) -> str:
    """Date inputs are filled in ISO form, whatever the page displays."""
    return day.isoformat()


def record_class_b_basis(page, today: dt.date) -> None:
    """On the case page: a physical survey, a risk assessment, an action item."""
    page.get_by_role("link", name="Ny kartlegging").click()
    page.get_by_label("Type").select_option(label="Fysisk kartlegging")
    page.get_by_role("textbox", name="Gjennomført").fill(iso(today - dt.timedelta(days=20)))
    page.get_by_label("Utført av").select_option(label="Bedriftstjenesten AS")
    page.get_by_label("Sammendrag").fill("Gjennomgang av verksted og lager.")
    page.get_by_label("Skriftlig rapport foreligger").check()
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Kartleggingen er registrert.")).to_be_visible()

    page.get_by_role("link", name="Ny risikovurdering").click()
    page.get_by_role("textbox", name="Gjennomført").fill(iso(today - dt.timedelta(days=15)))
    page.get_by_label("Tema").fill("Arbeid ved dreiebenk")
    hazard = page.get_by_role("group", name="Fare 1")
    hazard.get_by_role("textbox", name="Fare").fill("Kuttskader ved dreiebenk")
    hazard.get_by_label("Sannsynlighet").fill("3")
    hazard.get_by_label("Konsekvens").fill("3")
    hazard.get_by_label("Tiltak").fill("Vernehansker og opplæring")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Risikovurderingen er registrert.")).to_be_visible()
    expect(page.get_by_role("cell", name="Kuttskader ved dreiebenk")).to_be_visible()

    page.get_by_role("link", name="Nytt tiltak").click()
    page.get_by_label("Område").select_option(label="Fysisk")
    page.get_by_label("Tiltak").fill("Skjerm rundt dreiebenken")
    page.get_by_label("Ansvarlig").fill("Verkstedleder")
    page.get_by_label("Frist").fill(iso(today + dt.timedelta(days=30)))
    page.get_by_label("Status").select_option(label="Under utbedring")
    survey = f"Fysisk kartlegging {today - dt.timedelta(days=20):%d.%m.%Y}"
    page.get_by_label("Kartlegging").select_option(label=survey)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Tiltaket er registrert.")).to_be_visible()
    expect(page.get_by_role("cell", name="Skjerm rundt dreiebenken")).to_be_visible()


def test_advisor_records_issuer_issues_b_and_the_qr_code_verifies(new_page, tmp_path):
    today = timezone.localdate()
    advisor = AdvisorFactory(first_name="Rita", last_name="Rådgiver")
    issuer = IssuerFactory(first_name="Ulf", last_name="Utsteder")
    company = CompanyFactory(name=COMPANY, advisor=advisor)

    # The advisor: portfolio, case page, the records class B needs, and off to issuing.
    page = new_page()
    log_in(page, advisor)
    page.goto("/portefolje/")
    screenshot(page, "01-portefolje")
    page.get_by_role("link", name=COMPANY).click()
    expect(page.get_by_role("heading", name=COMPANY, level=1)).to_be_visible()
    record_class_b_basis(page, today)

    expect(page.get_by_role("heading", name="Klasse B ✓ oppfylt")).to_be_visible()
    expect(page.get_by_role("heading", name="Klasse A ✗ ikke oppfylt")).to_be_visible()
    screenshot(page, "02-saksside")
    page.get_by_role("button", name="Send til utstedelse").click()
    expect(page.get_by_role("alert")).to_contain_text("Saken er sendt til utstedelse")
    case = CertificationCase.objects.get(company=company, year=today.year)
    assert case.status == CertificationCase.Status.READY

    # The issuer: the queue, the issuing page, class B.
    page = new_page()
    log_in(page, issuer)
    page.goto("/utstedelse/")
    row = page.get_by_role("row").filter(has_text=COMPANY)
    row.get_by_role("link", name="Utsted").click()
    expect(page.get_by_text("Saken oppfyller i dag klasse B.")).to_be_visible()
    page.get_by_label("Klasse").select_option("B")
    screenshot(page, "03-utstedelse")
    page.get_by_role("button", name="Utsted sertifikat").click()
    certificate = Certificate.objects.get(company=company)
    expect(page.get_by_text(f"Sertifikat {certificate.number} er utstedt.")).to_be_visible()
    assert certificate.klass == "B"
    screenshot(page, "04-sertifikat")

    # The PDF downloads; its QR code leads to the public verification page.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Last ned PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"{certificate.number}.pdf"
    pdf = tmp_path / "sertifikat.pdf"
    download.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    url = qr_code_of(pdf)
    assert url.startswith(f"{page.url.split('/sertifikater/')[0]}/verifiser/")

    public = new_page()  # nobody logged in
    public.goto(url)
    expect(public.get_by_text("Gyldig.", exact=True)).to_be_visible()
    expect(public.get_by_text("Sertifikatet er gyldig i klasse B")).to_be_visible()
    expect(public.get_by_text(COMPANY)).to_be_visible()
    screenshot(public, "05-verifisering")
