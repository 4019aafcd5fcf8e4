"""Issuing: the class chosen is the eligible class or lower, by issuers only, all or nothing."""

import datetime as dt
import hashlib
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from certificates import services, signing
from certificates.models import Certificate, CertificateNumberSequence, CertificationCase
from hms_rules import texts as rules_texts
from tests.certificates.scenarios import class_a_case, class_a_plus_case, class_b_case
from tests.certificates.test_signing import pdfa_identification
from tests.factories import ClientUserFactory

pytestmark = pytest.mark.django_db


def test_issuing_class_b_freezes_the_decision_and_stores_the_pdf(issuer, today):
    case = class_b_case(today=today)

    certificate = services.certificate_issue(case=case, klass="B", actor=issuer)

    assert certificate.number == f"HMS-{today.year}-00001"
    assert certificate.valid_from == today
    assert certificate.valid_until == today.replace(year=today.year + 1) - dt.timedelta(days=1)
    assert certificate.decision["eligible_class"] == "B"
    assert certificate.decision["rule_set"] == "2004-09-27"
    assert certificate.facts["assessment_date"] == today.isoformat()
    assert len(certificate.facts["surveys"]) == 1
    stored = certificate.pdf.read()
    assert stored.startswith(b"%PDF")
    assert hashlib.sha256(stored).hexdigest() == certificate.pdf_sha256
    case.refresh_from_db()
    assert case.status == CertificationCase.Status.ISSUED
    assert certificate.history.first().history_user == issuer


def test_the_stored_pdf_is_signed_and_its_digest_is_of_the_signed_file(issuer, today):
    """Every stored certificate is signed, the suite's stand-in PDF too (tests/conftest.py)."""
    certificate = services.certificate_issue(
        case=class_b_case(today=today), klass="B", actor=issuer
    )
    stored = certificate.pdf.read()
    assert signing.check_pdf_signature(stored).outcome == signing.INTACT
    assert hashlib.sha256(stored).hexdigest() == certificate.pdf_sha256


@pytest.mark.real_pdf
def test_the_real_certificate_is_signed_pdf_a_and_tagged(issuer, today):
    certificate = services.certificate_issue(
        case=class_b_case(today=today), klass="B", actor=issuer
    )
    stored = certificate.pdf.read()
    check = signing.check_pdf_signature(stored)
    assert check.outcome == signing.INTACT
    assert timezone.localdate(check.signed_at) == today
    assert hashlib.sha256(stored).hexdigest() == certificate.pdf_sha256
    assert pdfa_identification(stored) == ("3", "B")
    reader = PdfReader(io.BytesIO(stored))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert certificate.number in reader.pages[0].extract_text()


def test_the_frozen_decision_keeps_its_texts_in_both_languages(issuer, today, monkeypatch):
    case = class_a_case(today=today)
    certificate = services.certificate_issue(case=case, klass="A", actor=issuer)
    p1 = certificate.decision["classes"][2]["criteria"][0]
    assert p1["text"] == "Sertifisert i klasse A eller høyere foregående år"
    assert p1["missing"].startswith("Ingen tidligere sertifikat i klasse A eller A+")
    assert p1["translations"]["en"]["text"] == "Certified in class A or higher the previous year"
    assert p1["translations"]["en"]["missing"].startswith("No earlier certificate of class A")

    # A later change of the engine's texts leaves the stored decision as it was at issuing.
    monkeypatch.setitem(rules_texts.MESSAGES, "P1", ("Endret", "Changed"))
    certificate.refresh_from_db()
    assert certificate.decision["classes"][2]["criteria"][0] == p1


def test_a_lower_class_than_the_eligible_one_may_be_issued(issuer, today):
    case = class_a_case(today=today)
    certificate = services.certificate_issue(case=case, klass="B", actor=issuer)
    assert certificate.klass == "B"
    assert certificate.decision["eligible_class"] == "A"


def test_issuing_above_the_eligible_class_is_refused_and_draws_no_number(issuer, today):
    case = class_b_case(today=today)

    with pytest.raises(ValidationError) as refused:
        services.certificate_issue(case=case, klass="A", actor=issuer)

    assert "Klasse A kan ikke utstedes: saken oppfyller klasse B" in refused.value.messages[0]
    assert not Certificate.objects.exists()
    assert not CertificateNumberSequence.objects.filter(last_number__gt=0).exists()
    assert services.certificate_issue(case=case, klass="B", actor=issuer).number.endswith("00001")


def test_a_plus_is_refused_without_last_years_a(issuer, today):
    case = class_a_case(today=today)
    with pytest.raises(ValidationError, match="saken oppfyller klasse A"):
        services.certificate_issue(case=case, klass="A+", actor=issuer)


def test_a_plus_is_issued_with_last_years_a(issuer, today):
    case = class_a_plus_case(today=today, issuer=issuer)
    certificate = services.certificate_issue(case=case, klass="A+", actor=issuer)
    assert certificate.klass == "A+"
    earlier = Certificate.objects.exclude(pk=certificate.pk).get()
    assert earlier.superseded_by == certificate


def test_a_case_meeting_no_class_cannot_be_issued(issuer, today):
    case = class_b_case(today=today)
    case.company.risk_assessments.all().delete()
    with pytest.raises(ValidationError, match="oppfyller ingen klasse"):
        services.certificate_issue(case=case, klass="B", actor=issuer)


def test_only_issuers_may_issue(advisor, today):
    case = class_b_case(today=today)
    with pytest.raises(PermissionDenied):
        services.certificate_issue(case=case, klass="B", actor=advisor)
    assert not Certificate.objects.exists()


def test_a_case_not_sent_to_issuing_is_refused(issuer, today):
    case = class_b_case(today=today, status=CertificationCase.Status.OPEN)
    with pytest.raises(ValidationError, match="ikke sendt til utstedelse"):
        services.certificate_issue(case=case, klass="B", actor=issuer)


def test_route_and_fee_follow_the_follow_up_agreement(issuer, today, settings):
    settings.CERTIFICATE_FEE_NOK = Decimal("1950.00")
    with_agreement = class_b_case(today=today, follow_up_agreement=True)
    own_surveys = class_b_case(today=today, follow_up_agreement=False)

    free = services.certificate_issue(case=with_agreement, klass="B", actor=issuer)
    paid = services.certificate_issue(case=own_surveys, klass="B", actor=issuer)

    assert (free.route, free.fee) == (Certificate.Route.FOLLOW_UP, Decimal("0.00"))
    assert (paid.route, paid.fee) == (Certificate.Route.VERIFIED, Decimal("1950.00"))
    assert paid.number == f"HMS-{today.year}-00002"


def test_a_failure_while_rendering_leaves_no_certificate_no_number_no_file(
    issuer, today, monkeypatch, settings
):
    case = class_b_case(today=today)

    def broken(document):
        raise RuntimeError("WeasyPrint crashed")

    monkeypatch.setattr(services, "render_certificate_pdf", broken)
    with pytest.raises(RuntimeError):
        services.certificate_issue(case=case, klass="B", actor=issuer)

    assert not Certificate.objects.exists()
    assert not CertificateNumberSequence.objects.filter(last_number__gt=0).exists()
    case.refresh_from_db()
    assert case.status == CertificationCase.Status.READY
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_failure_while_saving_removes_the_stored_file(issuer, today, monkeypatch, settings):
    case = class_b_case(today=today)

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Certificate, "save", broken_save)
    with pytest.raises(RuntimeError):
        services.certificate_issue(case=case, klass="B", actor=issuer)

    assert not any(p.is_file() for p in settings.MEDIA_ROOT.rglob("*"))
    assert not CertificateNumberSequence.objects.filter(last_number__gt=0).exists()


def test_revoking_records_who_when_and_why(issuer, today):
    certificate = services.certificate_issue(
        case=class_b_case(today=today), klass="B", actor=issuer
    )

    services.certificate_revoke(certificate=certificate, reason="Feil i grunnlaget", actor=issuer)

    certificate.refresh_from_db()
    assert certificate.revoked_by == issuer
    assert certificate.revocation_reason == "Feil i grunnlaget"
    assert certificate.status_on(today) == "revoked"
    with pytest.raises(ValidationError, match="allerede tilbakekalt"):
        services.certificate_revoke(certificate=certificate, reason="igjen", actor=issuer)


def test_revoking_needs_a_reason(issuer, today):
    certificate = services.certificate_issue(
        case=class_b_case(today=today), klass="B", actor=issuer
    )
    with pytest.raises(ValidationError):
        services.certificate_revoke(certificate=certificate, reason="  ", actor=issuer)
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_reissuing_revokes_the_old_and_issues_on_the_same_decision(issuer, today):
    case = class_b_case(today=today)
    old = services.certificate_issue(case=case, klass="B", actor=issuer)
    case.company.name = "Nytt Navn AS"
    case.company.save(update_fields=["name"])

    new = services.certificate_reissue(certificate=old, reason="Nytt firmanavn", actor=issuer)

    old.refresh_from_db()
    assert old.is_revoked and old.superseded_by == new
    assert old.status_on(today) == "superseded"
    assert new.number == f"HMS-{today.year}-00002"
    assert new.decision == old.decision and new.facts == old.facts
    assert new.valid_until == old.valid_until
    assert new.fee == Decimal("0.00")
    assert new.status_on(today) == "valid"


# --- Through the pages ---------------------------------------------------------------


def test_the_issuer_issues_from_the_queue(client, issuer, today):
    case = class_b_case(today=today)
    client.force_login(issuer)

    queue = client.get(reverse("certificates:issuing_queue"))
    assert case.company.name in queue.content.decode()

    response = client.post(
        reverse("certificates:issue", args=[case.pk]), {"klass": "B"}, follow=True
    )
    assert f"Sertifikat HMS-{today.year}-00001 er utstedt" in response.content.decode()
    pdf = client.get(reverse("certificates:pdf", args=[Certificate.objects.get().pk]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_a_double_submitted_issue_form_issues_one_certificate(client, issuer, today):
    case = class_b_case(today=today)
    client.force_login(issuer)
    url = reverse("certificates:issue", args=[case.pk])

    client.post(url, {"klass": "B"})
    second = client.post(url, {"klass": "B"}, follow=True)

    assert Certificate.objects.count() == 1
    assert "allerede utstedt" in second.content.decode()


def test_the_issue_page_refuses_a_higher_class_with_a_clear_message(client, issuer, today):
    case = class_b_case(today=today)
    client.force_login(issuer)
    response = client.post(reverse("certificates:issue", args=[case.pk]), {"klass": "A+"})
    assert response.status_code == 200
    assert "Klasse A+ kan ikke utstedes: saken oppfyller klasse B" in response.content.decode()
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("role", ["advisor", "client"])
def test_non_issuers_get_403_on_issuing_pages(client, today, role, advisor):
    from tests.factories import ClientUserFactory

    case = class_b_case(today=today, advisor=advisor)
    user = advisor if role == "advisor" else ClientUserFactory()
    client.force_login(user)
    for url in (
        reverse("certificates:issuing_queue"),
        reverse("certificates:issue", args=[case.pk]),
        reverse("certificates:invoicing"),
    ):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(reverse("certificates:issue", args=[case.pk]), {"klass": "B"}).status_code
        == 403
    )
    assert not Certificate.objects.exists()


def test_anonymous_users_are_sent_to_login_from_issuing_pages(client, today):
    case = class_b_case(today=today)
    response = client.get(reverse("certificates:issue", args=[case.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_revoke_and_reissue_pages_ask_for_a_reason_first(client, issuer, today):
    certificate = services.certificate_issue(
        case=class_b_case(today=today), klass="B", actor=issuer
    )
    client.force_login(issuer)
    url = reverse("certificates:revoke", args=[certificate.pk])

    confirm = client.get(url)
    assert "aldri gyldig igjen" in confirm.content.decode()
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 200
    certificate.refresh_from_db()
    assert not certificate.is_revoked

    client.post(url, {"reason": "Virksomheten er avviklet"})
    certificate.refresh_from_db()
    assert certificate.revocation_reason == "Virksomheten er avviklet"


def test_an_advisor_cannot_revoke(client, advisor, issuer, today):
    case = class_b_case(today=today, advisor=advisor)
    certificate = services.certificate_issue(case=case, klass="B", actor=issuer)
    client.force_login(advisor)
    response = client.post(reverse("certificates:revoke", args=[certificate.pk]), {"reason": "x"})
    assert response.status_code == 403
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_a_case_meeting_no_class_is_not_sent_to_issuing(advisor, today):
    case = class_b_case(today=today, status=CertificationCase.Status.OPEN, advisor=advisor)
    case.company.surveys.all().delete()
    with pytest.raises(ValidationError, match="oppfyller ingen klasse i dag"):
        services.case_send_to_issuing(case=case, actor=advisor)
    case.refresh_from_db()
    assert case.status == CertificationCase.Status.OPEN


def test_sending_to_issuing_records_who_and_puts_the_case_in_the_queue(
    client, advisor, issuer, today
):
    case = class_b_case(today=today, status=CertificationCase.Status.OPEN, advisor=advisor)
    decision = services.case_send_to_issuing(case=case, actor=advisor)
    assert decision.eligible_class == "B"
    case.refresh_from_db()
    assert (case.status, case.sent_to_issuing_by) == (CertificationCase.Status.READY, advisor)
    assert case.history.first().history_user == advisor
    client.force_login(issuer)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("certificates:issue", args=[case.pk]) in page


@pytest.mark.parametrize("who", ["client", "anonymous"])
def test_issuing_revoking_and_reissuing_are_refused_in_the_service(who, issuer, today):
    actor = AnonymousUser() if who == "anonymous" else ClientUserFactory()
    certificate = services.certificate_issue(
        case=class_b_case(today=today), klass="B", actor=issuer
    )
    with pytest.raises(PermissionDenied):
        services.certificate_issue(case=class_b_case(today=today), klass="B", actor=actor)
    with pytest.raises(PermissionDenied):
        services.certificate_revoke(certificate=certificate, reason="Feil", actor=actor)
    with pytest.raises(PermissionDenied):
        services.certificate_reissue(certificate=certificate, reason="Nytt navn", actor=actor)
    assert Certificate.objects.get().revoked_at is None
