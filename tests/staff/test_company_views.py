import pytest
from django.conf import settings
from django.urls import reverse

from certificates.models import CertificationCase
from companies.models import Company
from tests.factories import TODAY, valid_organisation_number
from tests.staff.matrix import Endpoint, check_matrix, snapshot, url

pytestmark = pytest.mark.django_db
LOGIN = reverse(settings.LOGIN_URL)


def _company_data(**changes):
    return {
        "name": "Ny Bedrift AS",
        "organisation_number": valid_organisation_number(700),
        "address": "Kirkegata 2, 0153 Oslo",
        "employee_count": "14",
        "industry": "Bygg",
        "follow_up_agreement": "on",
    } | changes


def test_portfolio_roles(client, advisor, issuer, client_user):
    portfolio = reverse("companies:portfolio")
    assert client.get(portfolio)["Location"].startswith(LOGIN)
    client.force_login(client_user)
    assert client.get(portfolio).status_code == 403
    client.force_login(advisor)
    assert client.get(portfolio).status_code == 200
    client.force_login(issuer)
    assert client.get(portfolio).status_code == 200


def test_nav_shows_portfolio_to_staff_only(client, advisor, client_user):
    client.force_login(advisor)
    html = client.get("/").content.decode()
    assert reverse("companies:portfolio") in html
    assert reverse("admin:index") not in html  # only for users Django's admin lets in
    client.force_login(client_user)
    assert reverse("companies:portfolio") not in client.get("/").content.decode()


def test_only_issuers_create_companies(client, advisor, issuer, client_user):
    create = reverse("companies:create")
    assert client.get(create)["Location"].startswith(LOGIN)
    before = snapshot()
    for user in (client_user, advisor):
        client.force_login(user)
        assert client.get(create).status_code == 403
        assert client.post(create, _company_data(advisor=advisor.pk)).status_code == 403
    assert snapshot() == before
    client.force_login(issuer)
    assert client.get(create).status_code == 200
    response = client.post(create, _company_data(advisor=advisor.pk), follow=True)
    company = Company.objects.get(name="Ny Bedrift AS")
    assert company.advisor == advisor
    assert company.history.first().history_user == issuer
    assert "Virksomheten Ny Bedrift AS er lagret." in response.content.decode()


def test_bad_organisation_number_is_a_norwegian_error_and_saves_nothing(client, issuer):
    client.force_login(issuer)
    response = client.post(
        reverse("companies:create"), _company_data(organisation_number="123456789")
    )
    assert response.status_code == 200
    assert "«123456789» er ikke et gyldig organisasjonsnummer" in response.content.decode()
    assert not Company.objects.exists()


def test_organisation_number_may_be_typed_with_spaces(client, issuer):
    number = valid_organisation_number(701)
    client.force_login(issuer)
    client.post(
        reverse("companies:create"),
        _company_data(organisation_number=f"{number[:3]} {number[3:6]} {number[6:]}"),
    )
    assert Company.objects.get().organisation_number == number


def test_advisor_edits_own_company_but_cannot_reassign_it(client, advisor, other_advisor, company):
    client.force_login(advisor)
    edit = reverse("companies:update", args=[company.pk])
    assert 'name="advisor"' not in client.get(edit).content.decode()
    data = _company_data(organisation_number=company.organisation_number, advisor=other_advisor.pk)
    response = client.post(edit, data)
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.name == "Ny Bedrift AS"
    assert company.advisor == advisor  # the advisor field is not the advisor's to post
    assert company.history.first().history_user == advisor


def test_issuer_reassigns_the_advisor(client, issuer, other_advisor, company):
    client.force_login(issuer)
    data = _company_data(organisation_number=company.organisation_number, advisor=other_advisor.pk)
    client.post(reverse("companies:update", args=[company.pk]), data)
    company.refresh_from_db()
    assert company.advisor == other_advisor


def test_company_update_matrix(client, company, other_company, advisor, issuer, client_user):
    endpoint = Endpoint(
        "company_update",
        lambda c: (
            url("companies:update", c.pk),
            _company_data(organisation_number=c.organisation_number, name="Kapret AS"),
        ),
    )
    check_matrix(client, endpoint, own=company, other=other_company, advisor=advisor, issuer=issuer)
    assert not Company.objects.filter(name="Kapret AS").exists()


def test_company_page_without_a_case_offers_to_open_it_and_writes_nothing(client, advisor, company):
    client.force_login(advisor)
    response = client.get(reverse("companies:detail", args=[company.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert company.name in page and f"Åpne sak for {TODAY.year}" in page
    assert not CertificationCase.objects.exists()


def test_opening_the_case_of_the_current_year(
    client, advisor, other_advisor, issuer, company, other_company, client_user
):
    open_case = reverse("companies:open_case", args=[company.pk])
    assert client.post(open_case)["Location"].startswith(LOGIN)
    client.force_login(client_user)
    assert client.post(open_case).status_code == 404
    client.force_login(advisor)
    assert client.post(reverse("companies:open_case", args=[other_company.pk])).status_code == 404
    assert client.get(open_case).status_code == 405
    assert not CertificationCase.objects.exists()
    response = client.post(open_case)
    case = CertificationCase.objects.get(company=company)
    assert case.year == TODAY.year
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert case.history.first().history_user == advisor
    assert client.post(open_case)["Location"] == response["Location"]  # the same case again
    detail = reverse("companies:detail", args=[company.pk])
    assert client.get(detail)["Location"] == reverse("cases:detail", args=[case.pk])
    assert CertificationCase.objects.count() == 1
    client.force_login(issuer)
    assert client.get(detail)["Location"] == reverse("cases:detail", args=[case.pk])
