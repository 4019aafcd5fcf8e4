"""Uploads: what is refused stores nothing; what is stored is served only to those who may."""

import datetime as dt
import hashlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import Resolver404, resolve, reverse

from documents import services
from documents.models import Category, Document
from tests.documents import files
from tests.factories import TODAY, SurveyFactory

pytestmark = pytest.mark.django_db


def _post(client, company, upload, **fields):
    data = {
        "category": Category.EMPLOYMENT_CONTRACTS,
        "effective_from": "2026-10-01",
        "file": upload,
        **fields,
    }
    return client.post(reverse("documents:upload", args=[company.pk]), data)


def test_a_client_uploads_a_pdf_stored_under_a_random_name(
    client, client_user, company, media_files
):
    client.force_login(client_user)

    response = _post(client, company, files.upload("arbeidsavtaler.pdf", files.PDF))

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.company == company
    assert document.uploaded_by == client_user
    assert document.status == Document.Status.PENDING
    assert document.original_name == "arbeidsavtaler.pdf"
    assert document.content_type == "application/pdf"
    assert document.size == len(files.PDF)
    assert document.sha256 == hashlib.sha256(files.PDF).hexdigest()
    assert document.effective_from == dt.date(2026, 10, 1)
    assert document.criterion == "A3a"  # from the category
    assert re.fullmatch(r"documents/[0-9a-f]{32}\.pdf", document.file.name)
    assert media_files() == [document.file.name]
    assert document.history.get().history_user == client_user


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("skjema.docx", files.docx()),
        ("oversikt.xlsx", files.xlsx()),
        ("bilde.png", files.png_1x1()),
    ],
)
def test_office_documents_and_images_are_accepted(client, client_user, company, name, content):
    client.force_login(client_user)
    assert _post(client, company, files.upload(name, content)).status_code == 302
    assert Document.objects.get().original_name == name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kontrakt.pdf", files.EXE, "Filen kan ikke lastes opp"),
        ("side.html", files.HTML, "Filen kan ikke lastes opp"),
        ("side.pdf", files.HTML, "Filen kan ikke lastes opp"),
        ("makro.docx", files.docm(), "makroer"),
        ("bilde.pdf", files.png_1x1(), "passer ikke med innholdet"),
        ("tom.pdf", b"", "Filen er tom"),
    ],
    ids=["renamed-executable", "html", "html-named-pdf", "macro", "wrong-extension", "empty"],
)
def test_refused_uploads_store_nothing(
    client, client_user, company, media_files, name, content, message
):
    client.force_login(client_user)

    response = _post(client, company, files.upload(name, content))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()
    assert media_files() == []


@override_settings(UPLOAD_MAX_BYTES=1024)
def test_an_oversize_file_is_refused_and_nothing_stored(client, client_user, company, media_files):
    client.force_login(client_user)
    big_pdf = files.PDF + b"%" + b"x" * 2000 + b"\n%%EOF\n"

    response = _post(client, company, files.upload("stor.pdf", big_pdf))

    assert "Filen er for stor" in response.content.decode()
    assert "1,0" in response.content.decode()  # the limit, in bokmål
    assert not Document.objects.exists()
    assert media_files() == []


def test_a_path_traversal_name_is_refused_and_nothing_stored(
    client, client_user, company, media_files
):
    """Django keeps only the last part (``passwd``), which has no extension fitting a PDF."""
    client.force_login(client_user)
    body, content_type = files.multipart_with_raw_filename(
        {"category": Category.OTHER, "effective_from": "2026-10-01"},
        "../../etc/passwd",
        files.PDF,
    )

    response = client.generic(
        "POST", reverse("documents:upload", args=[company.pk]), body, content_type=content_type
    )

    assert response.status_code == 200
    assert "passer ikke med innholdet" in response.content.decode()
    assert not Document.objects.exists()
    assert media_files() == []


def test_a_traversal_name_with_an_extension_is_reduced_to_its_basename(
    client, client_user, company, media_files, settings
):
    client.force_login(client_user)
    body, content_type = files.multipart_with_raw_filename(
        {"category": Category.OTHER, "effective_from": "2026-10-01"},
        "../../../tmp/evil.pdf",
        files.PDF,
    )

    client.generic(
        "POST", reverse("documents:upload", args=[company.pk]), body, content_type=content_type
    )

    document = Document.objects.get()
    assert document.original_name == "evil.pdf"
    assert media_files() == [document.file.name]
    assert (
        (settings.MEDIA_ROOT / document.file.name)
        .resolve()
        .is_relative_to(settings.MEDIA_ROOT.resolve())
    )


def test_the_service_refuses_a_path_in_the_name(client_user, company, media_files):
    """Uploaded files lose their directories in Django; any other file object must not pass."""
    with pytest.raises(ValidationError, match="Ugyldig filnavn"):
        services.document_upload(
            company=company,
            actor=client_user,
            file=ContentFile(files.PDF, name="../../etc/passwd"),
            category=Category.OTHER,
            effective_from=TODAY,
        )
    assert not Document.objects.exists()
    assert media_files() == []


def test_dates_are_checked(client, client_user, company):
    client.force_login(client_user)
    response = _post(client, company, files.upload("a.pdf", files.PDF), effective_from="2026-12-01")
    assert "fram i tid" in response.content.decode()
    response = _post(client, company, files.upload("a.pdf", files.PDF), expires_on="2026-01-01")
    assert "Utløpsdatoen kan ikke være før" in response.content.decode()
    assert not Document.objects.exists()


def test_a_survey_of_another_company_cannot_be_linked(client_user, company, other_company):
    survey = SurveyFactory(company=other_company)
    with pytest.raises(ValidationError):
        services.document_upload(
            company=company,
            actor=client_user,
            file=files.upload("a.pdf", files.PDF),
            category=Category.OWN_PHYSICAL_SURVEY,
            effective_from=TODAY,
            survey=survey,
        )
    assert not Document.objects.exists()


def test_the_upload_form_offers_only_the_companys_own_surveys(
    client, client_user, company, other_company
):
    own = SurveyFactory(company=company)
    foreign = SurveyFactory(company=other_company)
    client.force_login(client_user)
    response = client.get(reverse("documents:upload", args=[company.pk]))
    choices = [pk for pk, _label in response.context["form"].fields["survey"].choices if pk]
    assert [int(str(pk)) for pk in choices] == [own.pk]
    assert foreign.pk not in [int(str(pk)) for pk in choices]


@pytest.fixture
def stored(client_user, company):
    return services.document_upload(
        company=company,
        actor=client_user,
        file=files.upload("kontroll.pdf", files.PDF),
        category=Category.EQUIPMENT_INSPECTION,
        effective_from=TODAY,
    )


@pytest.mark.parametrize("who", ["client_user", "advisor", "issuer"])
def test_the_file_downloads_byte_identical_as_an_attachment(client, request, stored, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("documents:download", args=[stored.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="kontroll.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("who", ["other_client", "other_advisor"])
def test_another_companys_people_get_404(client, request, stored, company, who):
    client.force_login(request.getfixturevalue(who))
    for url in (
        reverse("documents:download", args=[stored.pk]),
        reverse("documents:company_documents", args=[company.pk]),
        reverse("documents:upload", args=[company.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("documents:upload", args=[company.pk]),
            {
                "category": Category.OTHER,
                "effective_from": "2026-10-01",
                "file": files.upload("a.pdf", files.PDF),
            },
        ).status_code
        == 404
    )
    assert Document.objects.count() == 1


def test_anonymous_users_are_sent_to_the_login_page(client, stored, company):
    for url in (
        reverse("documents:download", args=[stored.pk]),
        reverse("documents:company_documents", args=[company.pk]),
        reverse("documents:upload", args=[company.pk]),
        reverse("documents:review_queue"),
        reverse("documents:review", args=[stored.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_no_url_serves_media_root(client, stored):
    path = f"/media/{stored.file.name}"
    with pytest.raises(Resolver404):
        resolve(path)
    assert client.get(path).status_code == 404


def test_the_company_list_shows_status_and_the_advisors_comment(
    client, client_user, company, stored
):
    Document.objects.filter(pk=stored.pk).update(
        status=Document.Status.REJECTED, review_comment="Mangler signatur på side 2."
    )
    client.force_login(client_user)
    html = client.get(reverse("documents:company_documents", args=[company.pk])).content.decode()
    assert "kontroll.pdf" in html
    assert "Avvist" in html
    assert "Mangler signatur på side 2." in html


def test_empty_state(client, client_user, company):
    client.force_login(client_user)
    html = client.get(reverse("documents:company_documents", args=[company.pk])).content.decode()
    assert "Ingen dokumenter er lastet opp ennå" in html
