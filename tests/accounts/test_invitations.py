"""Client users are invited by e-mail: one-time links that expire; refusals create nothing."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, User
from accounts.tokens import hash_token
from companies.models import Membership
from tests.factories import ClientUserFactory, CompanyFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Fjellvann-og-blåbær-42"


def _invite(client, staff, company, email="ny@kunde.no"):
    client.force_login(staff)
    response = client.post(reverse("accounts:company_users", args=[company.pk]), {"email": email})
    client.logout()
    return response


def _link_path():
    match = re.search(r"https?://[^/\s]+(/invitasjon/[^/\s]+/)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def _accept(client, path, **fields):
    data = {
        "first_name": "Nora",
        "last_name": "Ny",
        "username": "ny@kunde.no",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **fields,
    }
    return client.post(path, data)


@pytest.mark.parametrize("who", ["advisor", "issuer"])
def test_staff_invite_by_email_with_a_one_time_link(client, request, company, who):
    response = _invite(client, request.getfixturevalue(who), company)

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "ny@kunde.no"
    assert invitation.company == company
    lifetime = invitation.expires_at - invitation.created_at
    assert abs(lifetime - dt.timedelta(days=7)) < dt.timedelta(seconds=1)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ny@kunde.no"]
    assert "Invitasjon til HMS-sertifikat for Egen Bedrift AS" in message.subject
    assert "gjelder i 7 dager" in message.body
    token = _link_path().split("/")[2]
    assert invitation.token_hash == hash_token(token)
    assert token not in invitation.token_hash
    assert len(token) >= 43


@pytest.mark.parametrize("who", ["other_advisor", "client_user"])
def test_others_cannot_invite_to_the_company(client, request, company, who):
    client.force_login(request.getfixturevalue(who))
    url = reverse("accounts:company_users", args=[company.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"email": "x@y.no"}).status_code == 404
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_anonymous_users_are_sent_to_login(client, company):
    response = client.get(reverse("accounts:company_users", args=[company.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_accepting_creates_the_client_user_and_membership_and_logs_in(client, advisor, company):
    _invite(client, advisor, company)
    path = _link_path()
    assert "Velkommen til HMS-sertifikat for Egen Bedrift AS" in client.get(path).content.decode()

    response = _accept(client, path)

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dashboard")
    user = User.objects.get(username="ny@kunde.no")
    assert user.role == User.Role.CLIENT
    assert user.email == "ny@kunde.no"
    assert user.check_password(PASSWORD)
    assert Membership.objects.filter(user=user, company=company).exists()
    invitation = Invitation.objects.get()
    assert invitation.accepted_at is not None
    assert invitation.accepted_by == user
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "Egen Bedrift AS" in client.get(reverse("portal:dashboard")).content.decode()


def test_a_reused_link_is_refused_and_creates_nothing(client, advisor, company):
    _invite(client, advisor, company)
    path = _link_path()
    _accept(client, path)
    client.logout()
    users = User.objects.count()

    response = _accept(client, path, username="en-annen")

    assert response.status_code == 410
    assert "allerede brukt" in response.content.decode()
    assert User.objects.count() == users
    assert not User.objects.filter(username="en-annen").exists()
    assert Membership.objects.count() == 1


def test_an_expired_link_is_refused_and_creates_nothing(client, advisor, company):
    _invite(client, advisor, company)
    path = _link_path()
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    users = User.objects.count()

    for response in (client.get(path), _accept(client, path)):
        assert response.status_code == 410
        assert "Denne invitasjonen er utløpt" in response.content.decode()
    assert User.objects.count() == users
    assert not Membership.objects.exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_unknown_link_is_refused(client, db):
    response = client.get(reverse("accounts:invitation_accept", args=["x" * 43]))
    assert response.status_code == 404
    assert "Lenken er ugyldig" in response.content.decode()


def test_a_new_invitation_replaces_the_open_one(client, advisor, company):
    _invite(client, advisor, company)
    first = _link_path()
    _invite(client, advisor, company)
    second = _link_path()

    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_weak_passwords_are_refused_by_djangos_validators(client, advisor, company):
    _invite(client, advisor, company)
    path = _link_path()

    response = _accept(client, path, password1="12345678", password2="12345678")

    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(username="ny@kunde.no").exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_taken_username_is_refused(client, advisor, company):
    ClientUserFactory(username="opptatt")
    _invite(client, advisor, company)
    response = _accept(client, _link_path(), username="Opptatt")
    assert "Brukernavnet er opptatt" in response.content.decode()
    assert Invitation.objects.get().accepted_at is None


def test_an_existing_client_logs_in_and_joins_the_second_company(client, advisor, client_user):
    second = CompanyFactory(name="Andre Bedrift AS", advisor=advisor)
    _invite(client, advisor, second, email=client_user.email.upper())
    path = _link_path()

    assert "Logg inn med den brukeren" in client.get(path).content.decode()
    assert not Membership.objects.filter(user=client_user, company=second).exists()

    client.force_login(client_user)
    assert "Godta invitasjonen" in client.get(path).content.decode()
    response = client.post(path)

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dashboard_company", args=[second.pk])
    assert Membership.objects.filter(user=client_user, company=second).exists()
    assert client.post(path).status_code == 410


def test_another_logged_in_user_cannot_take_the_invitation(client, advisor, company, other_client):
    _invite(client, advisor, company)
    path = _link_path()
    client.force_login(other_client)

    response = _accept(client, path)

    assert "Invitasjonen gjelder en annen bruker" in response.content.decode()
    assert not Membership.objects.filter(user=other_client, company=company).exists()
    assert not User.objects.filter(username="ny@kunde.no").exists()


def test_an_existing_user_cannot_use_an_invitation_for_another_address(
    client, advisor, client_user
):
    """An invitation to Kari's address cannot be taken by another client who has the link."""
    second = CompanyFactory(name="Andre Bedrift AS", advisor=advisor)
    other = ClientUserFactory(username="lise", email="lise@kunde.no")
    _invite(client, advisor, second, email=client_user.email)
    path = _link_path()
    client.force_login(other)

    response = client.post(path)

    assert "annen e-postadresse" in response.content.decode()
    assert not Membership.objects.filter(company=second).exists()
    assert Invitation.objects.get().accepted_at is None


def test_staff_addresses_cannot_be_invited_as_clients(client, advisor, company, other_advisor):
    response = _invite(client, advisor, company, email=other_advisor.email)
    assert response.status_code == 200
    assert "tilhører en av våre ansatte" in response.content.decode()
    assert not Invitation.objects.exists()


def test_members_are_not_invited_twice(client, advisor, company, client_user):
    response = _invite(client, advisor, company, email=client_user.email)
    assert "har allerede tilgang" in response.content.decode()
    assert mail.outbox == []


def test_withdrawing_asks_first_then_stops_the_link(client, advisor, company):
    _invite(client, advisor, company)
    path = _link_path()
    invitation = Invitation.objects.get()
    client.force_login(advisor)
    url = reverse("accounts:invitation_revoke", args=[invitation.pk])

    assert "Trekk tilbake invitasjonen?" in client.get(url).content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None

    client.post(url)
    client.logout()
    response = client.get(path)
    assert response.status_code == 410
    assert "trukket tilbake" in response.content.decode()


def test_another_advisor_cannot_withdraw(client, advisor, other_advisor, company):
    _invite(client, advisor, company)
    invitation = Invitation.objects.get()
    client.force_login(other_advisor)
    assert (
        client.post(reverse("accounts:invitation_revoke", args=[invitation.pk])).status_code == 404
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_the_company_users_page_lists_members_and_invitations(
    client, advisor, company, client_user
):
    _invite(client, advisor, company)
    client.force_login(advisor)
    html = client.get(reverse("accounts:company_users", args=[company.pk])).content.decode()
    assert "Kari Kunde" in html
    assert "ny@kunde.no" in html
    assert "Venter" in html
