"""Endpoints with an API key: scope, read-only and revoked keys, writes through services."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from api.models import ApiKey
from surveys.models import ActionItem
from tests.api.conftest import key_client, make_key
from tests.factories import (
    ActionItemFactory,
    AdvisorFactory,
    CaseFactory,
    CertificateFactory,
    ClientUserFactory,
    CompanyFactory,
    IssuerFactory,
)

pytestmark = pytest.mark.django_db
ON = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)


@pytest.fixture
def advisor():
    return AdvisorFactory()


@pytest.fixture
def own_and_other(advisor):
    """One company of the advisor's and one of another advisor's, each with a case,
    a certificate and an action item."""
    made = {}
    for label, company in (
        ("own", CompanyFactory(advisor=advisor)),
        ("other", CompanyFactory(advisor=AdvisorFactory())),
    ):
        case = CaseFactory(company=company)
        made[label] = {
            "company": company,
            "case": case,
            "certificate": CertificateFactory(case=case),
            "item": ActionItemFactory(company=company),
        }
    return made


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_no_key_is_refused_with_json_401(api):
    response = api.get("/api/v1/companies/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
    assert response.json() == {"detail": "Manglende autentiseringsinformasjon."}


def test_a_key_sees_no_more_than_its_staff_member(advisor, own_and_other):
    _key, secret = make_key(advisor)
    client = key_client(secret)
    own, other = own_and_other["own"], own_and_other["other"]
    assert _ids(client.get("/api/v1/companies/")) == {own["company"].pk}
    assert _ids(client.get("/api/v1/cases/")) == {own["case"].pk}
    assert _ids(client.get("/api/v1/certificates/")) == {own["certificate"].pk}
    for path in (
        f"/api/v1/companies/{other['company'].pk}/",
        f"/api/v1/cases/{other['case'].pk}/",
        f"/api/v1/certificates/{other['certificate'].pk}/",
        f"/api/v1/action-items/{other['item'].pk}/",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "Ikke funnet."}
    assert client.get(f"/api/v1/action-items/{own['item'].pk}/").status_code == 200


def test_an_issuers_key_sees_every_company(own_and_other):
    _key, secret = make_key(IssuerFactory())
    ids = _ids(key_client(secret).get("/api/v1/companies/"))
    assert ids == {own_and_other["own"]["company"].pk, own_and_other["other"]["company"].pk}


def test_a_key_of_a_former_staff_member_is_refused(advisor):
    _key, secret = make_key(advisor)
    advisor.role = advisor.Role.CLIENT
    advisor.save(update_fields=["role"])
    assert key_client(secret).get("/api/v1/companies/").status_code == 401
    _key, secret = make_key(ClientUserFactory())
    assert key_client(secret).get("/api/v1/companies/").status_code == 401


def test_revoked_and_expired_and_wrong_keys_are_refused(advisor):
    key, secret = make_key(advisor)
    client = key_client(secret)
    assert client.get("/api/v1/companies/").status_code == 200
    key.revoked = True
    key.save(update_fields=["revoked"])
    response = client.get("/api/v1/companies/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Ugyldig eller tilbakekalt API-nøkkel."}
    _key, expired = make_key(advisor, expiry_date=timezone.now() - dt.timedelta(days=1))
    assert key_client(expired).get("/api/v1/companies/").status_code == 401
    assert key_client(secret + "x").get("/api/v1/companies/").status_code == 401
    assert key_client("nonsense").get("/api/v1/companies/").status_code == 401


def test_last_use_is_recorded(advisor):
    key, secret = make_key(advisor)
    assert key.last_used_at is None
    with time_machine.travel(ON, tick=False):
        key_client(secret).get("/api/v1/companies/")
    key.refresh_from_db()
    assert key.last_used_at == ON


def test_each_key_is_throttled_on_its_own_whatever_its_address(advisor, settings):
    settings.API_KEY_RATE = "3/min"
    _key, secret = make_key(advisor)
    client = key_client(secret)
    statuses = [
        client.get("/api/v1/companies/", REMOTE_ADDR=f"10.0.0.{n}").status_code for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/companies/")
    assert refused.json()["detail"].startswith("For mange forespørsler. Prøv igjen om ")
    assert int(refused["Retry-After"]) > 0
    _other, other_secret = make_key(advisor)
    assert key_client(other_secret).get("/api/v1/companies/").status_code == 200


def test_a_read_only_key_is_refused_a_write(advisor, own_and_other):
    item = own_and_other["own"]["item"]
    _key, secret = make_key(advisor, access=ApiKey.Access.READ)
    response = key_client(secret).post(
        f"/api/v1/action-items/{item.pk}/status/", {"status": "DONE"}, format="json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Dette krever en API-nøkkel med tilgang til endring."}
    item.refresh_from_db()
    assert item.status == ActionItem.Status.IN_PROGRESS


def test_a_write_goes_through_the_service_with_the_key_user_as_actor(advisor, own_and_other):
    item = own_and_other["own"]["item"]
    _key, secret = make_key(advisor, access=ApiKey.Access.READ_WRITE)
    client = key_client(secret)
    response = client.post(
        f"/api/v1/action-items/{item.pk}/status/", {"status": "DONE"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "DONE"
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE
    assert item.history.first().history_user == advisor
    # The service's rule: "not applicable" needs a reason, refused as JSON 400.
    refused = client.post(
        f"/api/v1/action-items/{item.pk}/status/", {"status": "NOT_APPLICABLE"}, format="json"
    )
    assert refused.status_code == 400
    assert "status_reason" in refused.json()
    # Another advisor's item is not found, even with a read-write key.
    other = own_and_other["other"]["item"]
    assert (
        client.post(f"/api/v1/action-items/{other.pk}/status/", {"status": "DONE"}, format="json")
    ).status_code == 404


def test_cases_carry_the_stored_decision(advisor, own_and_other):
    _key, secret = make_key(advisor)
    client = key_client(secret)
    with time_machine.travel(dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC), tick=False):
        response = client.get("/api/v1/cases/")
    case = response.json()["results"][0]
    assert case["decision"]["assessment_date"] == "2026-11-25"
    assert [c["class"] for c in case["decision"]["classes"]] == ["B", "A", "A+"]


def test_invoicing_for_issuers_keys_only(advisor):
    certificate = CertificateFactory(issued_at=ON)
    response = key_client(make_key(advisor)[1]).get(
        "/api/v1/invoicing/", {"start": "2026-06-01", "end": "2026-06-30"}
    )
    assert response.status_code == 403
    client = key_client(make_key(IssuerFactory())[1])
    response = client.get("/api/v1/invoicing/", {"start": "2026-06-01", "end": "2026-06-30"})
    assert response.status_code == 200
    assert [line["number"] for line in response.json()] == [certificate.number]
    assert response.json()[0]["issued_on"] == "2026-06-01"
    empty = client.get("/api/v1/invoicing/", {"start": "2026-07-01", "end": "2026-06-30"})
    assert empty.json() == []
    wrong = client.get("/api/v1/invoicing/", {"start": "1. juni", "end": "2026-06-30"})
    assert wrong.status_code == 400
    assert list(wrong.json()) == ["start"]


def test_an_unknown_query_parameter_is_refused(advisor):
    client = key_client(make_key(advisor)[1])
    response = client.get("/api/v1/companies/", {"limt": "10"})
    assert response.status_code == 400
    assert response.json() == {"limt": ["Ukjent parameter."]}
    assert client.get("/api/v1/companies/", {"limit": "x"}).json() == {
        "limit": ["Skal være et heltall fra og med 0."]
    }


def test_an_unknown_api_path_is_a_json_404(api):
    for path in ("/api/v1/nothing/", "/api/v1/companies/1/x/", "/api/v1/cases/%07/"):
        response = api.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "Ikke funnet."}


def test_control_characters_in_a_json_body_are_removed(advisor, own_and_other):
    item = own_and_other["own"]["item"]
    client = key_client(make_key(advisor, access=ApiKey.Access.READ_WRITE)[1])
    response = client.post(
        f"/api/v1/action-items/{item.pk}/status/",
        {"status": "NOT_APPLICABLE", "reason": "Flyttet\x00 ut\x07"},
        format="json",
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.status_reason == "Flyttet ut"
