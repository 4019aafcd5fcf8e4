"""The client's page: their own companies only; staff pages stay closed to them."""

import datetime as dt

import pytest
from django.urls import reverse

from certificates.decisions import case_facts_changed
from certificates.models import CertificationCase
from documents import services as document_services
from documents.models import Category
from tests.documents import files
from tests.factories import (
    TODAY,
    ActionItemFactory,
    CaseFactory,
    CertificateFactory,
    CompanyFactory,
    MembershipFactory,
    RiskAssessmentFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db


def test_a_client_with_one_company_sees_its_case_and_what_is_missing(client, client_user, company):
    CaseFactory(company=company, year=TODAY.year)
    SurveyFactory(company=company, performed_on=TODAY - dt.timedelta(days=60))
    client.force_login(client_user)

    response = client.get(reverse("portal:dashboard"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Egen Bedrift AS" in html
    assert "Sertifisering 2026" in html
    assert "Klasse B" in html and "Klasse A+" in html
    decision = response.context["data"].decision
    b3 = next(c for c in decision.classes[0].criteria if c.code == "B3")
    assert not b3.met
    assert b3.missing in html  # the same Norwegian text the advisor sees


def test_the_decision_is_the_advisors(client, client_user, company):
    """The portal shows ``certificates.selectors.case_decision`` for today, nothing of its own."""
    from certificates.selectors import case_decision

    case = CaseFactory(company=company, year=TODAY.year)
    survey = SurveyFactory(company=company, performed_on=TODAY - dt.timedelta(days=60))
    ActionItemFactory(company=company, survey=survey)
    RiskAssessmentFactory(company=company, performed_on=TODAY - dt.timedelta(days=50))
    client.force_login(client_user)

    data = client.get(reverse("portal:dashboard")).context["data"]

    assert data.decision == case_decision(case=case, on=TODAY)
    assert data.decision.eligible_class == "B"


def test_without_a_case_there_is_a_friendly_empty_state(client, client_user):
    client.force_login(client_user)
    html = client.get(reverse("portal:dashboard")).content.decode()
    assert "Det er ikke åpnet noen sertifiseringssak for 2026 ennå" in html
    assert "Det er ingen tiltak i handlingsplanen ennå" in html
    assert "ikke fått utstedt noe sertifikat ennå" in html


def test_last_years_case_is_not_this_years(client, client_user, company):
    CaseFactory(company=company, year=TODAY.year - 1, status=CertificationCase.Status.ISSUED)
    client.force_login(client_user)
    assert client.get(reverse("portal:dashboard")).context["data"].case is None


def test_several_companies_give_a_choice_and_each_page(client, client_user, company):
    second = CompanyFactory(name="Andre Bedrift AS")
    MembershipFactory(user=client_user, company=second)
    client.force_login(client_user)

    html = client.get(reverse("portal:dashboard")).content.decode()

    assert "Velg hvilken du vil se" in html
    assert "Egen Bedrift AS" in html and "Andre Bedrift AS" in html
    page = client.get(reverse("portal:dashboard_company", args=[second.pk])).content.decode()
    assert "Andre Bedrift AS" in page
    assert "Bytt virksomhet" in page


def test_a_user_without_companies_is_told_so(client, db):
    from tests.factories import ClientUserFactory

    client.force_login(ClientUserFactory())
    html = client.get(reverse("portal:dashboard")).content.decode()
    assert "ikke knyttet til noen virksomhet" in html


def test_another_companys_page_is_404(client, client_user, other_company):
    client.force_login(client_user)
    response = client.get(reverse("portal:dashboard_company", args=[other_company.pk]))
    assert response.status_code == 404
    assert "Annens Bedrift AS" not in response.content.decode()


def test_staff_go_to_their_own_pages(client, advisor, company):
    client.force_login(advisor)
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("portal:dashboard_company", args=[company.pk])).status_code == 404


def test_anonymous_users_are_sent_to_login(client, company):
    for url in (
        reverse("portal:dashboard"),
        reverse("portal:dashboard_company", args=[company.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_clients_are_sent_from_the_start_page_to_the_portal(client, client_user):
    client.force_login(client_user)
    response = client.get(reverse("home"))
    assert response["Location"] == reverse("portal:dashboard")


def test_certificates_with_pdf_and_the_badge_to_embed(client, client_user, company, settings):
    settings.SITE_URL = "https://hms.example.no"
    case = CaseFactory(company=company, year=TODAY.year - 1)
    certificate = CertificateFactory(
        case=case, valid_from=dt.date(2026, 1, 10), valid_until=dt.date(2027, 1, 9)
    )
    client.force_login(client_user)

    html = client.get(reverse("portal:dashboard")).content.decode()

    assert certificate.number in html
    assert reverse("certificates:detail", args=[certificate.pk]) in html
    code = certificate.verification_code
    verify = f"https://hms.example.no/verifiser/{code}/"
    badge = f"https://hms.example.no/verifiser/{code}/merke.svg"
    assert f"&lt;a href=&quot;{verify}&quot;&gt;&lt;img src=&quot;{badge}&quot;" in html
    assert "Egen Bedrift AS&amp;quot;" not in html


def test_the_embed_snippet_escapes_the_company_name(client_user, company):
    from portal.selectors import badge_snippet

    company.name = 'Bedrift "<script>" AS'
    certificate = CertificateFactory(case=CaseFactory(company=company))
    snippet = badge_snippet(certificate)
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet


def test_the_client_sees_the_status_and_comment_of_reviews(client, advisor, client_user, company):
    document = document_services.document_upload(
        company=company,
        actor=client_user,
        file=files.upload("avtaler.pdf", files.PDF),
        category=Category.EMPLOYMENT_CONTRACTS,
        effective_from=TODAY,
    )
    document_services.document_reject(
        document=document, actor=advisor, comment="Avtalen for Per mangler."
    )
    client.force_login(client_user)
    html = client.get(reverse("portal:dashboard")).content.decode()
    assert "avtaler.pdf" in html
    assert "Avvist" in html
    assert "Avtalen for Per mangler." in html


STAFF_PAGES = [
    ("companies:portfolio", []),
    ("certificates:issuing_queue", []),
    ("certificates:list", []),
    ("certificates:invoicing", []),
    ("documents:review_queue", []),
]


@pytest.mark.parametrize(("name", "args"), STAFF_PAGES)
def test_a_client_cannot_reach_staff_pages(client, client_user, name, args):
    client.force_login(client_user)
    response = client.get(reverse(name, args=args))
    assert response.status_code in (403, 404)


def test_a_client_cannot_reach_the_staff_pages_of_their_own_company(client, client_user, company):
    case = CaseFactory(company=company, year=TODAY.year)
    client.force_login(client_user)
    for url in (
        reverse("companies:detail", args=[company.pk]),
        reverse("cases:detail", args=[case.pk]),
        reverse("staff:history", args=[company.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_client_cannot_reach_the_admin(client, client_user):
    client.force_login(client_user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 302
    assert "kari" not in response.content.decode()


def test_the_client_page_shows_the_stored_decision_until_a_fact_changes(
    client, client_user, company
):
    """Read, not recomputed: a fact written behind the services' back (no stale mark)
    does not show until the decision is marked stale, as every service and admin edit do."""
    CaseFactory(company=company, year=TODAY.year)
    survey = SurveyFactory(company=company, performed_on=TODAY - dt.timedelta(days=60))
    ActionItemFactory(company=company, survey=survey)
    RiskAssessmentFactory(company=company, performed_on=TODAY - dt.timedelta(days=50))
    client.force_login(client_user)

    def shown():
        return client.get(reverse("portal:dashboard")).context["data"].decision.eligible_class

    assert shown() == "B"
    company.surveys.all().delete()  # not through a service: nothing marked
    assert shown() == "B"
    case_facts_changed(company=company)
    assert shown() is None
