"""The certificate in English: an original stored and hashed at issuing beside the bokmål one,
and, for a certificate issued before that, a copy rendered on download saying it is a copy."""

import hashlib
import io
import os
import shutil
import subprocess
import time
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from certificates import services, signing
from certificates.models import Certificate
from tests.certificates.scenarios import class_b_case
from tests.factories import ClientUserFactory, MembershipFactory

pytestmark = pytest.mark.django_db

NAME = "Rørlegger Hansen AS"
COPY_NOTE = "made on download"


@pytest.fixture
def certificate(issuer, today):
    case = class_b_case(today=today, name=NAME)
    return services.certificate_issue(case=case, klass="B", actor=issuer)


@pytest.fixture
def old_certificate(certificate):
    """As issued before the English original was stored: no pdf_en, no digest."""
    certificate.pdf_en.delete(save=False)
    certificate.pdf_en_sha256 = ""
    certificate.save(update_fields=["pdf_en", "pdf_en_sha256"])
    return certificate


@pytest.fixture
def member(certificate, client):
    user = ClientUserFactory()
    MembershipFactory(user=user, company=certificate.company)
    client.force_login(user)
    return user


def _download(client, certificate, **params):
    response = client.get(reverse("certificates:pdf", args=[certificate.pk]), params)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def _pdftotext(data: bytes) -> str:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) is needed; .ci/run installs it"
    out = subprocess.run(
        [pdftotext, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(out.split())


def _check(client, certificate, data: bytes) -> str:
    url = reverse("certificates:verify", args=[certificate.verification_code])
    response = client.post(url, {"pdf": SimpleUploadedFile("c.pdf", data, "application/pdf")})
    assert response.status_code == 200
    return response.content.decode()


def test_issuing_stores_both_originals_each_with_the_digest_of_its_signed_file(certificate):
    bokmal, english = certificate.pdf.read(), certificate.pdf_en.read()
    assert certificate.pdf_en.name.endswith(f"{certificate.number}-en.pdf")
    assert hashlib.sha256(bokmal).hexdigest() == certificate.pdf_sha256
    assert hashlib.sha256(english).hexdigest() == certificate.pdf_en_sha256
    assert certificate.pdf_sha256 != certificate.pdf_en_sha256
    assert signing.check_pdf_signature(english).outcome == signing.INTACT
    # rendered as an original in English, not as a copy (the stand-in's title says so)
    assert "(en) original" in PdfReader(BytesIO(english)).metadata.title


def test_reissuing_stores_both_originals_of_the_new_certificate(certificate, issuer):
    new = services.certificate_reissue(certificate=certificate, reason="Navnebytte", actor=issuer)
    assert new.pdf_en and new.pdf_en.name != certificate.pdf_en.name
    assert hashlib.sha256(new.pdf_en.read()).hexdigest() == new.pdf_en_sha256


@pytest.mark.real_pdf
def test_the_english_original_reads_back_in_english_with_the_same_record(certificate):
    data = certificate.pdf_en.read()
    text = _pdftotext(data)
    assert len(PdfReader(BytesIO(data)).pages) == 1
    assert "HSECERTIFICATE" in text.replace(" ", "")  # letter-spaced on the page
    for expected in (
        "This is to certify that",
        NAME,
        "is certified in",
        "Class “B” documents a focus on the working environment",
        f"Valid from {certificate.valid_from:%d.%m.%Y} to {certificate.valid_until:%d.%m.%Y}",
        certificate.number,
        services.verification_url(certificate),
    ):
        assert expected in text, f"{expected!r} not in the English original:\n{text}"
    assert "Det bekreftes herved at" not in text
    assert COPY_NOTE not in text and "translation" not in text


def test_the_english_download_is_the_stored_file_byte_for_byte(client, member, certificate):
    response, data = _download(client, certificate, lang="en")
    assert data == certificate.pdf_en.read()
    assert hashlib.sha256(data).hexdigest() == certificate.pdf_en_sha256
    assert response["Content-Disposition"] == (
        f'attachment; filename="{certificate.number}-en.pdf"'
    )
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.real_pdf
def test_an_old_certificate_without_an_english_original_gets_a_copy_saying_so(
    client, member, old_certificate
):
    _response, data = _download(client, old_certificate, lang="en")
    text = _pdftotext(data)
    assert "This is to certify that" in text and old_certificate.number in text
    assert f"English translation of certificate {old_certificate.number}, {COPY_NOTE}." in text
    assert "belongs to the original, not to this copy" in text
    assert hashlib.sha256(data).hexdigest() != old_certificate.pdf_sha256
    assert not Certificate.objects.get(pk=old_certificate.pk).pdf_en  # nothing stored


def test_an_old_certificates_copy_is_rendered_now_as_a_copy(client, member, old_certificate):
    response, data = _download(client, old_certificate, lang="en")
    title = PdfReader(BytesIO(data)).metadata.title
    assert "(en)" in title and "original" not in title.split("(en)")[1]
    assert response["Content-Disposition"].endswith(f'"{old_certificate.number}-en.pdf"')


@pytest.mark.real_pdf
def test_the_original_stays_the_stored_hashed_bokmal_document(client, member, certificate):
    response, data = _download(client, certificate)
    assert response["Content-Disposition"].endswith(f'"{certificate.number}.pdf"')
    assert hashlib.sha256(data).hexdigest() == certificate.pdf_sha256
    text = _pdftotext(data)
    assert "Det bekreftes herved at" in text
    assert "translation" not in text


def test_an_unknown_language_gives_the_original(client, member, certificate):
    _response, data = _download(client, certificate, lang="sv")
    assert hashlib.sha256(data).hexdigest() == certificate.pdf_sha256


def test_another_companys_client_gets_no_copy(client, certificate, other_company_client):
    client.force_login(other_company_client)
    url = reverse("certificates:pdf", args=[certificate.pk])
    assert client.get(url, {"lang": "en"}).status_code == 404


def test_the_client_is_offered_the_english_original(client, member, certificate):
    page = client.get(reverse("portal:dashboard"), follow=True).content.decode()
    assert f"{reverse('certificates:pdf', args=[certificate.pk])}?lang=en" in page
    assert "Engelsk utgave (PDF)" in page
    assert "Engelsk kopi (PDF)" not in page


def test_a_certificate_without_an_english_original_offers_a_copy(client, member, old_certificate):
    for url in (
        reverse("portal:dashboard"),
        reverse("certificates:detail", args=[old_certificate.pk]),
    ):
        page = client.get(url, follow=True).content.decode()
        assert "Engelsk kopi (PDF)" in page
        assert "Engelsk utgave (PDF)" not in page


def test_the_verification_page_shows_both_fingerprints(client, certificate):
    url = reverse("certificates:verify", args=[certificate.verification_code])
    html = client.get(url).content.decode()
    assert f'data-sha256="nb">{certificate.pdf_sha256}<' in html
    assert f'data-sha256="en">{certificate.pdf_en_sha256}<' in html
    assert "filen kontrolleres mot begge" in html
    json_url = reverse("certificates:verify_json", args=[certificate.verification_code])
    answer = client.get(json_url).json()
    assert answer["pdf_en_sha256"] == certificate.pdf_en_sha256


def test_an_old_certificates_page_shows_one_fingerprint_and_says_why(client, old_certificate):
    url = reverse("certificates:verify", args=[old_certificate.verification_code])
    html = client.get(url).content.decode()
    assert 'data-sha256="en"' not in html
    assert "har ikke et eget fingeravtrykk" in html


def test_the_english_original_is_accepted_as_identical(client, certificate):
    html = _check(client, certificate, certificate.pdf_en.read())
    assert 'data-signature="intact"' in html
    assert 'data-check="match" data-language="en"' in html
    assert "Filen er identisk med det utstedte sertifikatet (den engelske versjonen)." in html


def test_the_bokmal_original_is_still_accepted_as_identical(client, certificate):
    html = _check(client, certificate, certificate.pdf.read())
    assert 'data-check="match" data-language="nb"' in html
    assert "den engelske versjonen" not in html


def test_a_modified_english_original_is_refused(client, certificate):
    data = bytearray(certificate.pdf_en.read())
    data[len(data) // 2] ^= 0x01
    html = _check(client, certificate, bytes(data))
    assert 'data-check="match"' not in html
    assert 'data-check="mismatch"' in html


def test_another_certificates_english_original_names_that_certificate(
    client, certificate, issuer, today
):
    other = services.certificate_issue(
        case=class_b_case(today=today, name="Maler Berg AS"), klass="B", actor=issuer
    )
    html = _check(client, certificate, other.pdf_en.read())
    assert 'data-check="other"' in html and other.number in html


def test_the_orphan_sweep_keeps_english_originals(certificate, settings):
    folder = (settings.MEDIA_ROOT / certificate.pdf_en.name).parent
    (folder / "HMS-2026-09999-en.pdf").write_bytes(b"%PDF- an orphan")
    past = time.time() - 2 * 60 * 60
    for path in folder.iterdir():
        os.utime(path, (past, past))
    call_command("sweep_orphan_files", stdout=io.StringIO())
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([f"{certificate.number}.pdf", f"{certificate.number}-en.pdf"])


@pytest.fixture
def other_company_client(db):
    user = ClientUserFactory()
    MembershipFactory(user=user)
    return user
