import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from companies import services
from companies.models import Company, Membership
from tests.factories import ClientUserFactory, valid_organisation_number

pytestmark = pytest.mark.django_db


def _data(**changes):
    return {
        "name": "Ny Bedrift AS",
        "organisation_number": valid_organisation_number(900),
        "employee_count": 8,
    } | changes


def test_issuer_creates_a_company_with_an_advisor(issuer, advisor):
    number = valid_organisation_number(900)
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    company = services.company_create(
        actor=issuer, **_data(organisation_number=spaced, advisor=advisor)
    )
    assert company.organisation_number == number
    assert company.advisor == advisor
    assert company.history.first().history_user == issuer


def test_advisors_do_not_create_companies(advisor):
    with pytest.raises(PermissionDenied):
        services.company_create(actor=advisor, **_data())
    assert not Company.objects.exists()


def test_bad_organisation_number(issuer):
    with pytest.raises(ValidationError) as error:
        services.company_create(actor=issuer, **_data(organisation_number="123456789"))
    assert (
        "ikke et gyldig organisasjonsnummer" in error.value.message_dict["organisation_number"][0]
    )
    assert not Company.objects.exists()


def test_the_responsible_advisor_must_be_an_advisor(issuer):
    with pytest.raises(ValidationError, match="rollen rådgiver"):
        services.company_create(actor=issuer, **_data(advisor=issuer))


def test_advisor_updates_own_company_but_not_its_advisor(advisor, other_advisor, company):
    services.company_update(company=company, actor=advisor, name="Nytt Navn AS")
    company.refresh_from_db()
    assert company.name == "Nytt Navn AS"
    assert company.history.first().history_user == advisor
    with pytest.raises(PermissionDenied):
        services.company_update(company=company, actor=advisor, advisor=other_advisor)
    with pytest.raises(PermissionDenied):
        services.company_update(company=company, actor=other_advisor, name="Kapret AS")
    company.refresh_from_db()
    assert company.advisor == advisor
    assert company.name == "Nytt Navn AS"


def test_issuer_reassigns_the_advisor(issuer, other_advisor, company):
    services.company_update(company=company, actor=issuer, advisor=other_advisor)
    company.refresh_from_db()
    assert company.advisor == other_advisor


def test_membership_add(issuer, advisor, company):
    kari = ClientUserFactory(username="kari")
    services.membership_add(company=company, user=kari, actor=issuer)
    services.membership_add(company=company, user=kari, actor=issuer)
    assert Membership.objects.filter(company=company, user=kari).count() == 1
    with pytest.raises(ValidationError):
        services.membership_add(company=company, user=advisor, actor=issuer)
    with pytest.raises(PermissionDenied):
        services.membership_add(company=company, user=kari, actor=advisor)
