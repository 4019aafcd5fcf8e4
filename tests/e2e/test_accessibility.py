"""Every page type, for every role, on a desktop and on a 390 px phone, in Chromium.

axe-core (the npm package, pinned in package.json) is injected into each page and must find
no critical or serious violation; on the phone nothing may widen the page beyond the screen
and every button of a table row must be on screen, not hidden in a sideways scroll. Forms
are checked with their errors showing too (submitted empty).
"""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from certificates.models import CertificationCase
from documents.models import Category
from documents.services import document_upload
from fieldwork.models import ChecklistItem, Kind
from fieldwork.services import answer_save, inspection_start
from questionnaires import services as questionnaire_services
from questionnaires.selectors import round_results
from tests.certificates.scenarios import class_a_case
from tests.documents import files
from tests.e2e.helpers import log_in, screenshot
from tests.factories import (
    ActionItemFactory,
    AdvisorFactory,
    CaseFactory,
    CertificateFactory,
    ClientUserFactory,
    IssuerFactory,
    MembershipFactory,
)
from tests.questionnaires.conftest import answer

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "critical" || v.impact === "serious")
    .map(v => `${v.id} (${v.impact}): ` +
      v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
}"""
LAYOUT = """() => {
  const wide = document.documentElement.scrollWidth > window.innerWidth;
  const hidden = Array.from(document.querySelectorAll("tbody tr .btn, tbody tr button"))
    .filter(el => el.offsetParent !== null)
    .filter(el => {
      const r = el.getBoundingClientRect();
      return r.left < 0 || r.right > window.innerWidth;
    })
    .map(el => el.textContent.trim());
  return {wide, scrollWidth: document.documentElement.scrollWidth, hidden};
}"""


@pytest.fixture
def world():
    """One company in every state a page shows: a case with records, a certificate, a client."""
    today = timezone.localdate()
    case = class_a_case(today=today, name="Fjordlys Verksted AS")
    company = case.company
    advisor = AdvisorFactory(first_name="Rita", last_name="Rådgiver")
    company.advisor = advisor
    company.save(update_fields=["advisor"])
    ActionItemFactory(company=company, due_date=today - dt.timedelta(days=3))
    last_year = CaseFactory(
        company=company, year=today.year - 1, status=CertificationCase.Status.ISSUED
    )
    certificate = CertificateFactory(
        case=last_year,
        klass="B",
        valid_from=today - dt.timedelta(days=300),
        valid_until=today + dt.timedelta(days=64),
    )
    client_user = ClientUserFactory()
    MembershipFactory(user=client_user, company=company)
    inspection = inspection_start(company=company, kind=Kind.PHYSICAL, actor=client_user)
    first = ChecklistItem.objects.filter(section__template=inspection.template).first()
    answer_save(inspection=inspection, item=first, actor=client_user, value="DEVIATION")
    questionnaire = questionnaire_round(company, advisor, close=True)
    open_round = questionnaire_round(company, advisor, close=False)
    pending = document_upload(
        company=company,
        actor=client_user,
        file=files.upload("feil-fil.pdf", files.PDF),
        category=Category.EMPLOYMENT_CONTRACTS,
        effective_from=today,
    )
    return {
        "pending": pending,
        "case": case,
        "company": company,
        "certificate": certificate,
        "advisor": advisor,
        "issuer": IssuerFactory(),
        "client": client_user,
        "item": company.action_items.first(),
        "inspection": inspection,
        "round": questionnaire,
        "open_round": open_round,
    }


def questionnaire_round(company, advisor, *, close: bool):
    """A round of 12 with a group "Lager" of 5; closed: with results (5 answers, one theme
    flagged) and Lager hidden. Open: nobody has answered yet."""
    round_ = questionnaire_services.round_start(
        company=company,
        actor=advisor,
        employee_count=12,
        closes_on=timezone.localdate() + dt.timedelta(days=14),
        groups=[("Lager", 5)],
    )
    if close:
        answer(round_, 5, low_themes=("demands",), free_text="Travelt")
        round_ = questionnaire_services.round_close(round_=round_, actor=advisor)
        assert round_results(round_).visible  # the page shows the results table
    return round_


def pages_for(role, world):
    case, company, certificate = world["case"], world["company"], world["certificate"]
    closed, running = (f"/sporreundersokelser/{world[r].pk}/" for r in ("round", "open_round"))
    public = [
        ("start", "/", False),
        ("register", "/register/", False),
        ("verification", f"/verifiser/{certificate.verification_code}/", False),
        ("login", "/logg-inn/", True),
        ("password-reset", "/passord/glemt/", True),
        ("questionnaire-respondent", "/svar/", True),
    ]
    if role == "public":
        return public
    if role == "advisor":
        return [
            ("portfolio", "/portefolje/", False),
            ("case", f"/saker/{case.pk}/", False),
            ("survey-form", f"/virksomheter/{company.pk}/kartlegginger/ny/", True),
            (
                "survey-form-physical",
                f"/virksomheter/{company.pk}/kartlegginger/ny/?type=physical",
                True,
            ),
            ("action-item-form", f"/virksomheter/{company.pk}/tiltak/nytt/", True),
            ("review-queue", "/dokumenter/til-gjennomgang/", False),
            ("history", f"/virksomheter/{company.pk}/historikk/", False),
            ("fieldwork-walk", f"/befaring/{world['inspection'].pk}/", False),
            ("questionnaire-results", closed, False),
            ("questionnaire-open", running, False),
            ("questionnaire-slips", f"{running}svarkoder/", True),
            ("questionnaire-links", f"{running}lenker/", True),
            ("questionnaire-start", f"/virksomheter/{company.pk}/sporreundersokelser/ny/", True),
        ]
    if role == "issuer":
        return [
            ("dashboard", "/oversikt/", False),
            ("issuing-queue", "/utstedelse/", False),
            ("issue-form", f"/saker/{case.pk}/utsted/", False),
            ("certificates", "/sertifikater/", False),
            ("certificate", f"/sertifikater/{certificate.pk}/", False),
            ("invoicing", "/fakturering/", False),
            ("company-users", f"/virksomheter/{company.pk}/brukere/", False),
            ("company-form", "/virksomheter/ny/", True),
        ]
    return [
        ("min-side", "/min-side/", False),
        ("action-item", f"/min-side/tiltak/{world['item'].pk}/", False),
        ("upload", f"/virksomheter/{company.pk}/dokumenter/last-opp/", True),
        ("documents", f"/virksomheter/{company.pk}/dokumenter/", False),
        ("document-withdraw", f"/dokumenter/{world['pending'].pk}/trekk-tilbake/", False),
        ("fieldwork-start", f"/virksomheter/{company.pk}/befaring/ny/?type=safety_round", True),
        ("fieldwork-walk", f"/befaring/{world['inspection'].pk}/", False),
        ("fieldwork-plan", f"/befaring/{world['inspection'].pk}/tiltak/", True),
        ("questionnaire-results", closed, False),
        ("questionnaire-open", running, False),
        ("questionnaire-links", f"{running}lenker/", True),
    ]


def check(page, name, path, submit_empty):
    """The problems a person would meet on this page, on a desktop and on a phone.

    One visit serves both screens: the page is checked at desktop width, then the window is
    narrowed to the phone's and axe and the layout check run again on what it shows there.
    """
    page.set_viewport_size(DESKTOP)
    response = page.goto(path)
    assert response.status == 200, f"{path}: {response.status}"
    if submit_empty:
        form = page.locator("main form[method=post]").first
        if form.count():
            with page.expect_navigation():
                form.evaluate("f => { f.noValidate = true; f.requestSubmit(); }")
    return problems_here(page, name)


def problems_here(page, name):
    """axe and the layout check on the page showing, at desktop width and then a phone's."""
    page.add_script_tag(path=str(AXE))
    problems = []
    for viewport, label in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(viewport)
        problems += [f"{name} ({label}): {v}" for v in page.evaluate(RUN_AXE)]
        if viewport is PHONE:
            layout = page.evaluate(LAYOUT)
            if layout["wide"]:
                problems.append(f"{name}: {layout['scrollWidth']} px wide on a 390 px screen")
            problems += [f"{name}: button off screen: {text}" for text in layout["hidden"]]
        screenshot(page, f"a11y-{name}-{viewport['width']}")
    return problems


@pytest.mark.parametrize("role", ["public", "advisor", "issuer", "client"])
def test_every_page_is_accessible_and_fits_the_screen(browser, site, world, role):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make test does)")
    context = browser.new_context(
        base_url=site,
        locale="nb-NO",
        timezone_id="Europe/Oslo",
        viewport=DESKTOP,
        reduced_motion="reduce",
        bypass_csp=True,  # axe is injected as an inline script, which our CSP forbids
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    if role != "public":
        log_in(page, world[role])  # on a desktop: the phone's menu hides "Logg ut"
    problems = []
    for name, path, submit_empty in pages_for(role, world):
        problems += check(page, f"{role}/{name}", path, submit_empty)
    context.close()
    assert not problems, "\n".join(problems)


def test_the_slips_and_the_questionnaire_itself_are_accessible(browser, site, world):
    """The pages reached only by POST, so not in the list above: the advisor's printed slips
    for the open round, and the questions behind one of their codes, on a phone in English."""
    options = {"base_url": site, "reduced_motion": "reduce", "bypass_csp": True}
    staff = browser.new_context(locale="nb-NO", viewport=DESKTOP, **options)
    page = staff.new_page()
    log_in(page, world["advisor"])
    page.goto(f"/sporreundersokelser/{world['open_round'].pk}/svarkoder/")
    page.get_by_label("Gruppe").select_option(label="Lager (5 igjen)")
    page.get_by_label("Antall lapper").fill("2")
    page.get_by_role("button", name="Lag lappene").click()
    codes = page.locator(".answer-code")
    expect(codes).to_have_count(2)
    code = codes.first.inner_text()
    problems = problems_here(page, "advisor/questionnaire-slips-made")
    staff.close()

    respondent = browser.new_context(locale="en-GB", viewport=PHONE, **options)
    page = respondent.new_page()
    page.goto(f"/svar/#{code}")
    page.get_by_label("English").check()
    page.get_by_role("button", name="Start / Begin").click()
    page.get_by_role("button", name="Send the answers").wait_for()
    problems += problems_here(page, "public/questionnaire-questions")
    respondent.close()
    assert not problems, "\n".join(problems)
