"""Advisors review uploads; accepting verifies an external survey and unlocks A3 (a)–(e)."""

import pytest
from django.urls import reverse

from certificates.models import CertificationCase, Confirmation
from documents import services
from documents.models import Category, Document
from surveys.models import Survey
from tests.documents import files
from tests.factories import TODAY, CaseFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def _upload(company, actor, *, category=Category.EMPLOYMENT_CONTRACTS, name="avtaler.pdf", **kw):
    return services.document_upload(
        company=company,
        actor=actor,
        file=files.upload(name, files.PDF),
        category=category,
        effective_from=TODAY,
        **kw,
    )


@pytest.fixture
def pending(company, client_user):
    return _upload(company, client_user)


def test_the_queue_shows_the_advisors_own_companies_only(
    client, advisor, other_advisor, company, other_company, client_user, other_client
):
    own = _upload(company, client_user, name="egen.pdf")
    _upload(other_company, other_client, name="annen.pdf")
    client.force_login(advisor)

    response = client.get(reverse("documents:review_queue"))

    assert list(response.context["documents"]) == [own]
    assert "annen.pdf" not in response.content.decode()


def test_issuers_see_every_pending_upload(
    client, issuer, company, other_company, client_user, other_client
):
    _upload(company, client_user, name="egen.pdf")
    _upload(other_company, other_client, name="annen.pdf")
    client.force_login(issuer)
    assert len(client.get(reverse("documents:review_queue")).context["documents"]) == 2


def test_empty_queue(client, advisor):
    client.force_login(advisor)
    html = client.get(reverse("documents:review_queue")).content.decode()
    assert "Ingen dokumenter venter på gjennomgang" in html


def test_accepting_records_who_and_when_and_the_client_sees_it(
    client, advisor, client_user, company, pending
):
    client.force_login(advisor)

    response = client.post(
        reverse("documents:review", args=[pending.pk]),
        {"decision": "accept", "comment": "Ser bra ut."},
    )

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Document.Status.ACCEPTED
    assert pending.reviewed_by == advisor
    assert pending.reviewed_at is not None
    assert pending.review_comment == "Ser bra ut."
    assert pending.history.first().history_user == advisor
    client.force_login(client_user)
    html = client.get(reverse("documents:company_documents", args=[company.pk])).content.decode()
    assert "Godkjent" in html
    assert "Ser bra ut." in html


def test_rejecting_needs_a_comment(client, advisor, client_user, company, pending):
    client.force_login(advisor)

    response = client.post(reverse("documents:review", args=[pending.pk]), {"decision": "reject"})

    assert response.status_code == 200
    assert "Skriv hvorfor dokumentet avvises" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Document.Status.PENDING

    client.post(
        reverse("documents:review", args=[pending.pk]),
        {"decision": "reject", "comment": "Arbeidsavtalen er ikke signert."},
    )
    pending.refresh_from_db()
    assert pending.status == Document.Status.REJECTED
    client.force_login(client_user)
    html = client.get(reverse("documents:company_documents", args=[company.pk])).content.decode()
    assert "Avvist" in html
    assert "Arbeidsavtalen er ikke signert." in html


def test_a_document_is_reviewed_once(advisor, pending):
    services.document_accept(document=pending, actor=advisor)
    with pytest.raises(Exception, match="allerede gjennomgått"):
        services.document_reject(document=pending, actor=advisor, comment="Likevel ikke.")


def test_accepting_the_documentation_of_an_external_survey_verifies_it(
    advisor, client_user, company
):
    survey = SurveyFactory(company=company, provider=Survey.Provider.EXTERNAL)
    document = _upload(
        company,
        client_user,
        category=Category.OWN_PHYSICAL_SURVEY,
        name="kartlegging.pdf",
        survey=survey,
    )

    services.document_accept(document=document, actor=advisor)

    survey.refresh_from_db()
    assert survey.verified_on == TODAY
    assert survey.verified_by == advisor
    assert survey.history.first().history_user == advisor


def test_rejecting_leaves_the_external_survey_unverified(advisor, client_user, company):
    survey = SurveyFactory(company=company, provider=Survey.Provider.EXTERNAL)
    document = _upload(company, client_user, category=Category.OWN_PHYSICAL_SURVEY, survey=survey)
    services.document_reject(document=document, actor=advisor, comment="Rapporten mangler.")
    survey.refresh_from_db()
    assert survey.verified_on is None


def test_a_failed_verification_rolls_the_acceptance_back(advisor, client_user, company):
    """The survey is verified in the review's transaction: both happen, or neither."""
    survey = SurveyFactory(company=company, provider=Survey.Provider.EXTERNAL)
    document = _upload(company, client_user, category=Category.OWN_PHYSICAL_SURVEY, survey=survey)
    Survey.objects.filter(pk=survey.pk).update(performed_on=TODAY.replace(day=28))  # after today

    with pytest.raises(Exception, match="Verifiseringen kan ikke være før"):
        services.document_accept(document=document, actor=advisor)

    document.refresh_from_db()
    assert document.status == Document.Status.PENDING


@pytest.mark.parametrize("who", ["client_user", "other_advisor", "other_client"])
def test_only_the_companys_staff_reach_the_review_page(client, request, pending, who):
    client.force_login(request.getfixturevalue(who))
    url = reverse("documents:review", args=[pending.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "accept"}).status_code == 404
    assert (
        client.post(reverse("documents:record_legal_confirmation", args=[pending.pk])).status_code
        == 404
    )
    pending.refresh_from_db()
    assert pending.status == Document.Status.PENDING


def test_a_client_cannot_open_the_review_queue(client, client_user, pending):
    client.force_login(client_user)
    response = client.get(reverse("documents:review_queue"))
    assert response.status_code == 403
    assert "avtaler.pdf" not in response.content.decode()


def test_an_accepted_legal_minimum_document_lets_the_advisor_record_a3(
    client, advisor, company, pending
):
    services.document_accept(document=pending, actor=advisor)
    client.force_login(advisor)
    page = client.get(reverse("documents:review", args=[pending.pk])).content.decode()
    assert "Registrer: a) Skriftlige arbeidsavtaler med alle ansatte" in page

    response = client.post(reverse("documents:record_legal_confirmation", args=[pending.pk]))

    assert response.status_code == 302
    case = CertificationCase.objects.get(company=company, year=TODAY.year)
    confirmation = case.confirmations.get()
    assert confirmation.kind == Confirmation.Kind.LEGAL_CONTRACTS
    assert confirmation.confirmed_by == advisor
    assert confirmation.confirmed_on == TODAY
    assert "avtaler.pdf" in confirmation.text
    assert confirmation.history.get().history_user == advisor
    page = client.get(reverse("documents:review", args=[pending.pk])).content.decode()
    assert "Registrert på årets sak" in page


def test_the_confirmation_goes_on_the_existing_case(advisor, company, pending):
    case = CaseFactory(company=company, year=TODAY.year)
    services.document_accept(document=pending, actor=advisor)
    services.document_record_legal_confirmation(document=pending, actor=advisor)
    assert case.confirmations.count() == 1


def test_a_pending_or_non_legal_document_records_nothing(
    client, advisor, company, client_user, pending
):
    client.force_login(advisor)
    response = client.post(
        reverse("documents:record_legal_confirmation", args=[pending.pk]), follow=True
    )
    assert "dokumenterer ikke et lovkrav" in response.content.decode()
    report = _upload(company, client_user, category=Category.REPORT, name="rapport.pdf")
    services.document_accept(document=report, actor=advisor)
    client.post(reverse("documents:record_legal_confirmation", args=[report.pk]))
    assert not Confirmation.objects.exists()


def test_the_review_of_another_advisors_company_is_refused_by_the_service(other_advisor, pending):
    with pytest.raises(Exception) as refused:
        services.document_accept(document=pending, actor=other_advisor)
    assert refused.type.__name__ == "PermissionDenied"
