"""The certificate in English: a copy rendered on download, saying it is not the original."""

import hashlib
import shutil
import subprocess
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from certificates import services
from tests.certificates.scenarios import class_b_case
from tests.factories import ClientUserFactory, MembershipFactory

pytestmark = pytest.mark.django_db

NAME = "Rørlegger Hansen AS"


@pytest.fixture
def certificate(issuer, today):
    case = class_b_case(today=today, name=NAME)
    return services.certificate_issue(case=case, klass="B", actor=issuer)


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


@pytest.mark.real_pdf
def test_the_english_copy_reads_back_in_english_with_the_same_record(client, member, certificate):
    _response, data = _download(client, certificate, lang="en")
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
        f"English translation of certificate {certificate.number}, made on download.",
        "belongs to the original, not to this copy",
    ):
        assert expected in text, f"{expected!r} not in the English copy:\n{text}"
    assert "Det bekreftes herved at" not in text
    assert hashlib.sha256(data).hexdigest() != certificate.pdf_sha256


@pytest.mark.real_pdf
def test_the_original_stays_the_stored_hashed_bokmal_document(client, member, certificate):
    response, data = _download(client, certificate)
    assert response["Content-Disposition"].endswith(f'"{certificate.number}.pdf"')
    assert hashlib.sha256(data).hexdigest() == certificate.pdf_sha256
    text = _pdftotext(data)
    assert "Det bekreftes herved at" in text
    assert "translation" not in text


def test_the_copy_is_a_named_attachment_not_cached(client, member, certificate):
    response, data = _download(client, certificate, lang="en")
    assert response["Content-Disposition"] == (
        f'attachment; filename="{certificate.number}-en.pdf"'
    )
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    # the stand-in renderer was asked for English (it says so in the PDF's title)
    assert "(en)" in PdfReader(BytesIO(data)).metadata.title


def test_an_unknown_language_gives_the_original(client, member, certificate):
    _response, data = _download(client, certificate, lang="sv")
    assert hashlib.sha256(data).hexdigest() == certificate.pdf_sha256


def test_another_companys_client_gets_no_copy(client, certificate, other_company_client):
    client.force_login(other_company_client)
    url = reverse("certificates:pdf", args=[certificate.pk])
    assert client.get(url, {"lang": "en"}).status_code == 404


def test_the_client_is_offered_the_copy(client, member, certificate):
    page = client.get(reverse("portal:dashboard"), follow=True).content.decode()
    assert f"{reverse('certificates:pdf', args=[certificate.pk])}?lang=en" in page
    assert "Engelsk kopi (PDF)" in page


@pytest.fixture
def other_company_client(db):
    user = ClientUserFactory()
    MembershipFactory(user=user)
    return user
