"""A certified organisation number cannot be changed: not on the form, in the admin or the service.

The certificate vouches for one legal entity. While it is valid, the way forward is to
revoke it (a wrong number) or to register the new entity and issue to it; once the
company holds no valid certificate, the number may change.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from certificates import services as certificate_services
from companies import services
from companies.models import Company
from tests.factories import (
    TODAY,
    CertificateFactory,
    UserFactory,
    valid_organisation_number,
)

pytestmark = pytest.mark.django_db

NEW_NUMBER = valid_organisation_number(987)


@pytest.fixture
def certificate(company):
    return CertificateFactory(
        case__company=company,
        klass="B",
        valid_from=TODAY - dt.timedelta(days=10),
        valid_until=TODAY + dt.timedelta(days=300),
    )


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def _form_data(company, **changes):
    data = {
        "name": company.name,
        "organisation_number": company.organisation_number,
        "address": company.address,
        "employee_count": company.employee_count,
        "industry": company.industry,
        "follow_up_agreement": "on" if company.follow_up_agreement else "",
        "advisor": company.advisor_id or "",
    }
    data.update(changes)
    return data


def _stored_number(company) -> str:
    return Company.objects.get(pk=company.pk).organisation_number


@pytest.mark.parametrize("who", ["issuer", "advisor"])
def test_the_service_refuses_for_every_staff_role(request, company, certificate, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(ValidationError) as refused:
        services.company_update(company=company, actor=actor, organisation_number=NEW_NUMBER)
    message = " ".join(refused.value.message_dict["organisation_number"])
    assert certificate.number in message
    assert "tilbakekalles" in message and "ny virksomhet" in message
    assert _stored_number(company) == certificate.organisation_number


def test_a_client_user_may_not_change_the_company_at_all(company, certificate, client_user):
    with pytest.raises(PermissionDenied):
        services.company_update(company=company, actor=client_user, organisation_number=NEW_NUMBER)


@pytest.mark.parametrize("who", ["issuer", "advisor"])
def test_the_form_refuses_with_the_reason_on_the_field(client, request, company, certificate, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("companies:update", args=[company.pk]),
        _form_data(company, organisation_number=NEW_NUMBER),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Organisasjonsnummeret kan ikke endres" in html
    assert certificate.number in html
    assert _stored_number(company) == certificate.organisation_number


def test_the_form_is_refused_to_clients(client, company, certificate, client_user):
    client.force_login(client_user)
    response = client.post(
        reverse("companies:update", args=[company.pk]),
        _form_data(company, organisation_number=NEW_NUMBER),
    )
    assert response.status_code in (403, 404)
    assert _stored_number(company) == certificate.organisation_number


def test_the_admin_refuses(client, company, certificate, superuser):
    client.force_login(superuser)
    url = reverse("admin:companies_company_change", args=[company.pk])
    data = _form_data(company, organisation_number=NEW_NUMBER)
    data.update(
        {
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Organisasjonsnummeret kan ikke endres" in response.content.decode()
    assert _stored_number(company) == certificate.organisation_number
    # The same form saves other changes as before.
    data["name"] = "Nytt Navn AS"
    data["organisation_number"] = company.organisation_number
    assert client.post(url, data).status_code == 302
    assert Company.objects.get(pk=company.pk).name == "Nytt Navn AS"


def test_allowed_once_the_certificate_is_revoked(company, certificate, issuer):
    certificate_services.certificate_revoke(
        certificate=certificate, reason="Feil orgnr", actor=issuer
    )
    services.company_update(company=company, actor=issuer, organisation_number=NEW_NUMBER)
    assert _stored_number(company) == NEW_NUMBER
    certificate.refresh_from_db()
    assert certificate.organisation_number != NEW_NUMBER  # the revoked one keeps its own


def test_allowed_once_the_certificate_has_expired(client, company, issuer):
    CertificateFactory(
        case__company=company,
        valid_from=TODAY - dt.timedelta(days=400),
        valid_until=TODAY - dt.timedelta(days=35),
    )
    client.force_login(issuer)
    response = client.post(
        reverse("companies:update", args=[company.pk]),
        _form_data(company, organisation_number=NEW_NUMBER),
    )
    assert response.status_code == 302
    assert _stored_number(company) == NEW_NUMBER


def test_a_company_without_certificates_changes_its_number(company, advisor):
    services.company_update(company=company, actor=advisor, organisation_number=NEW_NUMBER)
    assert _stored_number(company) == NEW_NUMBER


def test_name_and_address_may_change_while_certified(company, certificate, advisor):
    services.company_update(
        company=company, actor=advisor, name="Nytt Navn AS", address="Ny vei 2, 0150 Oslo"
    )
    company.refresh_from_db()
    assert (company.name, company.address) == ("Nytt Navn AS", "Ny vei 2, 0150 Oslo")
    certificate.refresh_from_db()
    assert certificate.company_name == "Egen Bedrift AS"
