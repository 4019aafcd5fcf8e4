"""The psychosocial questionnaire in a real browser, from the first slip to the reviewed report.

An advisor starts a round for a company of 12 with a group "Lager" of 5 from the case page
and makes printed slips: 5 for Lager, 7 for the rest, and no more than one per employee.
Six employees answer without logging in (one types the code from the slip carelessly,
one answers on a 390 px phone in English, one tries a second time and is refused). While
the round is open its page shows only a coarse count and no results; once it is closed
the results show, with Lager (3 answers) hidden, and a code nobody used is refused. The
flagged theme proposes a finding and an action item; a group conversation is recorded; the
report PDF is made, read back with pdftotext and marked reviewed; the case page then shows
A1 and A2 met from this round.
"""

import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.helpers import (
    ANSWER_CODE,
    REFUSED,
    log_in,
    open_link,
    questionnaire_values,
    respond,
    screenshot,
    tool,
)
from tests.factories import AdvisorFactory, CaseFactory, CompanyFactory

# The report is downloaded and read back: the real one (tests/conftest.py).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.real_pdf]

HIDDEN = "For få svar til å vise resultater."


def pdf_text(path) -> str:
    done = subprocess.run(
        [tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, check=True, timeout=60
    )
    return " ".join(done.stdout.decode().split())


def make_slips(staff, group: str, count: int) -> list[str]:
    """The advisor makes ``count`` slips for ``group`` (an option's label) from the round."""
    staff.get_by_role("link", name="Lag svarlapper for utskrift").click()
    staff.get_by_label("Gruppe").select_option(label=group)
    staff.get_by_label("Antall lapper").fill(str(count))
    staff.get_by_role("button", name="Lag lappene").click()
    expect(staff.get_by_text(f"{count} lapper er laget.")).to_be_visible()
    codes = staff.locator(".answer-code").all_inner_texts()
    assert len(codes) == count
    assert all(ANSWER_CODE.fullmatch(code) for code in codes), codes
    staff.get_by_role("link", name="Tilbake til undersøkelsen").click()
    return codes


def carelessly(code: str) -> str:
    """The code as a person types it from a slip: lower case, spaces, O for 0, l for 1."""
    return code.replace("-", " ").lower().replace("0", "o").replace("1", "l")


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
    staff.get_by_label("Grupper (valgfritt)").fill("Lager: 5")
    staff.get_by_role("button", name="Start undersøkelsen").click()
    expect(staff.get_by_text("Undersøkelsen er startet.")).to_be_visible()
    expect(staff.get_by_role("button", name="Send lenkene")).to_be_visible()
    staff.get_by_role("link", name="Tilbake til undersøkelsen").click()
    round_url = staff.url
    expect(staff.locator("#response-rate")).to_have_text("Færre enn 5 har svart så langt.")

    lager = make_slips(staff, "Lager (5 igjen)", 5)
    rest = make_slips(staff, "Ingen gruppe (7 igjen)", 7)
    assert len(set(lager + rest)) == 12
    # One code per employee: the group has none left.
    staff.get_by_role("link", name="Lag svarlapper for utskrift").click()
    staff.get_by_label("Gruppe").select_option(label="Lager (0 igjen)")
    staff.get_by_label("Antall lapper").fill("1")
    staff.get_by_role("button", name="Lag lappene").click()
    expect(staff.get_by_text("Det er bare 0 koder igjen for Lager")).to_be_visible()
    expect(staff.locator(".answer-code")).to_have_count(0)
    staff.goto(round_url)
    expect(staff.locator("#response-rate")).to_contain_text("Færre enn 5")
    expect(staff.get_by_text("12 lapper skrevet ut")).to_be_visible()
    page_text = staff.content()
    assert not [code for code in lager + rest if code in page_text]  # shown once, then gone

    respondent = new_page()
    values = questionnaire_values("demands")
    respond(respondent, "/svar/", values, typed=carelessly(lager[0]))
    for code in lager[1:3]:
        respond(respondent, f"/svar/#{code}", values)
    respondent.set_viewport_size({"width": 390, "height": 844})
    respond(respondent, f"/svar/#{rest[0]}", values, english=True, click=True)

    staff.reload()
    expect(staff.locator("#response-rate")).to_have_text("Færre enn 5 har svart så langt.")
    expect(staff.locator(".results-hidden")).to_have_text(
        "Resultatene vises når undersøkelsen er stengt. Da må minst 5 ha svart."
    )
    expect(staff.locator("tr.theme-row")).to_have_count(0)

    respondent.set_viewport_size({"width": 1280, "height": 900})
    respond(respondent, f"/svar/#{rest[1]}", values)
    respond(respondent, f"/svar/#{rest[2]}", values)
    open_link(respondent, f"/svar/#{rest[2]}")
    respondent.get_by_role("button", name="Start / Begin").click()
    expect(respondent.get_by_text(REFUSED)).to_be_visible()

    # Six have answered; the page says only "at least 5" and still shows no results.
    staff.reload()
    expect(staff.locator("#response-rate")).to_have_text("Minst 5 av 12 har svart.")
    expect(staff.locator(".results-hidden")).to_be_visible()
    expect(staff.locator("tr.theme-row")).to_have_count(0)
    expect(staff.locator("#groups")).to_have_text("Lager (5 ansatte)")
    screenshot(staff, "questionnaire-open")

    # Closing cannot be undone: the browser asks first. Dismissed, the round stays open.
    staff.once("dialog", lambda dialog: dialog.dismiss())
    staff.get_by_role("button", name="Steng undersøkelsen").click()
    expect(staff.locator("tr.theme-row")).to_have_count(0)
    asked = []
    staff.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    staff.get_by_role("button", name="Steng undersøkelsen").click()
    expect(staff.get_by_text("Undersøkelsen er stengt.").first).to_be_visible()
    assert asked == [
        "Stenge undersøkelsen nå? Ingen kan svare etterpå, og den kan ikke åpnes igjen."
    ]
    expect(staff.locator("#response-rate")).to_have_text("6 av 12 har svart (50 %)")
    expect(staff.locator("tr.theme-row")).to_have_count(8)
    expect(staff.locator(".group-hidden")).to_have_text(HIDDEN)
    expect(staff.locator("#groups")).to_have_text("Lager (5 ansatte)")  # no count of its own
    flagged = staff.locator("tr.theme-row.flagged")
    expect(flagged).to_have_count(1)
    expect(flagged).to_contain_text("Krav i jobben")
    expect(staff.get_by_role("button", name="Steng undersøkelsen")).to_have_count(0)
    expect(staff.get_by_role("link", name="Lag svarlapper for utskrift")).to_have_count(0)
    screenshot(staff, "questionnaire-results")

    # A slip nobody used is no good once the round is closed.
    open_link(respondent, f"/svar/#{lager[4]}")
    respondent.get_by_role("button", name="Start / Begin").click()
    expect(respondent.get_by_text(REFUSED)).to_be_visible()

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
    assert "Lager (5 ansatte): For få svar til å vise resultater." in text
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
