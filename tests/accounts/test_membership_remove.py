"""Taking a client user's access away, e.g. when an employee leaves the company."""

import pytest
from django.urls import reverse

from companies.models import Membership

pytestmark = pytest.mark.django_db


def _url(membership):
    return reverse("accounts:membership_remove", args=[membership.pk])


def test_the_advisor_removes_access_after_confirming(client, advisor, company, client_user):
    membership = Membership.objects.get(user=client_user, company=company)
    client.force_login(advisor)

    confirm = client.get(_url(membership)).content.decode()
    assert "mister tilgangen til Egen Bedrift AS" in confirm
    assert Membership.objects.filter(pk=membership.pk).exists()

    response = client.post(_url(membership), follow=True)
    assert "har ikke lenger tilgang til Egen Bedrift AS" in response.content.decode()
    assert not Membership.objects.filter(pk=membership.pk).exists()
    removed = Membership.history.filter(id=membership.pk, history_type="-").get()
    assert removed.history_user == advisor

    client.force_login(client_user)
    dashboard = client.get(reverse("portal:dashboard_company", args=[company.pk]))
    assert dashboard.status_code == 404


@pytest.mark.parametrize("who", ["other_advisor", "client_user", "other_client"])
def test_others_cannot_remove_access(client, request, company, client_user, who):
    membership = Membership.objects.get(user=client_user, company=company)
    client.force_login(request.getfixturevalue(who))
    assert client.get(_url(membership)).status_code == 404
    assert client.post(_url(membership)).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_anonymous_users_are_sent_to_login(client, company, client_user):
    membership = Membership.objects.get(user=client_user, company=company)
    response = client.post(_url(membership))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert Membership.objects.filter(pk=membership.pk).exists()
