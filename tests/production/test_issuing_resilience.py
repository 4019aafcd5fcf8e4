"""Issuing is all or nothing: a failure in storage or after the number is drawn leaves no
certificate, no number and no file; stored files outlive the process that wrote them.

(The PDF-rendering failure and the double submit through the view are in
tests/certificates/test_issuing.py.)
"""

import errno
import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import empty

from certificates import services
from certificates.models import Certificate, CertificateNumberSequence, CertificationCase
from tests.certificates.scenarios import class_b_case

pytestmark = pytest.mark.django_db


def files_under(root):
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def assert_nothing_issued(case, settings):
    assert not Certificate.objects.exists()
    assert not CertificateNumberSequence.objects.filter(last_number__gt=0).exists()
    case.refresh_from_db()
    assert case.status == CertificationCase.Status.READY
    assert files_under(settings.MEDIA_ROOT) == []


@pytest.fixture
def case():
    return class_b_case(today=timezone.localdate())


def disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_storage_refusing_the_pdf_leaves_nothing(case, issuer, monkeypatch, settings):
    monkeypatch.setattr(FileSystemStorage, "save", disk_full)

    with pytest.raises(OSError, match="No space left"):
        services.certificate_issue(case=case, klass="B", actor=issuer)

    assert_nothing_issued(case, settings)


def test_storage_failing_half_way_through_the_file_leaves_no_partial_file(
    case, issuer, monkeypatch, settings
):
    """The disk fills up after the first bytes: no truncated PDF may stay behind."""

    def chunks_then_full(self, chunk_size=None):
        yield b"%PDF-1.7 first bytes"
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ContentFile, "chunks", chunks_then_full)

    with pytest.raises(OSError, match="No space left"):
        services.certificate_issue(case=case, klass="B", actor=issuer)

    assert_nothing_issued(case, settings)


def test_a_failure_after_the_number_is_drawn_and_the_pdf_stored_leaves_nothing(
    case, issuer, monkeypatch, settings
):
    def crash(certificate, actor):
        raise RuntimeError("worker killed while superseding")

    monkeypatch.setattr(services, "_supersede_earlier", crash)

    with pytest.raises(RuntimeError):
        services.certificate_issue(case=case, klass="B", actor=issuer)

    assert_nothing_issued(case, settings)
    # The number was given back: the next issue gets 00001, with no gap.
    monkeypatch.undo()
    assert services.certificate_issue(case=case, klass="B", actor=issuer).number.endswith("00001")


def test_storage_failure_through_the_page_is_a_clean_500_and_issues_nothing(
    case, issuer, monkeypatch, settings
):
    monkeypatch.setattr(FileSystemStorage, "save", disk_full)
    client = Client(raise_request_exception=False)
    client.force_login(issuer)

    response = client.post(reverse("certificates:issue", args=[case.pk]), {"klass": "B"})

    assert response.status_code == 500
    assert "Traceback" not in response.content.decode()
    assert_nothing_issued(case, settings)


def test_a_stored_pdf_survives_a_restart(case, issuer):
    """What one process stored, a fresh storage (as after a restart) reads back unchanged."""
    certificate = services.certificate_issue(case=case, klass="B", actor=issuer)
    name, digest = certificate.pdf.name, certificate.pdf_sha256

    # A restart: the storage objects are built again from the settings; nothing in memory.
    fresh = storages.create_storage(storages.backends["default"])
    default_storage._wrapped = empty
    storages._storages.clear()

    with fresh.open(name, "rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == digest
    with Certificate.objects.get(pk=certificate.pk).pdf.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == digest


def test_an_outer_rollback_takes_the_certificate_and_its_number_with_it(case, issuer):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.certificate_issue(case=case, klass="B", actor=issuer)
        raise RuntimeError("the caller failed afterwards")
    assert not Certificate.objects.exists()
    assert not CertificateNumberSequence.objects.filter(last_number__gt=0).exists()
