"""The audit trail: who changed what, for every kind of change that matters to a certificate."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from certificates import services as certificate_services
from certificates.models import CertificationCase, Confirmation
from documents import services as document_services
from documents.models import Category
from portal.history import history_for_company
from surveys import services as survey_services
from surveys.models import Survey
from tests.documents import files
from tests.factories import (
    TODAY,
    ActionItemFactory,
    CaseFactory,
    RiskAssessmentFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db


def _entries(user, company, kind):
    return [entry for entry in history_for_company(user, company) if entry.kind == kind]


def test_a_survey_change(advisor, company):
    survey = SurveyFactory(company=company, summary="")
    survey_services.survey_update(survey=survey, actor=advisor, has_written_report=False)

    entry = _entries(advisor, company, "Kartlegging")[0]

    assert entry.who == "Rita Rådgiver"
    assert entry.action == "endret"
    assert entry.changes == ("skriftlig rapport foreligger: ja → nei",)
    assert entry.subject == f"Fysisk kartlegging {survey.performed_on:%d.%m.%Y}"


def test_an_action_item_status_change_by_a_client(client, advisor, client_user, company):
    item = ActionItemFactory(company=company, status="OPEN", measure="Skifte lysrør")
    client.force_login(client_user)
    client.post(reverse("portal:action_item_update", args=[item.pk]), {"status": "DONE"})

    entry = _entries(advisor, company, "Tiltak")[0]

    assert entry.who == "Kari Kunde"
    assert entry.subject == "Skifte lysrør"
    assert entry.changes == ("status: Ikke startet → Utført",)


def test_a_confirmation(advisor, company):
    case = CaseFactory(company=company, year=TODAY.year)
    certificate_services.confirmation_record(
        case=case,
        kind=Confirmation.Kind.PSYCHOSOCIAL_IMPROVEMENT,
        text="Bekreftet i møte",
        confirmed_on=TODAY,
        actor=advisor,
    )

    entry = _entries(advisor, company, "Bekreftelse")[0]

    assert entry.who == "Rita Rådgiver"
    assert entry.action == "opprettet"
    assert "psykososiale forhold" in entry.subject


def test_an_upload_review(advisor, client_user, company):
    survey = SurveyFactory(company=company, provider=Survey.Provider.EXTERNAL)
    document = document_services.document_upload(
        company=company,
        actor=client_user,
        file=files.upload("egen-kartlegging.pdf", files.PDF),
        category=Category.OWN_PHYSICAL_SURVEY,
        effective_from=TODAY,
        survey=survey,
    )
    document_services.document_accept(document=document, actor=advisor, comment="OK")

    uploaded, reviewed = reversed(_entries(advisor, company, "Dokument"))
    assert uploaded.who == "Kari Kunde"
    assert uploaded.action == "opprettet"
    assert reviewed.who == "Rita Rådgiver"
    assert "status: Venter på gjennomgang → Godkjent" in reviewed.changes
    assert "gjennomgått av: tom → Rita Rådgiver" in reviewed.changes
    verified = _entries(advisor, company, "Kartlegging")[0]
    assert verified.who == "Rita Rådgiver"
    assert "verifisert dato: tom → 25.11.2026" in verified.changes


def test_a_case_status_change(advisor, company):
    case = CaseFactory(company=company, year=TODAY.year, status=CertificationCase.Status.READY)
    certificate_services.case_reopen(case=case, actor=advisor)

    entry = _entries(advisor, company, "Sertifiseringssak")[0]

    assert entry.who == "Rita Rådgiver"
    assert entry.subject == "Sak 2026"
    assert "status: Klar for utstedelse → Åpen" in entry.changes


def test_a_certificate_issue(advisor, issuer, company):
    survey = SurveyFactory(company=company, performed_on=TODAY - dt.timedelta(days=60))
    ActionItemFactory(company=company, survey=survey)
    RiskAssessmentFactory(company=company, performed_on=TODAY - dt.timedelta(days=50))
    case = CaseFactory(company=company, year=TODAY.year, status=CertificationCase.Status.READY)

    certificate = certificate_services.certificate_issue(case=case, klass="B", actor=issuer)

    entry = _entries(advisor, company, "Sertifikat")[0]
    assert entry.who == "Ulf Utsteder"
    assert entry.action == "opprettet"
    assert entry.subject == f"{certificate.number}, klasse B"
    issued_case = _entries(advisor, company, "Sertifiseringssak")[0]
    assert "status: Klar for utstedelse → Utstedt" in issued_case.changes


def test_newest_first_and_limited(advisor, company):
    for number in range(5):
        survey = SurveyFactory(company=company)
        survey_services.survey_update(survey=survey, actor=advisor, summary=f"Runde {number}")
    entries = history_for_company(advisor, company, limit=3)
    assert len(entries) == 3
    assert [entry.when for entry in entries] == sorted((e.when for e in entries), reverse=True)
    assert entries[0].changes == ("sammendrag: tom → Runde 4",)


def test_other_companies_are_not_in_it(advisor, issuer, company, other_company):
    SurveyFactory(company=other_company)
    assert history_for_company(issuer, company) == []


def test_a_bounded_number_of_queries(advisor, company, django_assert_max_num_queries):
    case = CaseFactory(company=company, year=TODAY.year, status=CertificationCase.Status.READY)
    for number in range(20):
        survey = SurveyFactory(company=company)
        survey_services.survey_update(survey=survey, actor=advisor, summary=f"Runde {number}")
        item = ActionItemFactory(company=company)
        survey_services.action_item_set_status(item=item, status="DONE", reason="", actor=advisor)
    certificate_services.case_reopen(case=case, actor=advisor)

    with django_assert_max_num_queries(20):
        entries = history_for_company(advisor, company, limit=50)
    assert len(entries) == 50


@pytest.mark.parametrize("who", ["client_user", "other_advisor"])
def test_only_the_companys_staff_may_read_it(request, company, who):
    with pytest.raises(PermissionDenied):
        history_for_company(request.getfixturevalue(who), company)


def test_the_staff_page(client, advisor, issuer, company):
    survey = SurveyFactory(company=company)
    survey_services.survey_update(survey=survey, actor=advisor, summary="Oppdatert")
    url = reverse("portal:history", args=[company.pk])
    for user in (advisor, issuer):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert "Historikk" in html
        assert "sammendrag: tom → Oppdatert" in html
        assert "Rita Rådgiver" in html


@pytest.mark.parametrize("who", ["client_user", "other_advisor"])
def test_the_staff_page_is_404_for_others(client, request, company, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("portal:history", args=[company.pk])).status_code == 404


def test_the_staff_page_sends_anonymous_users_to_login(client, company):
    response = client.get(reverse("portal:history", args=[company.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_empty_history(client, advisor, company):
    client.force_login(advisor)
    html = client.get(reverse("portal:history", args=[company.pk])).content.decode()
    assert "Ingen endringer er registrert ennå" in html
