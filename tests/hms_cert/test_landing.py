"""After logging in, each role lands on its own work, not on the start page."""

import pytest
from django.urls import reverse

from tests.factories import (
    AdvisorFactory,
    ClientUserFactory,
    CompanyFactory,
    IssuerFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db
PASSWORD = "hemmelig-passord-1"


def log_in(client, user, **query):
    url = reverse("login")
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return client.post(url, {"username": user.username, "password": PASSWORD}, follow=True)


def test_an_advisor_lands_on_the_portfolio(client):
    response = log_in(client, AdvisorFactory())

    assert response.redirect_chain[-1][0] == reverse("companies:portfolio")


def test_an_issuer_lands_on_the_dashboard(client):
    response = log_in(client, IssuerFactory())

    assert response.redirect_chain[-1][0] == reverse("dashboard:home")


def test_a_client_lands_on_min_side(client):
    user = ClientUserFactory()
    MembershipFactory(user=user, company=CompanyFactory())

    response = log_in(client, user)

    assert response.redirect_chain[-1][0] == reverse("portal:dashboard")


def test_a_page_asked_for_before_login_wins(client):
    response = log_in(client, AdvisorFactory(), next=reverse("certificates:register"))

    assert response.redirect_chain[-1][0] == reverse("certificates:register")


def test_start_asks_an_anonymous_visitor_to_log_in(client):
    response = client.get(reverse("start"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
