"""The role × own/other-company matrix every advisor page must pass.

An ``Endpoint`` builds, for a given company, the URL of one page and a valid POST
body. ``check_matrix`` then asserts: anonymous → login redirect; client user (member
of the company itself) → 404 and nothing changed; the responsible advisor → 200 (or
the success redirect for a POST-only page); another advisor → 404 for GET and POST
and nothing changed; issuer → 200. A GET-only page answers any POST with 405.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from certificates.models import CertificationCase, Confirmation
from companies.models import Company, Membership
from surveys.models import ActionItem, Finding, Hazard, RiskAssessment, SafetyRound, Survey

AUDITED = (
    Company,
    Survey,
    Finding,
    RiskAssessment,
    Hazard,
    SafetyRound,
    ActionItem,
    CertificationCase,
    Confirmation,
)


def snapshot() -> dict[str, tuple[int, int]]:
    """Row and history-row counts of every audited model: any change shows here."""
    return {m.__name__: (m.objects.count(), m.history.count()) for m in AUDITED}


@dataclass(frozen=True)
class Endpoint:
    name: str
    build: Callable  # company -> (url, post data)
    get_ok: bool = True  # False for POST-only pages (GET answers 405)
    post_ok: bool = True  # False for GET-only pages (POST answers 405)

    def __str__(self) -> str:
        return self.name


def url(name: str, *args) -> str:
    return reverse(name, args=args)


def check_matrix(client, endpoint: Endpoint, *, own, other, advisor, issuer) -> None:
    own_url, own_data = endpoint.build(own)
    other_url, other_data = endpoint.build(other)
    client_user = Membership.objects.filter(company=own).select_related("user").first().user

    client.logout()
    response = client.get(own_url)
    assert response.status_code == 302, endpoint
    assert response["Location"].startswith(reverse(settings.LOGIN_URL)), endpoint
    before = snapshot()
    response = client.post(own_url, own_data)
    assert response.status_code == 302 and reverse(settings.LOGIN_URL) in response["Location"]
    assert snapshot() == before, endpoint

    refused_post = 404 if endpoint.post_ok else 405
    client.force_login(client_user)
    if endpoint.get_ok:
        assert client.get(own_url).status_code == 404, endpoint
    assert client.post(own_url, own_data).status_code == refused_post, endpoint
    assert snapshot() == before, endpoint

    client.force_login(advisor)
    if endpoint.get_ok:
        assert client.get(other_url).status_code == 404, endpoint
    assert client.post(other_url, other_data).status_code == refused_post, endpoint
    assert snapshot() == before, endpoint
    if endpoint.get_ok:
        assert client.get(own_url).status_code == 200, endpoint
    else:
        assert client.get(own_url).status_code == 405, endpoint

    client.force_login(issuer)
    if endpoint.get_ok:
        assert client.get(own_url).status_code == 200, endpoint
        assert client.get(other_url).status_code == 200, endpoint
