"""``/helse/``: the database and the storage checked, JSON, no login, never cached."""

import pytest
from django.urls import reverse

from tests.production.conftest import database_down

pytestmark = pytest.mark.django_db


def test_healthy_answers_200_with_every_check_ok(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT 1, and no session or user lookup
        response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "storage": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "application/json"


def test_the_url_is_helse():
    assert reverse("health") == "/helse/"


def test_database_down_answers_503(client, monkeypatch):
    with database_down(monkeypatch):
        response = client.get("/helse/")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable", "storage": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_the_database_back_up_is_healthy_again(client, monkeypatch):
    with database_down(monkeypatch):
        assert client.get("/helse/").status_code == 503
    assert client.get("/helse/").status_code == 200


def test_a_storage_folder_that_cannot_be_written_answers_503(client, settings, tmp_path):
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("x")
    settings.MEDIA_ROOT = blocked / "media"

    response = client.get("/helse/")

    assert response.status_code == 503
    assert response.json()["storage"] == "unavailable"
    assert response.json()["database"] == "ok"


def test_a_media_folder_not_yet_created_is_fine(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "not" / "yet" / "there"
    assert client.get("/helse/").json()["storage"] == "ok"


def test_a_logged_in_user_is_not_needed_and_not_loaded(client, advisor, django_assert_num_queries):
    client.force_login(advisor)
    with django_assert_num_queries(1):
        assert client.get("/helse/").status_code == 200


def test_the_probe_over_plain_http_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/helse/").status_code == 200
    assert client.get("/").status_code == 301


def test_only_get_and_head(client):
    assert client.head("/helse/").status_code == 200
    assert client.post("/helse/").status_code == 405
