"""State changes of cases and certificates: one function each, one transaction each.

Every change that matters to a certificate is recorded by django-simple-history with
the acting user (``hms_cert.history``), inside the same transaction as the change; the
steps of issuing (send to issuing, reopen, issue, supersede, revoke, reissue, close) are
also written as explicit ``CertificationEvent`` rows, with actor, time and reason.

A step that has already been done (the loser of a double submit, which waits for the
winner's row lock and then re-reads the row) raises ``ValidationError`` with a code in
``ALREADY_DONE``; the views answer it with an "already done" page linking to the result.
Rows are locked ``FOR NO KEY UPDATE`` (``no_key=True``), the lock an UPDATE takes: it
still makes a second issuer wait, but not a transaction that only inserts a row
referring to the locked one (an event naming the company), which could otherwise
deadlock with us on PostgreSQL.
"""

import hashlib
import logging
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

import hms_rules as rules
from certificates.facts import build_facts
from certificates.invoicing import route_and_fee
from certificates.models import (
    Certificate,
    CertificateNumberSequence,
    CertificationCase,
    CertificationEvent,
    Confirmation,
)
from certificates.pdf import CertificateDocument, render_certificate_pdf
from certificates.signing import sign_pdf
from certificates.validity import validity_end
from companies.models import Company
from hms_cert.history import delete_with_history, save_with_history
from hms_rules import json_form as rules_json

logger = logging.getLogger("hms.certificates")

ALREADY_SENT = "already_sent"
ALREADY_OPEN = "already_open"
ALREADY_ISSUED = "already_issued"
ALREADY_REVOKED = "already_revoked"
ALREADY_REISSUED = "already_reissued"
ALREADY_DONE = frozenset(
    {ALREADY_SENT, ALREADY_OPEN, ALREADY_ISSUED, ALREADY_REVOKED, ALREADY_REISSUED}
)


def _record(kind: str, *, case: CertificationCase, actor, **fields) -> CertificationEvent:
    """Write one event; call inside the transaction of the change it records."""
    return CertificationEvent.objects.create(
        kind=kind, company_id=case.company_id, case=case, actor=actor, **fields
    )


def case_get_or_open(*, company: Company, year: int, actor) -> CertificationCase:
    """The company's case for ``year``, opened now if there is none."""
    case = CertificationCase.objects.filter(company=company, year=year).first()
    if case is not None:
        return case
    try:
        with transaction.atomic():
            case = CertificationCase(company=company, year=year)
            save_with_history(case, actor=actor)
            return case
    except IntegrityError:
        # Another request opened it at the same moment.
        return CertificationCase.objects.get(company=company, year=year)


def _require_open(case: CertificationCase) -> None:
    if case.status not in (CertificationCase.Status.OPEN, CertificationCase.Status.READY):
        raise ValidationError(
            _("Saken er %(status)s og kan ikke endres."),
            params={"status": case.get_status_display().lower()},
        )


def confirmation_record(
    *, case: CertificationCase, kind: str, text: str, confirmed_on: date, actor
) -> Confirmation:
    """Record (or update) one of the confirmations the criteria ask of our staff."""
    if kind in Confirmation.ISSUER_ONLY and not actor.is_issuer:
        raise PermissionDenied(_("Bare utsteder kan registrere denne bekreftelsen."))
    text = text.strip()
    if kind in Confirmation.TEXT_REQUIRED and not text:
        raise ValidationError({"text": _("Skriv en begrunnelse.")})
    with transaction.atomic():
        case = CertificationCase.objects.select_for_update().get(pk=case.pk)
        _require_open(case)
        confirmation = Confirmation.objects.filter(case=case, kind=kind).first()
        if confirmation is None:
            confirmation = Confirmation(case=case, kind=kind)
        confirmation.text = text
        confirmation.confirmed_on = confirmed_on
        confirmation.confirmed_by = actor
        save_with_history(confirmation, actor=actor)
        return confirmation


def confirmation_withdraw(*, confirmation: Confirmation, actor) -> None:
    """Take a confirmation back; the history keeps that it was there and who removed it."""
    if confirmation.kind in Confirmation.ISSUER_ONLY and not actor.is_issuer:
        raise PermissionDenied(_("Bare utsteder kan trekke tilbake denne bekreftelsen."))
    with transaction.atomic():
        case = CertificationCase.objects.select_for_update().get(pk=confirmation.case_id)
        _require_open(case)
        delete_with_history(confirmation, actor=actor)


def case_send_to_issuing(*, case: CertificationCase, actor) -> rules.Decision:
    """The advisor hands the case to the issuers' queue; returns today's decision.

    A case that meets no class today is refused: nothing could be issued for it
    (issuing never goes above the eligible class).
    """
    with transaction.atomic():
        case = (
            CertificationCase.objects.select_for_update(no_key=True)
            .select_related("company")
            .get(pk=case.pk)
        )
        if case.status == CertificationCase.Status.READY:
            raise ValidationError(_("Saken er allerede sendt til utstedelse."), code=ALREADY_SENT)
        if case.status != CertificationCase.Status.OPEN:
            raise ValidationError(_("Bare åpne saker kan sendes til utstedelse."))
        facts = build_facts(company=case.company, case=case, on=timezone.localdate())
        decision = rules.decide(facts)
        if decision.eligible_class is None:
            raise ValidationError(
                _("Saken oppfyller ingen klasse i dag og kan ikke sendes til utstedelse.")
            )
        case.status = CertificationCase.Status.READY
        case.sent_to_issuing_at = timezone.now()
        case.sent_to_issuing_by = actor
        save_with_history(
            case, actor=actor, update_fields=["status", "sent_to_issuing_at", "sent_to_issuing_by"]
        )
        _record(
            CertificationEvent.Kind.SENT_TO_ISSUING,
            case=case,
            actor=actor,
            at=case.sent_to_issuing_at,
            eligible_class=decision.eligible_class,
        )
        return decision


def case_reopen(*, case: CertificationCase, actor, reason: str = "") -> CertificationCase:
    """Take a case back from the issuers' queue, e.g. to add what is missing."""
    with transaction.atomic():
        case = CertificationCase.objects.select_for_update(no_key=True).get(pk=case.pk)
        if case.status == CertificationCase.Status.OPEN:
            raise ValidationError(_("Saken er allerede åpen."), code=ALREADY_OPEN)
        if case.status != CertificationCase.Status.READY:
            raise ValidationError(_("Bare saker som venter på utstedelse kan åpnes igjen."))
        case.status = CertificationCase.Status.OPEN
        save_with_history(case, actor=actor, update_fields=["status"])
        _record(CertificationEvent.Kind.REOPENED, case=case, actor=actor, reason=reason.strip())
        return case


# --- Issuing -------------------------------------------------------------------------


def _require_issuer(actor) -> None:
    if not actor.has_perm("certificates.issue"):
        raise PermissionDenied(
            _("Bare utstedere kan utstede, tilbakekalle eller erstatte sertifikater.")
        )


def _draw_number(year: int) -> str:
    """The next certificate number of ``year``; call inside the issuing transaction."""
    CertificateNumberSequence.objects.get_or_create(year=year)
    sequence = CertificateNumberSequence.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"HMS-{year}-{sequence.last_number:05d}"


def certificate_document(certificate: Certificate) -> CertificateDocument:
    """What is printed on ``certificate``: the frozen identity, the period, the issuer."""
    return CertificateDocument(
        number=certificate.number,
        klass=certificate.klass,
        company_name=certificate.company_name,
        organisation_number=certificate.organisation_number,
        company_address=certificate.company_address,
        valid_from=certificate.valid_from,
        valid_until=certificate.valid_until,
        issued_on=timezone.localdate(certificate.issued_at),
        issuer_name=certificate.issued_by.display_name,
        verification_url=verification_url(certificate),
    )


def render_certificate_copy(certificate: Certificate, *, language: str) -> bytes:
    """A translated copy, rendered and signed now; not stored, not hashed.

    Only for a certificate issued before its English original was stored at issuing.
    Signed as the original is, so that a reader shows it comes unchanged from us; its
    fingerprint is not on record, as the copy says on it.
    """
    data = render_certificate_pdf(certificate_document(certificate), language=language)
    return sign_pdf(data, reason=f"HMS-sertifikat {certificate.number} ({language})")


def store_certificate_pdf(certificate: Certificate, *, stored: list) -> None:
    """Render and sign the bokmål and the English original once and store them through the
    storage API with their digests, each name added to ``stored`` as soon as it is written.

    Both carry the same number, QR code and period; the verification page accepts either.
    Both are rendered before either is written, so a failed render leaves no file.
    Signed as they are stored: the digests are of the signed files (certificates/signing.py).
    """
    document = certificate_document(certificate)
    reason = f"HMS-sertifikat {certificate.number}"
    data = sign_pdf(render_certificate_pdf(document), reason=reason)
    english = render_certificate_pdf(document, language="en", original=True)
    english = sign_pdf(english, reason=f"{reason} (en)")
    certificate.pdf_sha256 = hashlib.sha256(data).hexdigest()
    certificate.pdf.save(f"{certificate.number}.pdf", ContentFile(data), save=False)
    stored.append((certificate.pdf.storage, certificate.pdf.name))
    certificate.pdf_en_sha256 = hashlib.sha256(english).hexdigest()
    certificate.pdf_en.save(f"{certificate.number}-en.pdf", ContentFile(english), save=False)
    stored.append((certificate.pdf_en.storage, certificate.pdf_en.name))


def verification_url(certificate: Certificate) -> str:
    return settings.SITE_URL + reverse("certificates:verify", args=[certificate.verification_code])


@contextmanager
def _issuing_transaction():
    """One transaction for an issue or reissue; the PDFs it stored go if it does not commit.

    Storage is not transactional, so the files written inside are collected and deleted
    when anything — rendering, a later step, or the COMMIT itself — fails.
    """
    stored: list[tuple[object, str]] = []
    try:
        with transaction.atomic():
            yield stored
    except BaseException:
        for storage, name in stored:
            storage.delete(name)
        raise


def _create_certificate(
    *, stored, case, klass, actor, on, decision, facts, valid_until=None, route=None
):
    """Number, PDF, row — inside ``_issuing_transaction``, which undoes all three on failure.

    The company's identity is frozen from its row as it stands now (locked by the caller).
    """
    company = case.company
    certificate = Certificate(
        case=case,
        company=company,
        company_name=company.name,
        organisation_number=company.organisation_number,
        company_address=company.address,
        number=_draw_number(on.year),
        klass=klass,
        valid_from=on,
        valid_until=valid_until or validity_end(on),
        issued_at=timezone.now(),
        issued_by=actor,
        rule_set=decision["rule_set"],
        assessment_date=date.fromisoformat(decision["assessment_date"]),
        decision=decision,
        facts=facts,
    )
    certificate.route, certificate.fee = route or route_and_fee(company)
    store_certificate_pdf(certificate, stored=stored)
    save_with_history(certificate, actor=actor)
    return certificate


def certificate_issue(*, case: CertificationCase, klass: str, actor, on: date | None = None):
    """Issue the case's certificate in ``klass``: the eligible class or lower, never higher.

    The decision it rests on (rule set, date, every criterion, the facts) is frozen
    with it. Issuing a case twice is refused, so a double-submitted form issues one.
    """
    _require_issuer(actor)
    on = on or timezone.localdate()
    if klass not in rules.CLASS_ORDER:
        raise ValidationError(_("Ukjent klasse «%(klass)s».") % {"klass": klass})
    with _issuing_transaction() as stored:
        case = (
            CertificationCase.objects.select_for_update(no_key=True)
            .select_related("company")
            .get(pk=case.pk)
        )
        if case.status in (CertificationCase.Status.ISSUED, CertificationCase.Status.CLOSED):
            raise ValidationError(_("Saken er allerede utstedt."), code=ALREADY_ISSUED)
        if case.status != CertificationCase.Status.READY:
            raise ValidationError(_("Saken er ikke sendt til utstedelse."))
        facts = build_facts(company=case.company, case=case, on=on)
        decision = rules.decide(facts)
        if rules.class_rank(klass) > rules.class_rank(decision.eligible_class):
            raise ValidationError(_ineligible_message(klass, decision.eligible_class))
        certificate = _create_certificate(
            stored=stored,
            case=case,
            klass=klass,
            actor=actor,
            on=on,
            decision=rules_json.frozen_decision_to_json(decision),
            facts=rules_json.facts_to_json(facts),
        )
        _record(
            CertificationEvent.Kind.ISSUED,
            case=case,
            actor=actor,
            at=certificate.issued_at,
            certificate=certificate,
            klass=klass,
            eligible_class=decision.eligible_class,
            fee=certificate.fee,
        )
        _supersede_earlier(certificate, actor)
        case.status = CertificationCase.Status.ISSUED
        save_with_history(case, actor=actor, update_fields=["status"])
        _close_previous(case, actor)
    logger.info(
        "certificate issued number=%s class=%s case=%s actor=%s",
        certificate.number,
        klass,
        case.pk,
        actor.pk,
    )
    return certificate


def _close_previous(case: CertificationCase, actor) -> None:
    """Last year's case is closed once this year's certificate is issued."""
    previous = case.previous
    if previous is not None and previous.status == CertificationCase.Status.ISSUED:
        previous.status = CertificationCase.Status.CLOSED
        save_with_history(previous, actor=actor, update_fields=["status"])
        _record(CertificationEvent.Kind.CLOSED, case=previous, actor=actor)


def _ineligible_message(klass: str, eligible: str | None) -> str:
    if eligible is None:
        return _("Saken oppfyller ingen klasse ennå; sertifikat kan ikke utstedes.")
    return _("Klasse %(klass)s kan ikke utstedes: saken oppfyller klasse %(eligible)s.") % {
        "klass": klass,
        "eligible": eligible,
    }


def _supersede_earlier(certificate: Certificate, actor) -> None:
    """A new certificate ends the company's earlier one still running: it is superseded."""
    earlier = (
        Certificate.objects.select_for_update(no_key=True)
        .running_for(certificate.company, certificate.valid_from)
        .exclude(pk=certificate.pk)
    )
    for old in earlier:
        old.superseded_by = certificate
        save_with_history(old, actor=actor, update_fields=["superseded_by"])
        _record(
            CertificationEvent.Kind.SUPERSEDED,
            case=old.case,
            actor=actor,
            at=certificate.issued_at,
            certificate=old,
            other_certificate=certificate,
        )


def _require_reason(reason: str, message: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": message})
    return reason


def _already_replaced(certificate: Certificate) -> ValidationError:
    # Read apart from the locked row: a join made before the lock was granted would not
    # see a replacement committed while this transaction waited (READ COMMITTED).
    replacement = Certificate.objects.only("number").get(pk=certificate.superseded_by_id)
    return ValidationError(
        _("Sertifikatet er allerede erstattet av %(number)s.") % {"number": replacement.number},
        code=ALREADY_REISSUED,
    )


def _refuse_if_done(certificate: Certificate) -> None:
    """Revoking or replacing a certificate already revoked or replaced is refused."""
    if certificate.superseded_by_id is not None and certificate.is_revoked:
        raise _already_replaced(certificate)
    if certificate.is_revoked:
        raise ValidationError(_("Sertifikatet er allerede tilbakekalt."), code=ALREADY_REVOKED)


def _mark_revoked(certificate: Certificate, reason: str, actor, *, replacement=None) -> None:
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = actor
    certificate.revocation_reason = reason
    fields = ["revoked_at", "revoked_by", "revocation_reason"]
    if replacement is not None:
        certificate.superseded_by = replacement
        fields.append("superseded_by")
    save_with_history(certificate, actor=actor, update_fields=fields)


def certificate_revoke(*, certificate: Certificate, reason: str, actor) -> Certificate:
    """Revoke for good, recording who, when and why."""
    _require_issuer(actor)
    reason = _require_reason(reason, _("Skriv hvorfor sertifikatet tilbakekalles."))
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(of=("self",), no_key=True)
            .select_related("case")
            .get(pk=certificate.pk)
        )
        _refuse_if_done(certificate)
        _mark_revoked(certificate, reason, actor)
        _record(
            CertificationEvent.Kind.REVOKED,
            case=certificate.case,
            actor=actor,
            at=certificate.revoked_at,
            certificate=certificate,
            reason=reason,
        )
    logger.info("certificate revoked number=%s actor=%s", certificate.number, actor.pk)
    return certificate


def certificate_reissue(*, certificate: Certificate, reason: str, actor) -> Certificate:
    """Replace a certificate (e.g. after a change of company name) on the same decision.

    The old one is revoked with the reason and points to the new one; the new one runs
    from today to the end of the old one's period, so reissuing never extends validity,
    and it is not invoiced again (fee 0). The new one carries the company's identity as
    it is today.
    """
    _require_issuer(actor)
    reason = _require_reason(reason, _("Skriv hvorfor sertifikatet erstattes."))
    on = timezone.localdate()
    with _issuing_transaction() as stored:
        old = (
            Certificate.objects.select_for_update(of=("self", "company"), no_key=True)
            .select_related("case", "company")
            .get(pk=certificate.pk)
        )
        _refuse_if_done(old)
        if old.superseded_by_id is not None:
            raise _already_replaced(old)
        if old.valid_until < on:
            raise ValidationError(_("Sertifikatet er utløpt og kan ikke erstattes."))
        new = _create_certificate(
            stored=stored,
            case=old.case,
            klass=old.klass,
            actor=actor,
            on=on,
            decision=old.decision,
            facts=old.facts,
            valid_until=old.valid_until,
            route=(old.route, Decimal("0.00")),
        )
        _mark_revoked(old, reason, actor, replacement=new)
        logger.info("certificate revoked number=%s actor=%s", old.number, actor.pk)
        _record(
            CertificationEvent.Kind.REISSUED,
            case=old.case,
            actor=actor,
            at=new.issued_at,
            certificate=new,
            other_certificate=old,
            reason=reason,
            klass=new.klass,
            fee=new.fee,
        )
    logger.info("certificate reissued old=%s new=%s actor=%s", old.number, new.number, actor.pk)
    return new


# --- Renewal -------------------------------------------------------------------------

RENEWAL_WINDOW_DAYS = 60


def case_renew(*, previous_case: CertificationCase, actor=None) -> CertificationCase:
    """Open next year's case from this one.

    Company data, open action items and their findings belong to the company, so they
    simply carry over; confirmations belong to a case and must be recorded again, and
    surveys and risk assessments count by date, so the rules ask for new ones (the
    psychosocial survey excepted where the 24-month waiver applies). Opening twice
    returns the same case.
    """
    with transaction.atomic():
        previous = CertificationCase.objects.select_for_update().get(pk=previous_case.pk)
        year = previous.year + 1
        case = CertificationCase.objects.filter(company_id=previous.company_id, year=year).first()
        if case is None:
            case = CertificationCase(company_id=previous.company_id, year=year, previous=previous)
            save_with_history(case, actor=actor)
        elif case.previous_id is None:
            case.previous = previous
            save_with_history(case, actor=actor, update_fields=["previous"])
    logger.info("case renewed previous=%s case=%s", previous.pk, case.pk)
    return case


def renewals_open_due(*, on: date, actor=None) -> list[CertificationCase]:
    """Open next year's case for every running certificate within the renewal window.

    Safe to run every hour: a case already opened is left alone.
    """
    due = (
        Certificate.objects.expiring(on, within_days=RENEWAL_WINDOW_DAYS)
        .filter(case__renewal__isnull=True)
        .select_related("case")
        .order_by("valid_until")
    )
    return [case_renew(previous_case=certificate.case, actor=actor) for certificate in due]
