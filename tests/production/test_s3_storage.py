"""The storage guarantees hold on S3 too, against a real S3-protocol server (moto's).

Not a mock of the client: boto3 talks HTTP to moto's server on loopback. CI (``.ci/run``)
starts ``moto_server`` and sets ``HMS_TEST_S3_ENDPOINT``; without it the tests start moto's
threaded server themselves, so they run everywhere and never skip.
"""

import hashlib
import io
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import boto3
import environ
import pytest
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from certificates import services
from documents.models import Category, Document
from hms_cert.storage import s3_storage_from_env
from tests.certificates.scenarios import class_b_case
from tests.documents import files
from tests.factories import ClientUserFactory, CompanyFactory, MembershipFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db
KEYS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    endpoint = os.environ.get("HMS_TEST_S3_ENDPOINT")
    if endpoint:
        yield endpoint
        return
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """A fresh private bucket, made the default storage exactly as settings.py would."""
    name = f"hms-test-{uuid.uuid4().hex[:12]}"
    env = {
        **KEYS,
        "AWS_STORAGE_BUCKET_NAME": name,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": "eu-north-1",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="eu-north-1", **_keys())
    client.create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
    )
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage_from_env(environ.Env())}

    def objects() -> dict[str, bytes]:
        listed = client.list_objects_v2(Bucket=name).get("Contents", [])
        return {
            item["Key"]: client.get_object(Bucket=name, Key=item["Key"])["Body"].read()
            for item in listed
        }

    return objects


def _keys():
    return {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def test_the_bucket_setting_chooses_s3_without_editing_settings():
    env = {
        **os.environ,
        **KEYS,
        "SECRET_KEY": "test-only-secret",
        "AWS_STORAGE_BUCKET_NAME": "hms-media",
    }
    code = "from hms_cert import settings as s; print(s.STORAGES['default'])"
    printed = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    assert "storages.backends.s3.S3Storage" in printed
    assert "'bucket_name': 'hms-media'" in printed
    assert "'file_overwrite': False" in printed and "'default_acl': 'private'" in printed


def test_saves_reads_back_and_never_overwrites(bucket):
    first = default_storage.save("certificates/2026/a.pdf", ContentFile(b"%PDF-1.7 first"))
    second = default_storage.save("certificates/2026/a.pdf", ContentFile(b"%PDF-1.7 second"))

    assert first == "certificates/2026/a.pdf" and second != first
    assert default_storage.open(first).read() == b"%PDF-1.7 first"
    assert bucket() == {first: b"%PDF-1.7 first", second: b"%PDF-1.7 second"}


def test_an_upload_failing_half_way_leaves_no_object(bucket):
    class Broken(io.BytesIO):
        def read(self, *args):
            if self.tell() > 0:
                raise OSError("connection lost")
            return super().read(8)

    with pytest.raises(OSError):
        default_storage.save("documents/half.pdf", File(Broken(b"%PDF-1.7" + b"x" * 100)))

    assert bucket() == {}


def test_an_issued_pdf_is_stored_and_the_verification_page_checks_it(bucket, issuer, client):
    certificate = services.certificate_issue(
        case=class_b_case(today=timezone.localdate()), klass="B", actor=issuer
    )

    stored = bucket()[certificate.pdf.name]
    assert hashlib.sha256(stored).hexdigest() == certificate.pdf_sha256
    url = reverse("certificates:verify", args=[certificate.verification_code])
    response = client.post(url, {"pdf": SimpleUploadedFile("s.pdf", stored, "application/pdf")})
    assert 'data-check="match"' in response.content.decode()


def test_a_failed_issue_deletes_the_pdf_it_stored(bucket, issuer, monkeypatch):
    def crash(certificate, actor):
        raise RuntimeError("worker killed while superseding")

    monkeypatch.setattr(services, "_supersede_earlier", crash)

    with pytest.raises(RuntimeError):
        services.certificate_issue(
            case=class_b_case(today=timezone.localdate()), klass="B", actor=issuer
        )

    assert bucket() == {}


def test_an_upload_is_stored_and_downloaded_only_by_those_who_may(bucket):
    company, other = CompanyFactory(), CompanyFactory()
    owner, stranger = ClientUserFactory(), ClientUserFactory()
    MembershipFactory(company=company, user=owner)
    MembershipFactory(company=other, user=stranger)
    client = Client()
    client.force_login(owner)

    response = client.post(
        reverse("documents:upload", args=[company.pk]),
        {
            "file": files.upload("kontroll.pdf", files.PDF),
            "category": Category.EQUIPMENT_INSPECTION,
            "effective_from": "2026-10-01",
        },
    )

    assert response.status_code == 302
    document = Document.objects.get()
    assert bucket() == {document.file.name: files.PDF}
    download = client.get(reverse("documents:download", args=[document.pk]))
    assert b"".join(download.streaming_content) == files.PDF
    client.force_login(stranger)
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404


def test_a_missing_object_is_404_not_500(bucket):
    company, owner = CompanyFactory(), ClientUserFactory()
    MembershipFactory(company=company, user=owner)
    client = Client()
    client.force_login(owner)
    client.post(
        reverse("documents:upload", args=[company.pk]),
        {
            "file": files.upload("k.pdf", files.PDF),
            "category": "OTHER",
            "effective_from": "2026-10-01",
        },
    )
    document = Document.objects.get()
    default_storage.delete(document.file.name)

    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404


def test_health_checks_the_bucket(bucket, client):
    assert client.get("/helse/").json()["storage"] == "ok"
