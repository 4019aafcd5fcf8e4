"""The invitation e-mail is written in the language chosen for the invitee, who keeps it."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import services
from accounts.models import Invitation, User

pytestmark = pytest.mark.django_db

PASSWORD = "Fjellvann-og-blåbær-42"


def _invite(client, staff, company, **fields):
    client.force_login(staff)
    url = reverse("accounts:company_users", args=[company.pk])
    response = client.post(url, {"email": "ny@kunde.no", **fields})
    client.logout()
    return response


def _accept(client):
    path = re.search(r"https?://[^/\s]+(/invitasjon/[^/\s]+/)", mail.outbox[-1].body).group(1)
    page = client.get(path).content.decode()
    data = {
        "first_name": "Nora",
        "last_name": "Ny",
        "username": "ny@kunde.no",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return page, client.post(path, data)


def test_the_form_offers_the_language_with_bokmal_first(client, advisor, company):
    client.force_login(advisor)
    page = client.get(reverse("accounts:company_users", args=[company.pk])).content.decode()
    assert "Språk i e-posten" in page
    assert re.search(r'<option value="nb"[^>]*selected', page)


def test_an_english_invitation_is_written_in_english_and_the_user_keeps_it(
    client, advisor, company
):
    _invite(client, advisor, company, language="en")

    message = mail.outbox[-1]
    assert message.subject == f"Invitation to HMS-sertifikat for {company.name}"
    assert "Hei!" not in message.body
    assert Invitation.objects.get().language == "en"

    page, response = _accept(client)
    assert 'lang="en"' in page
    assert response.status_code == 302
    assert User.objects.get(username="ny@kunde.no").language == "en"
    assert response.cookies["django_language"].value == "en"


def test_without_a_choice_the_invitation_is_bokmal(client, advisor, company):
    _invite(client, advisor, company)
    assert mail.outbox[-1].subject.startswith("Invitasjon til HMS-sertifikat")
    assert "Hei!" in mail.outbox[-1].body
    _accept(client)
    assert User.objects.get(username="ny@kunde.no").language == "nb"


def test_the_inviters_own_language_does_not_decide(client, advisor, company):
    client.force_login(advisor)
    client.cookies["django_language"] = "en"
    client.post(
        reverse("accounts:company_users", args=[company.pk]),
        {"email": "ny@kunde.no", "language": "nb"},
    )
    assert "Hei!" in mail.outbox[-1].body


def test_an_unknown_language_is_refused(client, advisor, company):
    response = _invite(client, advisor, company, language="sv")
    assert response.status_code == 200
    assert mail.outbox == []
    with pytest.raises(ValidationError, match="Ukjent språk"):
        services.invitation_create(
            company=company, email="x@kunde.no", actor=advisor, language="sv"
        )
