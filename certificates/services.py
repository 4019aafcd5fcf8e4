"""State changes of cases and certificates: one function each, one transaction each.

Every change that matters to a certificate is recorded by django-simple-history with
the acting user (``_history_user``), inside the same transaction as the change.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.models import CertificationCase, Confirmation
from companies.models import Company


def case_get_or_open(*, company: Company, year: int, actor) -> CertificationCase:
    """The company's case for ``year``, opened now if there is none."""
    case = CertificationCase.objects.filter(company=company, year=year).first()
    if case is not None:
        return case
    try:
        with transaction.atomic():
            case = CertificationCase(company=company, year=year)
            case._history_user = actor
            case.save()
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
        confirmation._history_user = actor
        confirmation.save()
        return confirmation


def confirmation_withdraw(*, confirmation: Confirmation, actor) -> None:
    """Take a confirmation back; the history keeps that it was there and who removed it."""
    if confirmation.kind in Confirmation.ISSUER_ONLY and not actor.is_issuer:
        raise PermissionDenied(_("Bare utsteder kan trekke tilbake denne bekreftelsen."))
    with transaction.atomic():
        case = CertificationCase.objects.select_for_update().get(pk=confirmation.case_id)
        _require_open(case)
        confirmation._history_user = actor
        confirmation.delete()


def case_send_to_issuing(*, case: CertificationCase, actor) -> CertificationCase:
    """The advisor hands the case to the issuers' queue."""
    with transaction.atomic():
        case = CertificationCase.objects.select_for_update().get(pk=case.pk)
        if case.status != CertificationCase.Status.OPEN:
            raise ValidationError(_("Bare åpne saker kan sendes til utstedelse."))
        case.status = CertificationCase.Status.READY
        case.sent_to_issuing_at = timezone.now()
        case.sent_to_issuing_by = actor
        case._history_user = actor
        case.save(update_fields=["status", "sent_to_issuing_at", "sent_to_issuing_by"])
        return case


def case_reopen(*, case: CertificationCase, actor) -> CertificationCase:
    """Take a case back from the issuers' queue, e.g. to add what is missing."""
    with transaction.atomic():
        case = CertificationCase.objects.select_for_update().get(pk=case.pk)
        if case.status != CertificationCase.Status.READY:
            raise ValidationError(_("Bare saker som venter på utstedelse kan åpnes igjen."))
        case.status = CertificationCase.Status.OPEN
        case._history_user = actor
        case.save(update_fields=["status"])
        return case
