"""The public verification page, its JSON form, the badge and the register: no login."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from certificates import selectors, services, signing
from tests.certificates.scenarios import class_b_case
from tests.conftest import fake_certificate_pdf
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


def test_the_revocation_shows_its_day_in_oslo_and_its_moment_in_the_json(
    client, certificate, issuer
):
    services.certificate_revoke(certificate=certificate, reason="Feil", actor=issuer)
    late_evening_utc = dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC)  # 00:30 in Oslo
    type(certificate).objects.filter(pk=certificate.pk).update(revoked_at=late_evening_utc)

    assert (
        "Sertifikatet ble tilbakekalt 01.12.2026." in _verify(client, certificate).content.decode()
    )
    url = reverse("certificates:verify_json", args=[certificate.verification_code])
    revoked_at = dt.datetime.fromisoformat(client.get(url).json()["revoked_at"])
    assert revoked_at == late_evening_utc


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


# --- the check of an uploaded copy: signature, integrity, which certificate --------------


def _check(client, certificate, data: bytes, name: str = "sertifikat.pdf"):
    url = reverse("certificates:verify", args=[certificate.verification_code])
    response = client.post(url, {"pdf": SimpleUploadedFile(name, data, "application/pdf")})
    assert response.status_code == 200
    return response.content.decode()


def _signed_on(certificate) -> str:
    return timezone.localdate(certificate.issued_at).strftime("%d.%m.%Y")


def _flip_a_signed_byte(pdf: bytes) -> bytes:
    start, length = map(int, re.search(rb"/ByteRange \[(\d+) (\d+)", pdf).groups())
    data = bytearray(pdf)
    data[start + length // 2] ^= 0x01
    return bytes(data)


def test_our_intact_copy_says_signed_by_us_unchanged_and_the_live_status(client, certificate):
    html = _check(client, certificate, certificate.pdf.read())
    assert 'data-signature="intact"' in html
    assert (
        f"Signert av Bedriftstjenesten AS {_signed_on(certificate)}, ikke endret etter signering."
        in html
    )
    assert 'data-check="match"' in html
    assert "Filen er identisk med det utstedte sertifikatet." in html


def test_our_copy_of_a_revoked_certificate_says_revoked(client, certificate, issuer):
    services.certificate_revoke(certificate=certificate, reason="Avvik ikke lukket", actor=issuer)
    html = _check(client, certificate, certificate.pdf.read())
    assert 'data-signature="intact"' in html
    assert 'data-status="revoked"' in html and "Avvik ikke lukket" in html
    match = html[html.index('data-check="match"') :]
    assert "Tilbakekalt" in match[: match.index("</div>")]


def test_a_copy_changed_after_signing_says_so(client, certificate):
    html = _check(client, certificate, _flip_a_signed_byte(certificate.pdf.read()))
    assert 'data-signature="modified"' in html
    assert (
        f"Signert av Bedriftstjenesten AS {_signed_on(certificate)}, endret etter signering."
        in (html)
    )
    assert "ikke endret etter signering" not in html
    assert 'data-check="mismatch"' in html


def test_a_copy_signed_with_another_key_is_not_signed_by_us(client, certificate, settings):
    ours = (settings.CERTIFICATE_SIGNING_KEY, settings.CERTIFICATE_SIGNING_PASSPHRASE)
    other = settings.MEDIA_ROOT.parent / "other.p12"
    signing.create_self_signed_key(other, "x", common_name="Bedriftstjenesten AS")
    settings.CERTIFICATE_SIGNING_KEY, settings.CERTIFICATE_SIGNING_PASSPHRASE = str(other), "x"
    forged = signing.sign_pdf(fake_certificate_pdf(certificate), reason="Forfalsket")
    settings.CERTIFICATE_SIGNING_KEY, settings.CERTIFICATE_SIGNING_PASSPHRASE = ours

    html = _check(client, certificate, forged)
    assert 'data-signature="not_ours"' in html
    assert "Ikke signert av oss." in html
    assert "Signert av Bedriftstjenesten AS" not in html
    assert 'data-check="mismatch"' in html


def test_an_unsigned_copy_is_not_signed_by_us(client, certificate):
    html = _check(client, certificate, fake_certificate_pdf(certificate))
    assert 'data-signature="unsigned"' in html
    assert "Ikke signert av oss." in html
    assert "Filen har ingen elektronisk signatur." in html
    assert 'data-check="mismatch"' in html


def test_another_genuine_certificate_names_itself(client, certificate, issuer, today):
    other = services.certificate_issue(
        case=class_b_case(today=today, name="Snekker Olsen AS"), klass="B", actor=issuer
    )
    html = _check(client, certificate, other.pdf.read())
    assert 'data-signature="intact"' in html
    assert 'data-check="other"' in html
    assert f"dette er sertifikat {other.number}." in html
    assert reverse("certificates:verify", args=[other.verification_code]) in html
    assert 'data-check="match"' not in html


def test_a_file_that_is_not_a_pdf_is_refused_with_a_clear_message(client, certificate):
    html = _check(client, certificate, b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, name="kopi.pdf")
    assert "Filen er ikke en PDF." in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="copy-check-help id_pdf-errors"' in html
    assert 'id="id_pdf-errors"' in html
    assert "data-signature" not in html and "data-check" not in html


@pytest.mark.parametrize(
    "garbage",
    [b"%PDF-1.7\n" + bytes(range(256)) * 8, b"%PDF-1.4\n1 0 obj <<", b"%PDF-" + b"\xff" * 5000],
)
def test_a_broken_pdf_gives_a_clear_answer_never_an_error(client, certificate, garbage):
    html = _check(client, certificate, garbage)
    assert 'data-signature="unreadable"' in html
    assert "Filen kan ikke leses som PDF." in html


def test_a_truncated_copy_of_ours_cannot_be_read(client, certificate):
    stored = certificate.pdf.read()
    html = _check(client, certificate, stored[: len(stored) // 2])
    assert 'data-signature="unreadable"' in html


def test_no_file_chosen_says_so(client, certificate):
    url = reverse("certificates:verify", args=[certificate.verification_code])
    html = client.post(url, {}).content.decode()
    assert "Velg en PDF-fil å kontrollere." in html
    assert '<label class="form-label" for="id_pdf">PDF-fil</label>' in html


def test_the_page_and_its_checks_take_a_constant_few_queries(
    client, certificate, issuer, today, django_assert_num_queries
):
    other = services.certificate_issue(
        case=class_b_case(today=today, name="Maler Berg AS"), klass="B", actor=issuer
    )
    services.certificate_reissue(certificate=certificate, reason="Navnebytte", actor=issuer)
    ours, theirs = certificate.pdf.read(), other.pdf.read()
    with django_assert_num_queries(1):
        _verify(client, certificate)
    with django_assert_num_queries(1):
        _check(client, certificate, ours)
    with django_assert_num_queries(1):
        _check(client, certificate, _flip_a_signed_byte(theirs))
    with django_assert_num_queries(2):  # and the certificate the file is
        assert 'data-check="other"' in _check(client, certificate, theirs)
