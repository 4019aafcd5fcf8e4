"""The public verification page, its JSON form, the badge and the register: no login."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.urls import reverse

from certificates import selectors, services
from tests.certificates.scenarios import class_b_case
from tests.factories import CaseFactory, CertificateFactory, CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(issuer, today):
    case = class_b_case(today=today, name="Rørlegger Hansen AS")
    return services.certificate_issue(case=case, klass="B", actor=issuer)


def _verify(client, certificate):
    return client.get(reverse("certificates:verify", args=[certificate.verification_code]))


def test_a_valid_certificate_is_shown_as_valid_with_its_facts(client, certificate):
    response = _verify(client, certificate)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="valid"' in html
    assert "Rørlegger Hansen AS" in html
    assert certificate.valid_until.strftime("%d.%m.%Y") in html
    assert certificate.pdf_sha256 in html


def test_the_verification_code_is_not_the_number(client, certificate):
    assert certificate.verification_code != certificate.number
    assert len(certificate.verification_code) >= 20
    response = client.get(reverse("certificates:verify", args=[certificate.number]))
    assert response.status_code == 404


def test_an_expired_certificate_says_expired(client, certificate):
    certificate.valid_from -= dt.timedelta(days=400)
    certificate.valid_until -= dt.timedelta(days=400)
    certificate.save(update_fields=["valid_from", "valid_until"])
    html = _verify(client, certificate).content.decode()
    assert 'data-status="expired"' in html
    assert 'data-status="valid"' not in html


def test_a_revoked_certificate_says_revoked_with_the_reason(client, certificate, issuer):
    services.certificate_revoke(certificate=certificate, reason="Avvik ikke lukket", actor=issuer)
    html = _verify(client, certificate).content.decode()
    assert 'data-status="revoked"' in html
    assert "Avvik ikke lukket" in html


def test_a_superseded_certificate_links_to_its_replacement(client, certificate, issuer):
    new = services.certificate_reissue(certificate=certificate, reason="Navnebytte", actor=issuer)
    html = _verify(client, certificate).content.decode()
    assert 'data-status="superseded"' in html
    assert reverse("certificates:verify", args=[new.verification_code]) in html


def test_an_unknown_code_says_unknown(client, db):
    response = client.get(reverse("certificates:verify", args=["finnes-ikke"]))
    assert response.status_code == 404
    assert 'data-status="unknown"' in response.content.decode()


def test_when_the_database_is_unreachable_the_page_never_says_valid(
    client, certificate, monkeypatch
):
    def unreachable(code):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(selectors, "certificate_by_code", unreachable)
    response = _verify(client, certificate)
    html = response.content.decode()
    assert response.status_code == 503
    assert "Status kan ikke avgjøres" in html
    assert 'data-status="valid"' not in html
    api = client.get(reverse("certificates:verify_json", args=[certificate.verification_code]))
    assert api.status_code == 503
    assert api.json() == {
        "code": certificate.verification_code,
        "status": "unavailable",
        "valid": False,
    }


def test_the_json_form_gives_the_same_answer(client, certificate, issuer):
    url = reverse("certificates:verify_json", args=[certificate.verification_code])
    answer = client.get(url).json()
    assert answer["status"] == "valid" and answer["valid"] is True
    assert answer["class"] == "B"
    assert answer["number"] == certificate.number
    assert answer["company"]["name"] == "Rørlegger Hansen AS"
    assert answer["pdf_sha256"] == certificate.pdf_sha256

    services.certificate_revoke(certificate=certificate, reason="Feil", actor=issuer)
    answer = client.get(url).json()
    assert (answer["status"], answer["valid"], answer["revocation_reason"]) == (
        "revoked",
        False,
        "Feil",
    )


def test_the_stored_pdf_checks_out_and_a_tampered_copy_does_not(client, certificate):
    url = reverse("certificates:verify", args=[certificate.verification_code])
    original = certificate.pdf.read()

    same = client.post(url, {"pdf": SimpleUploadedFile("s.pdf", original, "application/pdf")})
    assert 'data-check="match"' in same.content.decode()

    tampered = original.replace(b"Hansen", b"Hanson", 1) + b"\n%tampered"
    other = client.post(url, {"pdf": SimpleUploadedFile("s.pdf", tampered, "application/pdf")})
    assert 'data-check="mismatch"' in other.content.decode()


def test_the_badge_shows_the_live_status(client, certificate, issuer):
    url = reverse("certificates:badge", args=[certificate.verification_code])
    valid = client.get(url)
    assert valid["Content-Type"].startswith("image/svg+xml")
    assert "Klasse B" in valid.content.decode()

    services.certificate_revoke(certificate=certificate, reason="Feil", actor=issuer)
    assert "TILBAKEKALT" in client.get(url).content.decode()


def test_the_register_lists_valid_certificates_only(client, issuer, today):
    valid = services.certificate_issue(
        case=class_b_case(today=today, name="Gyldig Snekker AS"), klass="B", actor=issuer
    )
    revoked = services.certificate_issue(
        case=class_b_case(today=today, name="Tilbakekalt Maler AS"), klass="B", actor=issuer
    )
    services.certificate_revoke(certificate=revoked, reason="Feil", actor=issuer)
    expired = services.certificate_issue(
        case=class_b_case(today=today, name="Utløpt Elektro AS"), klass="B", actor=issuer
    )
    expired.valid_from -= dt.timedelta(days=400)
    expired.valid_until -= dt.timedelta(days=400)
    expired.save(update_fields=["valid_from", "valid_until"])

    html = client.get(reverse("certificates:register")).content.decode()
    assert "Gyldig Snekker AS" in html
    assert "Tilbakekalt Maler AS" not in html
    assert "Utløpt Elektro AS" not in html

    by_orgnr = client.get(
        reverse("certificates:register"), {"q": valid.company.organisation_number_display}
    ).content.decode()
    assert "Gyldig Snekker AS" in by_orgnr
    nothing = client.get(reverse("certificates:register"), {"q": "Finnes ikke"}).content.decode()
    assert "Ingen gyldige sertifikater passer søket" in nothing


def test_the_register_is_paginated_with_a_bounded_number_of_queries(
    client, issuer, today, django_assert_max_num_queries
):
    for n in range(27):  # issuing is tested elsewhere: certificates in force, as rows
        CertificateFactory(
            case=CaseFactory(company=CompanyFactory(name=f"Bedrift {n:02d} AS"), year=today.year),
            klass="B",
            valid_from=today,
            valid_until=today + dt.timedelta(days=364),
            issued_by=issuer,
        )
    with django_assert_max_num_queries(4):
        first = client.get(reverse("certificates:register")).content.decode()
    assert "Side 1" in first and "side=2" in first
    assert "Bedrift 00 AS" in first and "Bedrift 26 AS" not in first
    second = client.get(reverse("certificates:register"), {"side": 2}).content.decode()
    assert "Bedrift 26 AS" in second
