"""The response headers a browser and a security scanner see: CSP, Permissions-Policy, caching."""

import re

import pytest
from django.core.files.base import ContentFile
from django.db import OperationalError
from django.urls import reverse

from hms_cert.headers import standalone_style_hash
from tests.factories import (
    AdvisorFactory,
    CertificateFactory,
    ClientUserFactory,
    CompanyFactory,
    IssuerFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.parametrize("path", ["/", "/register/", "/logg-inn/", "/passord/glemt/"])
def test_public_pages_carry_a_strict_csp(client, path):
    response = client.get(path)

    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]


def test_pages_have_no_inline_script_or_event_handler(client):
    """What the policy forbids is not in the markup: it would be silently dropped."""
    body = client.get("/").content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body)
    assert not re.search(r"\son[a-z]+=", body)
    assert not re.search(r"\sstyle=", body)


def test_the_503_page_inline_style_is_allowed_by_its_hash(client, monkeypatch):
    def database_gone(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("certificates.views.render_by_content", database_gone)
    response = client.get("/register/")

    assert response.status_code == 503
    assert standalone_style_hash() in directives(response)["style-src"]
    assert "<style>" in response.content.decode()


def test_permissions_policy_switches_off_what_no_page_uses(client):
    policy = client.get("/")["Permissions-Policy"]

    assert "geolocation=()" in policy
    assert "microphone=()" in policy
    assert "camera=(self)" in policy


def test_anonymous_public_pages_may_be_cached(client):
    assert "no-store" not in client.get("/register/").get("Cache-Control", "")


@pytest.mark.parametrize("factory", [AdvisorFactory, IssuerFactory, ClientUserFactory])
def test_logged_in_pages_are_never_stored(client, factory):
    user = factory()
    if user.is_client:
        MembershipFactory(user=user, company=CompanyFactory())
    client.force_login(user)

    response = client.get(reverse("start"), follow=True)

    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control
    assert "private" in cache_control


def test_a_certificate_pdf_download_is_never_stored(client):
    issuer = IssuerFactory()
    certificate = CertificateFactory()
    certificate.pdf.save("HMS-2025-00001.pdf", ContentFile(b"%PDF-1.7 stored bytes"))
    client.force_login(issuer)

    response = client.get(reverse("certificates:pdf", args=[certificate.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
