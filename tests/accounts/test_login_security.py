"""Login throttling (django-axes), password reset by e-mail, and the production settings.

Axes needs the request in ``authenticate``: these tests post to the login page rather
than calling ``client.login()``.
"""

import datetime as dt
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import ClientUserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "hemmelig-passord-1"
ROOT = Path(__file__).resolve().parents[2]


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


@pytest.fixture
def kari(db):
    return ClientUserFactory(username="kari", email="kari@kunde.no")


def test_ten_failed_logins_lock_the_account(client, kari):
    for _attempt in range(9):
        assert _login(client, "kari", "feil-passord").status_code == 200
    assert _login(client, "kari", "feil-passord").status_code == 429  # the tenth locks

    response = _login(client, "kari", PASSWORD)

    assert response.status_code == 429
    html = response.content.decode()
    assert "Innlogging midlertidig sperret" in html
    assert "Prøv igjen om 15 minutter" in html
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_from_another_address_too(client, kari):
    for attempt in range(10):
        _login(client, "kari", "feil-passord", ip=f"10.0.0.{attempt + 1}")
    assert _login(client, "kari", PASSWORD, ip="192.0.2.77").status_code == 429


def test_nine_failures_do_not_lock_and_a_success_starts_the_count_again(client, kari):
    for _attempt in range(9):
        _login(client, "kari", "feil-passord")
    assert _login(client, "kari", PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(9):
        _login(client, "kari", "feil-passord")
    assert _login(client, "kari", PASSWORD).status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, kari):
    for _attempt in range(10):
        _login(client, "kari", "feil-passord")
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    assert _login(client, "kari", PASSWORD).status_code == 302


def test_another_user_is_not_locked(client, kari):
    ClientUserFactory(username="ola")
    for _attempt in range(10):
        _login(client, "kari", "feil-passord")
    assert _login(client, "ola", PASSWORD).status_code == 302


def test_a_client_lands_on_the_portal_after_login(client, client_user, company):
    response = client.post(
        reverse("login"), {"username": "kari", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("portal:dashboard")
    assert "Egen Bedrift AS" in response.content.decode()


def test_staff_keep_the_start_page(client, advisor):
    client.force_login(advisor)
    assert client.get(reverse("home")).status_code == 200


def _reset_link():
    match = re.search(r"https?://[^/\s]+(/passord/ny/[^\s]+/)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_password_reset_by_email_in_bokmal(client, kari):
    response = client.post(reverse("accounts:password_reset"), {"email": "kari@kunde.no"})
    assert response.status_code == 302
    message = mail.outbox[0]
    assert message.subject == "Nytt passord for HMS-sertifikat"
    assert "brukeren kari" in message.body
    assert settings.SITE_URL in message.body

    page = client.get(_reset_link(), follow=True)
    assert "Velg nytt passord" in page.content.decode()
    new = "Nytt-og-langt-passord-77"
    response = client.post(
        page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True
    )
    assert "Passordet er endret" in response.content.decode()
    kari.refresh_from_db()
    assert kari.check_password(new)

    reused = client.get(_reset_link(), follow=True)
    assert "Lenken kan ikke brukes" in reused.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "ingen@kunde.no"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_a_new_password_lifts_the_lockout(client, kari):
    for _attempt in range(10):
        _login(client, "kari", "feil-passord")
    client.post(reverse("accounts:password_reset"), {"email": "kari@kunde.no"})
    page = client.get(_reset_link(), follow=True)
    new = "Nytt-og-langt-passord-77"
    client.post(page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})

    assert _login(client, "kari", new).status_code == 302


def test_session_and_login_settings():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AXES_FAILURE_LIMIT == 10
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.CSRF_COOKIE_HTTPONLY
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= settings.UPLOAD_MAX_BYTES


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    """``manage.py check --deploy`` as production runs it: DEBUG off, a real secret, HTTPS."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "HTTPS", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="hms_cert.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50)[:50],
        ALLOWED_HOSTS="hms.example.no",
        DATABASE_URL=f"sqlite:///{tmp_path / 'check.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_users_are_clients_unless_made_staff():
    assert User().role == User.Role.CLIENT
