"""Uploads are stopped as soon as they pass UPLOAD_MAX_BYTES, on every upload path.

The stream tests drive Django's WSGI handler with a body that counts what is read of it,
as gunicorn would hand it over: the limit must hold without reading the rest.
"""

import io

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.urls import reverse
from django.utils import timezone

from certificates.services import certificate_issue
from documents.models import Document
from tests.certificates.scenarios import class_b_case
from tests.documents import files
from tests.factories import ActionItemFactory, ClientUserFactory, CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db
BOUNDARY = "hms-limit-boundary"
LIMIT = 100_000


class CountingBody(io.RawIOBase):
    """A multipart body of one file field of ``size`` bytes, produced as it is read."""

    def __init__(self, size: int, field: str = "pdf"):
        head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="stor.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n'
        ).encode()
        self.parts = [head, size, f"\r\n--{BOUNDARY}--\r\n".encode()]
        self.length = len(head) + size + len(self.parts[2])
        self.position = 0
        self.read_bytes = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        head, size, tail = self.parts
        offset = self.position - len(head)
        if offset < 0:
            data = head[self.position :]
        elif offset < size:
            data = b"x" * min(len(buffer), size - offset)
        else:
            data = tail[offset - size :]
        data = data[: len(buffer)]
        buffer[: len(data)] = data
        self.position += len(data)
        self.read_bytes += len(data)
        return len(data)


def wsgi_post(path: str, body: CountingBody, content_length: int | None = None):
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BufferedReader(body),
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(content_length if content_length is not None else body.length),
    }
    status = []
    content = b"".join(WSGIHandler()(environ, lambda s, headers: status.append(s)))
    return int(status[0].split()[0]), content.decode()


@pytest.fixture
def verify_path(issuer):
    case = class_b_case(today=timezone.localdate())
    certificate = certificate_issue(case=case, klass="B", actor=issuer)
    return reverse("certificates:verify", args=[certificate.verification_code])


def test_an_anonymous_upload_announcing_100_mb_is_refused_unread(verify_path, settings):
    body = CountingBody(100 * 1024 * 1024)

    status, content = wsgi_post(verify_path, body)

    assert status == 413
    assert "Filen er for stor" in content and "20,0\xa0MB" in content
    assert body.read_bytes == 0


def test_an_upload_over_the_limit_is_stopped_while_streaming(verify_path, settings):
    settings.UPLOAD_MAX_BYTES = LIMIT
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * LIMIT  # so the Content-Length passes
    body = CountingBody(5 * LIMIT)

    status, _ = wsgi_post(verify_path, body)

    assert status == 413
    assert body.read_bytes < 2 * LIMIT


def test_an_upload_at_the_limit_is_read_and_checked(verify_path, settings):
    settings.UPLOAD_MAX_BYTES = LIMIT
    body = CountingBody(LIMIT - 20)

    status, _ = wsgi_post(verify_path, body)

    assert status == 403  # read in full and on to the CSRF check (no token in this body)
    assert body.read_bytes == body.length


@pytest.fixture
def client_in_company(client):
    company = CompanyFactory()
    user = ClientUserFactory()
    MembershipFactory(company=company, user=user)
    client.force_login(user)
    return client, company


def test_an_oversize_document_upload_stores_nothing(client_in_company, settings):
    client, company = client_in_company
    settings.UPLOAD_MAX_BYTES = 1024
    big = files.upload("stor.pdf", files.PDF + b"%" + b"x" * 5000)

    response = client.post(
        reverse("documents:upload", args=[company.pk]),
        {"file": big, "category": "OTHER", "effective_from": "2026-10-01"},
    )

    assert response.status_code == 413
    assert "Største tillatte størrelse er 1,0\xa0KB" in response.content.decode()
    assert not Document.objects.exists()
    assert not settings.MEDIA_ROOT.exists() or not list(settings.MEDIA_ROOT.rglob("*"))


def test_oversize_evidence_on_an_action_item_stores_nothing(client_in_company, settings):
    client, company = client_in_company
    item = ActionItemFactory(company=company)
    status_before = item.status
    settings.UPLOAD_MAX_BYTES = 1024

    response = client.post(
        reverse("portal:action_item_update", args=[item.pk]),
        {"status": "DONE", "evidence": files.upload("bevis.png", b"\x89PNG" + b"x" * 5000)},
    )

    assert response.status_code == 413
    item.refresh_from_db()
    assert item.status == status_before
    assert not Document.objects.exists()
