"""The admin: every registered model's list opens for a superuser; records that change
only through services cannot be added or changed there."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_admin_list_opens(client, superuser, model):
    client.force_login(superuser)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "label",
    ["certificates.certificate", "documents.document", "accounts.invitation"],
)
def test_service_owned_records_cannot_be_added_in_the_admin(client, superuser, label):
    client.force_login(superuser)
    app, model = label.split(".")
    assert client.get(reverse(f"admin:{app}_{model}_add")).status_code == 403


def test_a_client_user_cannot_open_the_admin(client):
    client.force_login(UserFactory(username="kunde"))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
