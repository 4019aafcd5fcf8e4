"""Database unreachable anywhere → the bokmål 503 page, never a stack trace; other errors → 500."""

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import IntegrityError, OperationalError
from django.test import Client
from django.urls import reverse

from hms_cert.errors import database_unavailable_response
from tests.production.conftest import database_down

pytestmark = pytest.mark.django_db

UNAVAILABLE_TEXT = "Tjenesten er midlertidig utilgjengelig"


def assert_clean_503(response):
    body = response.content.decode()
    assert response.status_code == 503
    assert UNAVAILABLE_TEXT in body
    assert "Traceback" not in body and "OperationalError" not in body
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]


def test_anonymous_login_with_the_database_down(client, monkeypatch):
    with database_down(monkeypatch):
        response = client.post(reverse("login"), {"username": "rita", "password": "x"})
    assert_clean_503(response)


def test_logged_in_page_with_the_database_down(client, advisor, monkeypatch):
    """The session and the user are read from the database first: that fails too."""
    client.force_login(advisor)
    with database_down(monkeypatch):
        response = client.get(reverse("companies:portfolio"))
    assert_clean_503(response)


def test_a_query_failing_inside_a_view(client, advisor, monkeypatch):
    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("staff.company_views.portfolio_page", lost)
    client.force_login(advisor)
    assert_clean_503(client.get(reverse("companies:portfolio")))


def test_the_page_itself_needs_no_database(monkeypatch, django_assert_num_queries):
    with database_down(monkeypatch), django_assert_num_queries(0):
        response = database_unavailable_response()
    assert_clean_503(response)


def test_a_middleware_failing_on_the_database_gives_503_too(advisor, monkeypatch):
    """Outside the view, ``handler500`` sees the error and answers 503."""

    def lost(self, request, response):
        raise OperationalError("could not save the session")

    monkeypatch.setattr(SessionMiddleware, "process_response", lost)
    client = Client(raise_request_exception=False)
    client.force_login(advisor)
    assert_clean_503(client.get(reverse("companies:portfolio")))


def test_a_bug_is_a_500_in_bokmal_without_a_traceback(advisor, monkeypatch):
    def bug(*args, **kwargs):
        raise IntegrityError("duplicate key")

    monkeypatch.setattr("staff.company_views.portfolio_page", bug)
    client = Client(raise_request_exception=False)
    client.force_login(advisor)
    response = client.get(reverse("companies:portfolio"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Noe gikk galt hos oss" in body
    assert "Traceback" not in body and "IntegrityError" not in body


def test_not_found_page_is_in_bokmal(client):
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert "Fant ikke siden" in response.content.decode()


def test_forbidden_page_is_in_bokmal(client, advisor):
    client.force_login(advisor)
    response = client.get(reverse("certificates:issuing_queue"))
    assert response.status_code == 403
    assert "Ingen tilgang" in response.content.decode()
