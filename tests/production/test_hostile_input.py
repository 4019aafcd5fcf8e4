"""Hostile text input is cleaned or refused in one place (CleanInputMiddleware): never a 500.

The findings of the security probe run on PostgreSQL, which refuses NUL in text and values
longer than a column (SQLite accepts both): CI runs this module on both.
"""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from companies.models import Company
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

LONG_USERNAME = "x" * 256  # one more than django-axes' AccessAttempt.username column


@pytest.mark.parametrize("url", ["/logg-inn/", "/admin/login/"])
def test_a_256_character_username_is_a_failed_login_not_a_500(client, url):
    response = client.post(url, {"username": LONG_USERNAME, "password": "feil"})

    assert response.status_code == 200  # the login form again, with its error
    assert response.context["form"].errors
    attempt = AccessAttempt.objects.get()
    assert attempt.username == LONG_USERNAME[:255]


def test_a_nul_in_a_username_is_a_failed_login_not_a_500(client, advisor):
    response = client.post(reverse("login"), {"username": "rita\x00", "password": "feil"})

    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "rita"


def test_control_characters_in_headers_are_removed_before_axes_stores_them(client):
    response = client.post(
        reverse("login"),
        {"username": "rita", "password": "feil"},
        headers={"user-agent": "Mozilla\x00/5.0\x1b[31m", "accept": "text/html\x00"},
    )

    assert response.status_code == 200
    attempt = AccessAttempt.objects.get()
    assert (attempt.user_agent, attempt.http_accept) == ("Mozilla/5.0[31m", "text/html")


def test_a_nul_in_the_staff_certificate_search_is_a_search(client, issuer):
    client.force_login(issuer)

    response = client.get("/sertifikater/?q=%00")

    assert response.status_code == 200


def test_a_nul_in_a_query_value_or_key_is_removed(client, issuer):
    client.force_login(issuer)
    response = client.get("/sertifikater/?q=Bed%00rift&%00side=1")
    assert response.wsgi_request.GET.dict() == {"q": "Bedrift", "side": "1"}


def test_a_very_long_query_value_is_cut(client, issuer):
    client.force_login(issuer)
    response = client.get(reverse("certificates:list"), {"q": "x" * 5000})
    assert response.status_code == 200
    assert len(response.wsgi_request.GET["q"]) == 1000


def test_control_characters_in_a_form_are_removed_before_anything_is_saved(client, issuer):
    client.force_login(issuer)

    response = client.post(
        reverse("companies:create"),
        {
            "name": "Nul\x00 og\x07 Bell AS",
            "organisation_number": "974760673",
            "address": "Storgata\x00 1\r\n0155 Oslo",
            "employee_count": "12",
            "industry": "Bygg",
        },
    )

    assert response.status_code == 302
    company = Company.objects.get()
    assert company.name == "Nul og Bell AS"
    assert company.address == "Storgata 1\r\n0155 Oslo"  # line breaks are kept


def test_a_control_character_in_the_path_is_not_found(client):
    CompanyFactory()
    assert client.get("/verifiser/abc%00def/").status_code == 404
    assert client.get("/sertifikater/%01/").status_code == 404
