"""The psychosocial questionnaire in a real browser, from the first code to the reviewed report.

An advisor starts a round for a company of 12 with a group of 3 from the case page; six
employees answer from their codes without logging in (one on a 390 px phone in English,
one tries a second time and is refused); results appear only after the fifth answer and
the group of 3 stays hidden; the flagged theme proposes a finding and an action item;
a group conversation is recorded; the report PDF is made, read back with pdftotext and
marked reviewed; the case page then shows A1 and A2 met from this round.
"""

import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from questionnaires.models import Question
from tests.e2e.helpers import log_in, screenshot, tool
from tests.factories import AdvisorFactory, CaseFactory, CompanyFactory

# The report is downloaded and read back: the real one (tests/conftest.py).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.real_pdf]

HIDDEN = "For få svar til å vise resultater."


def answers(low_theme: str) -> dict[str, int]:
    """Every theme scored 4, ``low_theme`` scored 1 (reverse questions turned round)."""
    chosen = {}
    for question in Question.objects.select_related("theme"):
        score = 1 if question.theme.key == low_theme else 4
        chosen[question.key] = 6 - score if question.reverse else score
    return chosen


def open_link(page, code: str) -> None:
    """The link from the e-mail, as a new load (from /svar/ itself it would only scroll)."""
    page.goto("about:blank")
    page.goto(f"/svar/#{code}")


CHECK_ALL = """values => Object.entries(values).forEach(([key, value]) => {
  document.querySelector(`input[name=q_${key}][value="${value}"]`).checked = true;
})"""


def respond(
    page, code: str, values: dict[str, int], *, english: bool = False, click: bool = False
) -> None:
    """One employee answers from the link; ``click`` ticks each answer as a person would."""
    open_link(page, code)
    expect(page.get_by_label("Svarkode")).to_have_value(code)
    assert "#" not in page.url  # the code leaves the address bar
    if english:
        page.get_by_label("English").check()
    page.get_by_role("button", name="Start / Begin").click()
    # The questions are a new page: wait for them before ticking (the click only starts it).
    expect(page.locator("input[name^=q_]").first).to_be_attached()
    if click:
        for key, value in values.items():
            page.locator(f"input[name=q_{key}][value='{value}']").check()
    else:  # the same radio buttons, ticked in one go to keep the test quick
        page.evaluate(CHECK_ALL, values)
    button = "Send the answers" if english else "Send svarene"
    page.get_by_role("button", name=button).click()
    thanks = "Thank you for your answers" if english else "Takk for svarene"
    expect(page.get_by_role("heading", name=thanks)).to_be_visible()


def pdf_text(path) -> str:
    done = subprocess.run(
        [tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, check=True, timeout=60
    )
    return " ".join(done.stdout.decode().split())


def test_questionnaire_round_to_reviewed_report(new_page, tmp_path):
    today = timezone.localdate()
    advisor = AdvisorFactory(first_name="Rita", last_name="Rådgiver")
    company = CompanyFactory(name="Fjordlys Verksted AS", employee_count=12, advisor=advisor)
    case = CaseFactory(company=company, year=today.year)

    staff = new_page()
    log_in(staff, advisor)
    staff.goto(f"/saker/{case.pk}/")
    staff.get_by_role("link", name="Ny spørreundersøkelse").click()
    expect(staff.get_by_label("Antall ansatte")).to_have_value("12")
    staff.get_by_label("Grupper (valgfritt)").fill("Lager: 3")
    staff.get_by_role("button", name="Start undersøkelsen").click()
    expect(staff.get_by_text("Undersøkelsen er startet.")).to_be_visible()
    codes = staff.locator(".answer-code").all_inner_texts()
    assert len(codes) == 12
    links = staff.get_by_label("Én lenke per linje").input_value().split()
    assert links[0].endswith(f"/svar/#{codes[0]}")
    round_url = staff.get_by_role("link", name="Tilbake til undersøkelsen").get_attribute("href")

    respondent = new_page()
    values = answers("demands")
    for code in codes[:3]:  # the group of 3 (Lager) comes first on the sheet
        respond(respondent, code, values)
    respondent.set_viewport_size({"width": 390, "height": 844})
    respond(respondent, codes[3], values, english=True, click=True)
    wide = respondent.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390

    staff.goto(round_url)
    expect(staff.locator("#response-rate")).to_have_text("4 av 12 har svart (33 %)")
    expect(staff.locator(".results-hidden")).to_contain_text(HIDDEN)

    respond(respondent, codes[4], values)
    respond(respondent, codes[5], values)
    open_link(respondent, codes[5])
    respondent.get_by_role("button", name="Start / Begin").click()
    expect(respondent.get_by_text("Koden er ugyldig, allerede brukt")).to_be_visible()

    staff.reload()
    expect(staff.locator("#response-rate")).to_have_text("6 av 12 har svart (50 %)")
    expect(staff.locator("tr.theme-row")).to_have_count(8)
    expect(staff.locator(".group-hidden")).to_have_text(HIDDEN)
    flagged = staff.locator("tr.theme-row.flagged")
    expect(flagged).to_have_count(1)
    expect(flagged).to_contain_text("Krav i jobben")
    screenshot(staff, "questionnaire-results")

    staff.get_by_role("link", name="Bekreft eller endre forslag").click()
    staff.get_by_label("Ansvarlig").fill("Daglig leder")
    staff.get_by_label("Tiltak").fill("Ukentlig planmøte")
    staff.get_by_role("button", name="Bekreft funn og tiltak").click()
    expect(staff.get_by_text("Funn og tiltak er lagt til handlingsplanen.")).to_be_visible()

    staff.get_by_role("link", name="Registrer samtale").click()
    expect(staff.locator("#guide")).to_contain_text("Krav i jobben")
    staff.get_by_label("Type").select_option(label="Gruppesamtale")
    staff.get_by_label("Dato").fill(today.isoformat())
    staff.get_by_label("Antall deltakere").fill("9")
    staff.get_by_label("Ledet av").fill("Rita Rådgiver og verneombudet")
    staff.get_by_label("Oppsummering (uten navn)").fill(
        "Travle perioder før jul; ønske om bedre planlegging."
    )
    staff.get_by_role("button", name="Lagre samtalen").click()
    expect(staff.get_by_text("Samtalen er registrert.")).to_be_visible()

    staff.get_by_role("button", name="Lag rapport").click()
    expect(staff.get_by_text("Rapporten er laget.")).to_be_visible()
    with staff.expect_download() as download:
        staff.get_by_role("link", name="Last ned rapport (PDF)").click()
    pdf = tmp_path / "rapport.pdf"
    download.value.save_as(pdf)
    text = pdf_text(pdf)
    assert "Psykososial kartlegging" in text
    assert "6 av 12 ansatte svarte (50 %)" in text
    assert "Krav i jobben (under grensen)" in text
    assert "Lager: 3 av 3 svarte. For få svar til å vise resultater." in text
    assert "Travle perioder før jul" in text
    assert "Ukentlig planmøte" in text

    staff.get_by_role("button", name="Marker rapporten som gjennomgått").click()
    expect(staff.locator("#report-reviewed")).to_be_visible()

    staff.goto(f"/saker/{case.pk}/")
    for code in ("A1", "A2"):
        met = staff.locator("li.criterion-met", has=staff.locator("strong", has_text=code))
        expect(met.first).to_be_visible()
        missing = staff.locator("li.criterion-missing", has=staff.locator("strong", has_text=code))
        expect(missing).to_have_count(0)
    screenshot(staff, "questionnaire-case")
