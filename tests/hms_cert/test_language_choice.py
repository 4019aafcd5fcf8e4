"""The language a logged-in user picks is kept on the user, for the e-mails sent to them."""

import pytest
from django.urls import reverse

from tests.factories import AdvisorFactory

pytestmark = pytest.mark.django_db


def test_choosing_english_is_remembered_on_the_user(client):
    user = AdvisorFactory()
    client.force_login(user)

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "en"
    assert response.cookies["django_language"].value == "en"


def test_an_unknown_language_changes_nothing(client):
    user = AdvisorFactory()
    client.force_login(user)

    client.post(reverse("set_language"), {"language": "xx", "next": "/"})

    user.refresh_from_db()
    assert user.language == "nb"


def test_an_anonymous_choice_only_sets_the_cookie(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.cookies["django_language"].value == "en"
