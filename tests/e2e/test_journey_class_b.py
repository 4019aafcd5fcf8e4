"""Journey 1 in a real browser: from an empty case to a class B certificate anyone can verify.

The advisor records a physical survey, a risk assessment and an action plan through the
real forms, and the case page says class B is met. A client user of the company uploads
documentation and reports the action item done, with a comment, in the client portal; the
advisor accepts the upload in the review queue, sees the client's update on the case page
and sends the case to issuing. An issuer issues class B; the PDF downloads, and the URL in
its QR code opens the public verification page, which says the certificate is valid.
"""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from certificates.models import Certificate, CertificationCase
from tests.e2e.helpers import log_in, qr_code_of, screenshot, small_pdf
from tests.factories import (
    AdvisorFactory,
    ClientUserFactory,
    CompanyFactory,
    IssuerFactory,
    MembershipFactory,
)

# The downloaded certificate's QR code is scanned: the real PDF, not the stand-in.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.real_pdf]

COMPANY = "Fjordlys Verksted AS"
MEASURE = "Skjerm rundt dreiebenken"
COMMENT = "Skjermen er montert og kontrollert av verneombudet."
DOCUMENT = "internkontroll.pdf"
DOCUMENT_TEXT = "Internkontrollsystem for Fjordlys Verksted AS"


def iso(day: dt.date) -> str:
    """Date inputs are filled in ISO form, whatever the page displays."""
    return day.isoformat()


def record_class_b_basis(page, today: dt.date) -> None:
    """On the case page: a physical survey, a risk assessment, an action item."""
    page.get_by_role("link", name="Ny fysisk").click()
    expect(page.get_by_label("Gjennomført med formaliserte")).to_have_count(0)
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
    page.get_by_label("Tiltak").fill(MEASURE)
    page.get_by_label("Ansvarlig").fill("Verkstedleder")
    page.get_by_label("Frist").fill(iso(today + dt.timedelta(days=30)))
    page.get_by_label("Status").select_option(label="Under utbedring")
    survey = f"Fysisk kartlegging {today - dt.timedelta(days=20):%d.%m.%Y}"
    page.get_by_label("Kartlegging").select_option(label=survey)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Tiltaket er registrert.")).to_be_visible()
    expect(page.get_by_role("cell", name=MEASURE)).to_be_visible()


def test_class_b_from_empty_case_to_verified_certificate(new_page, site, tmp_path):
    today = timezone.localdate()
    advisor = AdvisorFactory(first_name="Rita", last_name="Rådgiver")
    issuer = IssuerFactory(first_name="Ulf", last_name="Utsteder")
    company = CompanyFactory(name=COMPANY, advisor=advisor)
    client = ClientUserFactory(first_name="Kari", last_name="Kunde")
    MembershipFactory(user=client, company=company)

    # The advisor: portfolio, case page, and the records class B needs.
    advisor_page = new_page()
    log_in(advisor_page, advisor)
    advisor_page.goto("/portefolje/")
    screenshot(advisor_page, "01-portefolje")
    advisor_page.get_by_role("link", name=COMPANY).click()
    advisor_page.get_by_role("button", name=f"Åpne sak for {today.year}").click()
    expect(advisor_page.get_by_role("heading", name=COMPANY, level=1)).to_be_visible()
    record_class_b_basis(advisor_page, today)
    expect(advisor_page.get_by_role("heading", name="Klasse B ✓ oppfylt")).to_be_visible()
    expect(advisor_page.get_by_role("heading", name="Klasse A ✗ ikke oppfylt")).to_be_visible()

    # The client: uploads documentation and reports the action item done, with a comment.
    client_page = new_page()
    log_in(client_page, client)  # clients land on their portal, /min-side/
    expect(client_page.get_by_role("heading", name=COMPANY, level=1)).to_be_visible()
    client_page.get_by_role("link", name="Last opp dokument").click()
    client_page.get_by_label("Fil").set_input_files(
        {"name": DOCUMENT, "mimeType": "application/pdf", "buffer": small_pdf(DOCUMENT_TEXT)}
    )
    client_page.get_by_label("Kategori").select_option(label="Internkontrollsystem (HMS)")
    client_page.get_by_label("Beskrivelse").fill("HMS-håndboken, revidert i år")
    client_page.get_by_role("textbox", name="Gjelder fra").fill(iso(today))
    client_page.get_by_role("button", name="Last opp", exact=True).click()
    expect(client_page.get_by_role("alert")).to_contain_text(
        f"«{DOCUMENT}» er lastet opp og venter på gjennomgang av rådgiveren."
    )
    client_page.goto("/min-side/")
    item_row = client_page.get_by_role("row").filter(has_text=MEASURE)
    item_row.get_by_role("link", name="Oppdater").click()
    client_page.get_by_label("Status").select_option(label="Utført")
    client_page.get_by_label("Kommentar til rådgiveren").fill(COMMENT)
    client_page.get_by_role("button", name="Lagre").click()
    expect(client_page.get_by_role("alert")).to_contain_text("Tiltaket er oppdatert.")
    expect(item_row).to_contain_text("Utført")
    expect(item_row).to_contain_text(COMMENT)
    screenshot(client_page, "03-min-side")

    # The advisor accepts the upload in the review queue and sends the case to issuing.
    advisor_page.goto("/dokumenter/til-gjennomgang/")
    upload_row = advisor_page.get_by_role("row").filter(has_text=DOCUMENT)
    expect(upload_row).to_contain_text(COMPANY)
    upload_row.get_by_role("link", name="Gjennomgå").click()
    advisor_page.get_by_label("Godkjenn").check()
    advisor_page.get_by_role("button", name="Lagre vurderingen").click()
    expect(advisor_page.get_by_role("alert")).to_contain_text("Dokumentet er godkjent.")
    advisor_page.goto("/portefolje/")
    advisor_page.get_by_role("link", name=COMPANY).click()
    plan_row = advisor_page.locator("#tiltak").get_by_role("row").filter(has_text=MEASURE)
    expect(plan_row).to_contain_text("Utført")
    expect(plan_row).to_contain_text(f"Kari Kunde, {today:%d.%m.%Y}: {COMMENT}")
    expect(advisor_page.get_by_role("heading", name="Klasse B ✓ oppfylt")).to_be_visible()
    screenshot(advisor_page, "02-saksside")
    advisor_page.get_by_role("button", name="Send til utstedelse").click()
    expect(advisor_page.get_by_role("alert")).to_contain_text("Saken er sendt til utstedelse")
    case = CertificationCase.objects.get(company=company, year=today.year)
    assert case.status == CertificationCase.Status.READY

    # The issuer: the queue, the issuing page, class B.
    page = new_page()
    log_in(page, issuer)
    page.goto("/utstedelse/")
    page.get_by_role("row").filter(has_text=COMPANY).get_by_role("link", name="Utsted").click()
    expect(page.get_by_text("Saken oppfyller i dag klasse B.")).to_be_visible()
    page.get_by_label("Klasse").select_option("B")
    screenshot(page, "04-utstedelse")
    page.get_by_role("button", name="Utsted sertifikat").click()
    expect(page.get_by_role("alert")).to_contain_text("er utstedt.")
    certificate = Certificate.objects.get(company=company)
    assert certificate.klass == "B"
    expect(page.get_by_role("alert")).to_have_text(f"Sertifikat {certificate.number} er utstedt.")
    screenshot(page, "05-sertifikat")

    # The PDF downloads; its QR code leads to the public verification page.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Last ned PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"{certificate.number}.pdf"
    pdf = tmp_path / "sertifikat.pdf"
    download.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    url = qr_code_of(pdf)
    assert url == f"{site}/verifiser/{certificate.verification_code}/"

    public = new_page()  # nobody logged in
    public.goto(url)
    expect(public.get_by_text("Gyldig.", exact=True)).to_be_visible()
    expect(public.get_by_text("Sertifikatet er gyldig i klasse B")).to_be_visible()
    expect(public.get_by_text(COMPANY)).to_be_visible()
    # The copy downloaded is the very PDF that was issued.
    public.get_by_label("PDF-fil").set_input_files(pdf)
    public.get_by_role("button", name="Kontroller").click()
    expect(public.get_by_text("Filen er identisk med det utstedte sertifikatet.")).to_be_visible()
    screenshot(public, "06-verifisering")
