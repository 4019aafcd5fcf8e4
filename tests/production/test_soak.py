"""The soak section's parts: the traffic mix, the workers' memory reading, and the writes
made as a browser makes them (form, CSRF and submission tokens, POST) and checked after."""

import hashlib
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bench import load, soak_writes
from bench.soak import (
    Browser,
    _growth,
    _issue,
    _kind,
    _mix,
    _upload,
    _workers_rss_kb,
    sample_files,
)
from certificates.models import Certificate, CertificationCase
from documents.models import Document
from documents.sniffing import sniff
from tests.certificates.scenarios import class_b_case
from tests.factories import (
    CertificateFactory,
    ClientUserFactory,
    IssuerFactory,
    MembershipFactory,
)


def test_the_mix_takes_every_page_with_its_cookie():
    site = {
        "pages": {"verification": ["/verifiser/a/", "/verifiser/b/"], "portfolio": "/p/"},
        "cookies": {"portfolio": "sessionid=x"},
    }
    assert _mix(site) == [
        ("/verifiser/a/", None),
        ("/verifiser/b/", None),
        ("/p/", "sessionid=x"),
    ]


def test_the_memory_of_the_children_is_summed():
    before = _workers_rss_kb(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        # the child is a Python process with memory of its own
        assert _workers_rss_kb(os.getpid()) > before
    finally:
        child.kill()
        child.wait()


def test_the_kinds_narrow_the_traffic():
    def kinds(chosen, cases_left=True):
        return [_kind(n, cases_left, chosen) for n in range(1, 41)]

    mixed = kinds(("page", "upload", "issue"))
    assert (mixed.count("page"), mixed.count("upload"), mixed.count("issue")) == (36, 2, 2)
    assert set(kinds(("page",))) == {"page"}
    assert set(kinds(("issue", "upload"))) == {"issue", "upload"}
    assert set(kinds(("upload", "issue"), cases_left=False)) == {"upload"}
    assert set(kinds(("issue",), cases_left=False)) == {None}  # nothing left to do


def test_a_replaced_worker_does_not_hide_the_growth():
    # worker 2 grew and was replaced by worker 3, a fresh one: only worker 1 lived through
    samples = [(0.0, {1: 100_000, 2: 100_000}), (60.0, {1: 120_000, 3: 60_000})]
    assert _growth(samples) == (100_000, 120_000, 20.0)


# ---------------------------------------------------------------- the writes, as a browser


def test_the_sample_files_are_a_real_pdf_and_a_real_png():
    kinds = [
        sniff(SimpleUploadedFile(name, data, content_type=kind)).mime
        for name, kind, data in sample_files()
    ]
    assert kinds == ["application/pdf", "image/png"]


def _browser(live_server, user):
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return Browser(load._loopback(live_server.url), cookie)


@pytest.mark.django_db(transaction=True)
def test_the_soak_uploads_and_issues_through_the_real_forms(live_server):
    today = timezone.localdate()
    case = class_b_case(today=today)
    member = MembershipFactory(company=case.company, user=ClientUserFactory())
    uploader = {"upload": reverse("documents:upload", args=[member.company_id])}
    marks = {"certificates_after": 0, "documents_after": 0}

    pdf, png = sample_files()
    browser = _browser(live_server, member.user)
    assert _upload(browser, uploader, pdf, today.isoformat()) == (200, 302)
    assert _upload(browser, uploader, png, today.isoformat()) == (200, 302)
    assert _issue(_browser(live_server, IssuerFactory()), case.pk) == (200, 302)

    assert sorted(Document.objects.values_list("original_name", flat=True)) == [
        "kontroll.pdf",
        "skjema.png",
    ]
    certificate = Certificate.objects.get(case=case)
    assert (certificate.klass, certificate.case.status) == ("B", CertificationCase.Status.ISSUED)
    assert soak_writes.check(marks) == {
        "certificates": 1,
        "certificates_sound": 1,
        "documents": 2,
        "documents_sound": 2,
    }


@pytest.mark.django_db(transaction=True)
def test_a_form_posted_twice_with_its_token_issues_once(live_server):
    case = class_b_case(today=timezone.localdate())
    issuer = _browser(live_server, IssuerFactory())
    path = f"/saker/{case.pk}/utsted/"
    status, fields, cookie = issuer.form(path)
    assert status == 200 and fields["csrfmiddlewaretoken"] and len(fields["_submission"]) == 32
    assert issuer.post(path, cookie, fields | {"klass": "B"}) == 302
    assert issuer.post(path, cookie, fields | {"klass": "B"}) == 302  # shown the first result
    assert Certificate.objects.filter(case=case).count() == 1


@pytest.mark.django_db
def test_the_check_counts_a_pdf_that_does_not_match_its_digest(tmp_path):
    good, bad = CertificateFactory(), CertificateFactory()
    for certificate, stored in ((good, b"%PDF-1.7 good"), (bad, b"%PDF-1.7 bad")):
        certificate.pdf.save(f"{certificate.number}.pdf", ContentFile(stored), save=False)
        certificate.pdf_sha256 = hashlib.sha256(b"%PDF-1.7 good").hexdigest()
        certificate.save(update_fields=["pdf", "pdf_sha256"])
    result = soak_writes.check({"certificates_after": 0, "documents_after": 10**9})
    assert (result["certificates"], result["certificates_sound"]) == (2, 1)
