"""Uploading and reviewing documents: one keyword-only function each, one transaction each.

A refused upload stores nothing: every check runs before the first byte is written,
and a failure while saving the row removes the file again.
"""

import hashlib
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.models import Confirmation
from certificates.services import case_get_or_open, confirmation_record
from companies.models import Company
from documents.models import (
    DEFAULT_CRITERION,
    Category,
    Criterion,
    Document,
    validate_category_criterion,
)
from documents.selectors import legal_confirmation_kind
from documents.sniffing import check_extension, clean_original_name, sniff
from hms_cert.history import save_with_history
from surveys.models import ActionItem, Survey
from surveys.services import survey_verify

FIRST_YEAR = 1950


def _check_size(file) -> None:
    if file.size == 0:
        raise ValidationError(_("Filen er tom."))
    if file.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Filen er for stor (%(size)s). Største tillatte størrelse er %(max)s.")
            % {
                "size": filesizeformat(file.size),
                "max": filesizeformat(settings.UPLOAD_MAX_BYTES),
            }
        )


def _check_dates(effective_from: date, expires_on: date | None) -> None:
    if effective_from.year < FIRST_YEAR:
        raise ValidationError(
            {"effective_from": _("Datoen må være etter år %(year)s.") % {"year": FIRST_YEAR}}
        )
    if effective_from > timezone.localdate():
        raise ValidationError(
            {"effective_from": _("Dokumentet kan ikke gjelde fra en dato fram i tid.")}
        )
    if expires_on is not None and expires_on < effective_from:
        raise ValidationError(
            {"expires_on": _("Utløpsdatoen kan ikke være før datoen dokumentet gjelder fra.")}
        )


def _check_links(company: Company, survey: Survey | None, action_item: ActionItem | None):
    if survey is not None and survey.company_id != company.pk:
        raise ValidationError({"survey": _("Kartleggingen tilhører en annen virksomhet.")})
    if action_item is not None and action_item.company_id != company.pk:
        raise ValidationError({"action_item": _("Tiltaket tilhører en annen virksomhet.")})


def _sha256(file) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def document_upload(
    *,
    company: Company,
    actor,
    file,
    category: str,
    effective_from: date,
    criterion: str = "",
    description: str = "",
    expires_on: date | None = None,
    survey: Survey | None = None,
    action_item: ActionItem | None = None,
) -> Document:
    """Check, sniff and store an uploaded file (a Django ``UploadedFile``) for review."""
    if not actor.has_perm("documents.upload", company):
        raise PermissionDenied
    if category not in Category.values:
        raise ValidationError({"category": _("Ukjent kategori.")})
    if criterion and criterion not in Criterion.values:
        raise ValidationError({"criterion": _("Ukjent kriterium.")})
    validate_category_criterion(category, criterion)
    try:
        name = clean_original_name(file.name)
        _check_size(file)
        file_type = sniff(file)
        check_extension(name, file_type)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    _check_dates(effective_from, expires_on)
    _check_links(company, survey, action_item)
    document = Document(
        company=company,
        uploaded_by=actor,
        category=category,
        criterion=criterion or DEFAULT_CRITERION.get(category, ""),
        description=description.strip(),
        survey=survey,
        action_item=action_item,
        effective_from=effective_from,
        expires_on=expires_on,
        original_name=name,
        size=file.size,
        content_type=file_type.mime,
        sha256=_sha256(file),
    )
    with transaction.atomic():
        document.file.save(name, file, save=False)
        try:
            save_with_history(document, actor=actor)
        except BaseException:
            document.file.delete(save=False)
            raise
    return document


def _review(*, document: Document, actor, status: str, comment: str) -> Document:
    if not actor.has_perm("documents.review_document", document):
        raise PermissionDenied
    comment = comment.strip()
    if status == Document.Status.REJECTED and not comment:
        raise ValidationError({"comment": _("Skriv hvorfor dokumentet avvises.")})
    with transaction.atomic():
        document = (
            Document.objects.select_for_update(of=("self",))
            .select_related("survey")
            .get(pk=document.pk)
        )
        if document.status != Document.Status.PENDING:
            raise ValidationError(_("Dokumentet er allerede gjennomgått."), code="reviewed")
        document.status = status
        document.review_comment = comment
        document.reviewed_by = actor
        document.reviewed_at = timezone.now()
        save_with_history(
            document,
            actor=actor,
            update_fields=["status", "review_comment", "reviewed_by", "reviewed_at"],
        )
        survey = document.survey
        if (
            status == Document.Status.ACCEPTED
            and survey is not None
            and survey.provider == Survey.Provider.EXTERNAL
            and survey.verified_on is None
        ):
            # Accepting the documentation of an external survey is what verifies it (B1/A1).
            survey_verify(survey=survey, actor=actor, on=timezone.localdate())
    return document


def document_accept(*, document: Document, actor, comment: str = "") -> Document:
    """Accept an upload; an external survey it documents becomes verified today."""
    return _review(document=document, actor=actor, status=Document.Status.ACCEPTED, comment=comment)


def document_reject(*, document: Document, actor, comment: str) -> Document:
    """Reject an upload; the comment, required, tells the client why."""
    return _review(document=document, actor=actor, status=Document.Status.REJECTED, comment=comment)


def document_withdraw(*, document: Document, actor) -> Document:
    """The client who uploaded a document takes it back before an advisor has reviewed it.

    The row and its file stay (status WITHDRAWN), so the history shows what was uploaded and
    taken back, and by whom; it simply leaves the review queue and the client's to-do list.
    """
    if not actor.has_perm("documents.withdraw_document", document):
        raise PermissionDenied
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.status != Document.Status.PENDING:
            raise ValidationError(
                _("Bare dokumenter som venter på gjennomgang kan trekkes tilbake."),
                code="reviewed",
            )
        document.status = Document.Status.WITHDRAWN
        save_with_history(document, actor=actor, update_fields=["status"])
    return document


def document_record_legal_confirmation(*, document: Document, actor) -> Confirmation:
    """Record the A3 part an accepted legal-minimum document documents, on this year's case.

    The confirmation itself is ``certificates.services.confirmation_record``'s: this
    only says which one, with a note naming the document.
    """
    if not actor.has_perm("documents.review_document", document):
        raise PermissionDenied
    today = timezone.localdate()
    with transaction.atomic():
        document = Document.objects.select_related("company").get(pk=document.pk)
        kind = legal_confirmation_kind(document)
        if kind is None:
            raise ValidationError(_("Dette dokumentet dokumenterer ikke et lovkrav (A3)."))
        case = case_get_or_open(company=document.company, year=today.year, actor=actor)
        text = _("Dokumentert ved «%(name)s», godkjent %(date)s.") % {
            "name": document.original_name,
            "date": timezone.localdate(document.reviewed_at).strftime("%d.%m.%Y"),
        }
        return confirmation_record(case=case, kind=kind, text=text, confirmed_on=today, actor=actor)
