"""From a walked checklist to the records the rules count (B1, B2, B3, B5)."""

import hashlib
import io

import pytest
from pypdf import PdfReader

from certificates.facts import build_facts
from documents.models import Document
from documents.services import document_accept, document_reject
from fieldwork.models import Inspection, Kind
from hms_rules import decide
from surveys.models import ActionItem, Survey
from tests.factories import TODAY
from tests.fieldwork.helpers import finished, jpeg

pytestmark = pytest.mark.django_db


def criteria(company, case=None):
    decision = decide(build_facts(company=company, case=case, on=TODAY))
    return {c.code: c.met for klass in decision.classes for c in klass.criteria}


def pdf_text(inspection) -> str:
    with inspection.report.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_advisors_own_survey_counts_without_review(company, advisor):
    inspection = finished(company, advisor, deviations=2, photos=[jpeg()])
    survey = inspection.survey
    assert survey.provider == Survey.Provider.BEDRIFTSTJENESTEN
    assert survey.has_written_report
    assert survey.findings.count() == 2
    assert ActionItem.objects.filter(survey=survey).count() == 2
    assert inspection.risk_assessment.hazards.count() == 2
    assert inspection.risk_assessment.performed_on == inspection.performed_on
    assert not Document.objects.exists()  # nothing waits for review
    met = criteria(company)
    assert met["B1"] and met["B2"] and met["B3"]


@pytest.mark.real_pdf  # reads the report back
def test_the_report_holds_deviations_plan_and_photo(company, advisor):
    inspection = finished(company, advisor, deviations=2, photos=[jpeg()])
    text = pdf_text(inspection)
    assert "Avvik nummer 1" in text and "Avvik nummer 2" in text
    assert "Handlingsplan" in text and "Rett opp: Avvik nummer 2" in text
    assert "Daglig leder" in text
    assert "Risikomatrise" in text
    with inspection.report.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    # WeasyPrint lists the one image in every page's resources: count distinct ones.
    assert len({image.name for page in reader.pages for image in page.images}) == 1
    with inspection.report.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == inspection.report_sha256


@pytest.mark.real_pdf  # reads the report back
def test_a_survey_without_deviations_says_so_and_meets_b2(company, advisor):
    inspection = finished(company, advisor)
    assert "Ingen avvik" in pdf_text(inspection)
    assert inspection.survey.no_significant_deviations
    met = criteria(company)
    assert met["B1"] and met["B2"]
    assert not met["B3"]  # nothing was scored


def test_the_companys_own_survey_waits_for_the_advisor(company, client_user, advisor):
    inspection = finished(company, client_user, deviations=1)
    assert inspection.survey.provider == Survey.Provider.EXTERNAL
    assert not criteria(company)["B1"]
    document = Document.objects.get(survey=inspection.survey)
    assert document.status == Document.Status.PENDING
    assert document.category == "OWN_PHYSICAL_SURVEY"
    document_accept(document=document, actor=advisor)
    inspection.survey.refresh_from_db()
    assert inspection.survey.verified_by == advisor
    met = criteria(company)
    assert met["B1"] and met["B2"] and met["B3"]
    assert inspection.survey.history.count() == 2  # created, then verified


def test_a_survey_sent_back_shows_the_comment_on_min_side(client, company, client_user, advisor):
    inspection = finished(company, client_user)
    document = Document.objects.get(survey=inspection.survey)
    document_reject(document=document, actor=advisor, comment="Verneombudet må delta.")
    client.force_login(client_user)
    page = client.get("/min-side/").content.decode()
    assert "Verneombudet må delta." in page
    assert not criteria(company)["B1"]


@pytest.mark.real_pdf  # reads the report back
def test_a_safety_round_on_an_off_site_company_meets_b5(company, client_user):
    company.off_site_work = True
    company.save(update_fields=["off_site_work"])
    assert not criteria(company)["B5"]
    inspection = finished(company, client_user, kind=Kind.SAFETY_ROUND, deviations=1)
    assert inspection.safety_round.location == "Byggeplass Storgata 5"
    assert inspection.status == Inspection.Status.FINISHED
    assert criteria(company)["B5"]
    assert "Byggeplass Storgata 5" in pdf_text(inspection)


def test_an_answer_saved_in_the_background_says_where_the_walk_stands(client, company, client_user):
    from fieldwork.services import inspection_start
    from tests.fieldwork.helpers import items_of

    inspection = inspection_start(company=company, kind=Kind.PHYSICAL, actor=client_user)
    first, second = items_of(inspection)[:2]
    client.force_login(client_user)
    url = f"/befaring/{inspection.pk}/punkt/{first.pk}/"
    data = {f"i{first.pk}-value": "DEVIATION", f"i{first.pk}-photos": jpeg()}
    response = client.post(url, data, headers={"X-Requested-With": "fetch"})
    body = response.json()
    total = len(items_of(inspection))
    assert body["value"] == "DEVIATION" and body["saved"] == "Lagret: Avvik"
    assert body["progress"] == f"1 av {total} besvart"
    assert body["next"] == second.pk
    assert len(body["photos"]) == 1
    refused = client.post(
        url, {f"i{first.pk}-value": "MAYBE"}, headers={"X-Requested-With": "fetch"}
    )
    assert refused.status_code == 400
    assert refused.json()["error"] == "Velg OK, Avvik eller Ikke relevant."
    plain = client.post(url, {f"i{first.pk}-value": "OK"})
    assert plain["Location"] == f"/befaring/{inspection.pk}/#punkt-{second.pk}"


def test_the_advisor_reviews_with_the_answers_and_photos_at_hand(
    client, company, client_user, advisor
):
    inspection = finished(company, client_user, deviations=1, photos=[jpeg()])
    document = Document.objects.get(survey=inspection.survey)
    client.force_login(advisor)
    page = client.get(f"/dokumenter/{document.pk}/gjennomgang/").content.decode()
    assert f'href="/befaring/{inspection.pk}/"' in page
    walk = client.get(f"/befaring/{inspection.pk}/").content.decode()
    assert "/befaring/bilde/" in walk and "Avvik nummer 1" in walk
