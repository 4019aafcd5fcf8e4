"""Valid, expired, revoked and superseded read the same on every page that shows a status.

``Certificate.status`` works it out; every page shows it through one badge
(``{% status_badge %}``) with one label, and each class has one colour everywhere.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from tests.factories import TODAY, CaseFactory, CertificateFactory

pytestmark = pytest.mark.django_db

LABELS = {
    "valid": "Gyldig",
    "expired": "Utløpt",
    "revoked": "Tilbakekalt",
    "superseded": "Erstattet",
}
BADGE_WORDS = {
    "valid": "Klasse",
    "expired": "UTLØPT",
    "revoked": "TILBAKEKALT",
    "superseded": "ERSTATTET",
}
RUNNING = {
    "valid_from": TODAY - dt.timedelta(days=30),
    "valid_until": TODAY + dt.timedelta(days=330),
}


@pytest.fixture
def certificates(company, issuer):
    def make(year, **fields):
        case = CaseFactory(company=company, year=year)
        return CertificateFactory(case=case, klass="B", issued_by=issuer, **fields)

    valid = make(2026, **RUNNING)
    made = {
        "valid": valid,
        "expired": make(
            2024,
            valid_from=TODAY - dt.timedelta(days=700),
            valid_until=TODAY - dt.timedelta(days=336),
        ),
        "revoked": make(
            2023, revoked_at=timezone.now(), revocation_reason="Feil", revoked_by=issuer, **RUNNING
        ),
        "superseded": make(2025, superseded_by=valid, **RUNNING),
    }
    assert {status: c.status for status, c in made.items()} == {s: s for s in made}
    return made


def _badge(html: str, certificate: Certificate) -> str:
    """The status badge in the table row or card of ``certificate``'s number."""
    start = html.index(certificate.number)
    match = re.search(r'<span class="badge [^"]*" data-status="(\w+)">([^<]+)</span>', html[start:])
    return f"{match.group(1)}:{match.group(2)}"


def _expected(status: str) -> str:
    return f"{status}:{LABELS[status]}"


def test_the_staff_pages_list_each_status_identically(client, issuer, company, certificates):
    client.force_login(issuer)
    case = company.cases.get(year=2026)
    pages = {
        "case page": client.get(reverse("cases:detail", args=[case.pk])).content.decode(),
        "register": client.get(reverse("certificates:list")).content.decode(),
    }
    for name, html in pages.items():
        for status, certificate in certificates.items():
            assert _badge(html, certificate) == _expected(status), (name, status)


def test_the_case_page_never_calls_a_superseded_certificate_valid(
    client, issuer, company, certificates
):
    client.force_login(issuer)
    case = company.cases.get(year=2026)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert _badge(html, certificates["superseded"]) == "superseded:Erstattet"


def test_the_client_portal_shows_each_status_identically(client, client_user, certificates):
    client.force_login(client_user)
    html = client.get(reverse("portal:dashboard")).content.decode()
    for status, certificate in certificates.items():
        assert _badge(html, certificate) == _expected(status), status


@pytest.mark.parametrize("status", list(LABELS))
def test_the_detail_verification_json_and_badge_agree(client, issuer, certificates, status):
    certificate = certificates[status]
    client.force_login(issuer)
    detail = client.get(reverse("certificates:detail", args=[certificate.pk])).content.decode()
    assert f'data-status="{status}">{LABELS[status]}</span>' in detail
    code = certificate.verification_code
    page = client.get(reverse("certificates:verify", args=[code])).content.decode()
    assert f'data-status="{status}">{LABELS[status]}</span>' in page
    assert client.get(reverse("certificates:verify_json", args=[code])).json()["status"] == status
    svg = client.get(reverse("certificates:badge", args=[code])).content.decode()
    assert BADGE_WORDS[status] in svg


def test_the_querysets_agree_with_the_property(certificates):
    for status, certificate in certificates.items():
        chosen = Certificate.objects.with_status(status, TODAY)
        assert list(chosen) == [certificate], status


def test_one_colour_per_class_everywhere(client, issuer, company, certificates):
    client.force_login(issuer)
    case = company.cases.get(year=2026)
    pages = [
        client.get(reverse("certificates:list")).content.decode(),
        client.get(reverse("certificates:register")).content.decode(),
        client.get(reverse("cases:detail", args=[case.pk])).content.decode(),
        client.get(
            reverse("certificates:detail", args=[certificates["valid"].pk])
        ).content.decode(),
        client.get(reverse("companies:portfolio")).content.decode(),
    ]
    for html in pages:
        badges = set(re.findall(r'class="badge class-badge ([\w-]+)" data-class="B"', html))
        assert badges == {"class-b"}
