"""E-mails sent on request are limited per address and per client, in the database."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import throttling
from accounts.models import MailThrottleHit
from tests.factories import ClientUserFactory

pytestmark = pytest.mark.django_db

REFUSED = "Det er sendt for mange e-poster"


def _reset(client, email, ip="10.0.0.1"):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip)


@pytest.mark.parametrize("registered", [True, False])
def test_the_sixth_reset_request_for_an_address_is_refused(client, registered):
    if registered:
        ClientUserFactory(email="kari@kunde.no")

    answers = [_reset(client, "kari@kunde.no") for _ in range(6)]

    assert [answer.status_code for answer in answers] == [302] * 5 + [429]
    assert REFUSED in answers[5].content.decode()
    assert len(mail.outbox) == (5 if registered else 0)


def test_the_refusal_is_the_same_for_a_registered_and_an_unknown_address(client):
    ClientUserFactory(email="kari@kunde.no")
    for _ in range(5):
        _reset(client, "kari@kunde.no")
        _reset(client, "ukjent@kunde.no")

    known, unknown = _reset(client, "kari@kunde.no"), _reset(client, "ukjent@kunde.no")

    assert known.status_code == unknown.status_code == 429
    assert _page(known, "kari@kunde.no") == _page(unknown, "ukjent@kunde.no")


def _page(response, email):
    """The page without what differs by nature: the CSRF token and the address typed."""
    html = re.sub(r'value="[A-Za-z0-9]{64}"', "", response.content.decode())
    return html.replace(email, "ADDRESS")


def test_the_address_is_matched_whatever_its_case(client):
    ClientUserFactory(email="kari@kunde.no")
    for _ in range(5):
        _reset(client, "kari@kunde.no")
    assert _reset(client, "KARI@Kunde.no").status_code == 429


def test_one_client_asking_for_many_addresses_is_stopped(client):
    answers = [_reset(client, f"person{n}@kunde.no") for n in range(21)]
    assert [answer.status_code for answer in answers] == [302] * 20 + [429]
    assert _reset(client, "person0@kunde.no", ip="10.0.0.2").status_code == 302  # another client


def test_requests_older_than_the_window_no_longer_count(client):
    ClientUserFactory(email="kari@kunde.no")
    for _ in range(5):
        _reset(client, "kari@kunde.no")
    MailThrottleHit.objects.update(at=timezone.now() - dt.timedelta(minutes=61))

    assert _reset(client, "kari@kunde.no").status_code == 302
    assert MailThrottleHit.objects.count() == 2  # the old rows are gone: this one's two keys


def test_the_limit_holds_across_workers_because_it_is_in_the_database(client):
    """Another gunicorn worker sees the same rows: here, hits written by "another process"."""
    for _ in range(5):
        assert throttling.mail_throttle_hit(
            limit=throttling.PASSWORD_RESET, address="kari@kunde.no", client="10.9.9.9"
        )
    assert _reset(client, "kari@kunde.no").status_code == 429


def test_no_address_or_ip_is_stored_in_the_clear(client):
    _reset(client, "kari@kunde.no", ip="10.0.0.7")
    stored = " ".join(MailThrottleHit.objects.values_list("key_hash", flat=True))
    assert "kari" not in stored and "10.0.0.7" not in stored


def test_the_sixth_invitation_to_one_address_is_refused(client, advisor, company):
    client.force_login(advisor)
    url = reverse("accounts:company_users", args=[company.pk])

    answers = [client.post(url, {"email": "ny@kunde.no"}) for _ in range(6)]

    assert [answer.status_code for answer in answers] == [302] * 5 + [200]
    assert "Det er sendt for mange invitasjoner" in answers[5].content.decode()
    assert len(mail.outbox) == 5
