"""The public endpoints: verification by code and the bulk lookup by organisation number."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import caches

from tests.factories import CertificateFactory, CompanyFactory, valid_organisation_number

pytestmark = pytest.mark.django_db
LOOKUP = "/api/v1/lookup/"
ON = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _fresh_throttle():
    caches["api_throttle"].clear()


@time_machine.travel(ON, tick=False)
def test_verification_by_code(api):
    certificate = CertificateFactory(klass="A+")
    response = api.get(f"/api/v1/verify/{certificate.verification_code}/")
    assert response.status_code == 200
    body = response.json()
    assert (body["number"], body["class"], body["status"], body["valid"]) == (
        certificate.number,
        "A+",
        "valid",
        True,
    )


def test_unknown_code_is_a_json_404_in_bokmal(api):
    response = api.get("/api/v1/verify/no-such-code/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Ingen sertifikater har denne koden."}


def test_unknown_code_in_english_when_asked(api):
    response = api.get("/api/v1/verify/no-such-code/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"detail": "No certificate has this code."}


@time_machine.travel(ON, tick=False)
def test_lookup_answers_each_number_in_order(api):
    valid = CertificateFactory(klass="A")
    revoked = CertificateFactory(revoked_at=ON)
    expired = CertificateFactory(valid_from=dt.date(2024, 1, 1), valid_until=dt.date(2024, 12, 31))
    uncertified = CompanyFactory().organisation_number
    numbers = [
        uncertified,
        valid.organisation_number,
        expired.organisation_number,
        revoked.organisation_number,
    ]
    spaced = f"{valid.organisation_number[:3]} {valid.organisation_number[3:6]} "
    spaced += valid.organisation_number[6:]
    response = api.post(LOOKUP, {"organisation_numbers": [*numbers, spaced]}, format="json")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["organisation_number"] for r in results] == [*numbers, valid.organisation_number]
    assert results[0]["certificate"] is None
    assert results[1]["error"] is None
    assert results[1]["certificate"] == {
        "number": valid.number,
        "class": "A",
        "valid_from": "2025-11-20",
        "valid_until": "2026-11-19",
    }
    assert results[2]["certificate"] is None
    assert results[3]["certificate"] is None
    assert results[4] == results[1]


@time_machine.travel(ON, tick=False)
def test_lookup_of_100_numbers_in_constant_queries(api, django_assert_num_queries):
    certificates = CertificateFactory.create_batch(100)
    numbers = [c.organisation_number for c in certificates]
    # The throttle: its database cache's read, count (culling) and write in a savepoint (6);
    # then the one query of the lookup, whatever the count of numbers.
    with django_assert_num_queries(7):
        few = api.post(LOOKUP, {"organisation_numbers": numbers[:2]}, format="json")
    with django_assert_num_queries(7):
        many = api.post(LOOKUP, {"organisation_numbers": numbers}, format="json")
    assert few.status_code == many.status_code == 200
    assert all(r["certificate"] for r in many.json()["results"])


def test_lookup_answers_a_wrong_check_digit_per_number(api):
    numbers = ["123456789", valid_organisation_number(3)]
    response = api.post(LOOKUP, {"organisation_numbers": numbers}, format="json")
    assert response.status_code == 200
    results = response.json()["results"]
    assert results[0] == {
        "organisation_number": "123456789",
        "error": "Feil kontrollsiffer.",
        "certificate": None,
    }
    assert results[1]["error"] is None


@pytest.mark.parametrize(
    ("numbers", "errors"),
    [
        (["12345"], {"0": ["Et organisasjonsnummer er ni siffer."]}),
        (["923609016", "92360901X"], {"1": ["Et organisasjonsnummer er ni siffer."]}),
        ([], ["Denne listen kan ikke være tom."]),
        ("923609016", ['Forventet en liste over elementer, men fikk type "str".']),
    ],
)
def test_lookup_refuses_what_is_no_organisation_number(api, numbers, errors):
    response = api.post(LOOKUP, {"organisation_numbers": numbers}, format="json")
    assert response.status_code == 400
    assert response.json() == {"organisation_numbers": errors}


def test_lookup_refusal_in_english_when_asked(api):
    response = api.post(
        LOOKUP, {"organisation_numbers": ["12"]}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json() == {
        "organisation_numbers": {"0": ["An organisation number is nine digits."]}
    }


def test_lookup_refuses_more_than_100(api):
    numbers = [valid_organisation_number(n) for n in range(101)]
    response = api.post(LOOKUP, {"organisation_numbers": numbers}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "organisation_numbers": ["Høyst 100 organisasjonsnumre per forespørsel."]
    }


def test_lookup_is_throttled_per_client_address(api, settings):
    settings.API_PUBLIC_RATE = "3/min"
    body = {"organisation_numbers": [valid_organisation_number(1)]}
    statuses = [api.post(LOOKUP, body, format="json").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = api.post(LOOKUP, body, format="json")
    assert refused.json()["detail"].startswith("For mange forespørsler. Prøv igjen om ")
    assert int(refused["Retry-After"]) > 0
    other = api.post(LOOKUP, body, format="json", REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200
