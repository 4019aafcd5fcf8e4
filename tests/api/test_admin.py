"""Staff create keys in the admin: the secret is shown once and stored only as a hash."""

import re

import pytest

from api.models import ApiKey
from tests.api.conftest import key_client
from tests.factories import AdvisorFactory, ClientUserFactory, IssuerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def issuer_admin(client):
    issuer = IssuerFactory(is_staff=True, is_superuser=True)
    client.force_login(issuer)
    return client


def test_a_key_created_in_the_admin_is_shown_once_and_stored_hashed(issuer_admin):
    advisor = AdvisorFactory()
    response = issuer_admin.post(
        "/admin/api/apikey/add/",
        {"name": "CRM", "user": advisor.pk, "access": ApiKey.Access.READ},
        follow=True,
    )
    assert response.status_code == 200
    text = response.content.decode()
    secret = re.search(r"er: ([A-Za-z0-9]{8}\.[A-Za-z0-9]+)", text).group(1)
    key = ApiKey.objects.get()
    assert (key.user, key.access, key.prefix) == (advisor, "READ", secret.split(".")[0])
    assert secret not in key.hashed_key and secret.split(".")[1] not in key.id
    assert key_client(secret).get("/api/v1/companies/").status_code == 200
    page = issuer_admin.get(f"/admin/api/apikey/{key.pk}/change/").content.decode()
    assert secret not in page


def test_a_key_is_only_for_staff(issuer_admin):
    client_user = ClientUserFactory()
    response = issuer_admin.post(
        "/admin/api/apikey/add/",
        {"name": "CRM", "user": client_user.pk, "access": ApiKey.Access.READ},
    )
    assert response.status_code == 200  # the form again, with its error
    assert not ApiKey.objects.exists()
