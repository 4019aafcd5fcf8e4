"""Min side tells a client what they came for first, what they can do, and whom to ask."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import TODAY, CaseFactory, CertificateFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def min_side(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("portal:dashboard")).content.decode()


def test_the_valid_certificate_and_badge_come_before_the_case(client, client_user, company):
    CaseFactory(company=company, year=TODAY.year)
    certificate = CertificateFactory(
        case__company=company,
        case__year=TODAY.year - 1,
        valid_from=TODAY - dt.timedelta(days=100),
        valid_until=TODAY + dt.timedelta(days=264),
    )

    html = min_side(client, client_user)

    assert html.index(certificate.number) < html.index("Sertifisering 2026")
    assert html.index("merke.svg") < html.index("Sertifisering 2026")
    assert "Sertifikatet deres" in html


def test_an_expired_certificate_stays_below_among_the_earlier_ones(client, client_user, company):
    CaseFactory(company=company, year=TODAY.year)
    certificate = CertificateFactory(
        case__company=company,
        case__year=TODAY.year - 2,
        valid_from=TODAY - dt.timedelta(days=800),
        valid_until=TODAY - dt.timedelta(days=436),
    )

    html = min_side(client, client_user)

    assert "Sertifikatet deres" not in html
    assert html.index(certificate.number) > html.index("Sertifisering 2026")


def test_the_advisor_to_contact_is_named_with_email_and_phone(client, client_user, company):
    company.advisor.phone = "22 33 44 55"
    company.advisor.save(update_fields=["phone"])

    html = min_side(client, client_user)

    assert company.advisor.display_name in html
    assert f"mailto:{company.advisor.email}" in html
    assert 'href="tel:22334455"' in html


def test_each_unmet_criterion_says_what_the_company_can_do(client, client_user, company):
    CaseFactory(company=company, year=TODAY.year)
    SurveyFactory(company=company, performed_on=TODAY - dt.timedelta(days=60))

    html = min_side(client, client_user)

    assert "Dette kan dere gjøre:" in html
    assert "Gjør en risikovurdering" in html  # B3 is unmet: no risk assessment


def test_advisors_see_the_reasons_without_the_clients_advice(client, advisor, company):
    case = CaseFactory(company=company, year=TODAY.year)
    client.force_login(advisor)

    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()

    assert "Dette kan dere gjøre:" not in html
