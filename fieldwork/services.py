"""Walking a checklist and finishing it: one keyword-only function per change.

The records the rules count are made by ``surveys.services`` (which write their history)
when an inspection is finished; until then the answers are the inspection's own.
"""

import datetime as dt
import hashlib
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Company
from documents.models import Category
from documents.services import document_upload
from fieldwork.models import Answer, ChecklistItem, Inspection, Kind, Photo
from fieldwork.photos import clean_photo
from fieldwork.report import render_report_pdf
from fieldwork.selectors import current_template, sent_back_document, walk_of
from hms_cert.history import delete_with_history, save_with_history
from surveys.models import ActionItem, Area, Survey
from surveys.services import (
    action_item_create,
    finding_create,
    own_survey_withdraw,
    risk_assessment_create,
    safety_round_create,
    survey_create,
)

DEFAULT_DUE_DAYS = 30
# Enough to show any deviation from every side; the page's script sends one photo per
# request (with its progress), so the per-request DATA_UPLOAD_MAX_NUMBER_FILES only limits
# the plain form without JavaScript.
MAX_PHOTOS_PER_ANSWER = 20
TOO_MANY_PHOTOS = "too_many_photos"
PLAN_FIELDS = ("measure", "responsible", "due_date", "severity", "probability", "consequence")


def _check_may_work(inspection: Inspection, actor) -> None:
    if not actor.has_perm("fieldwork.work_on_inspection", inspection):
        raise PermissionDenied


def _check_open(inspection: Inspection) -> None:
    if not inspection.is_open:
        raise ValidationError(_("Kartleggingen er fullført og kan ikke endres."))


def _locked(inspection: Inspection) -> Inspection:
    return (
        Inspection.objects.select_for_update(of=("self",))
        .select_related("company", "template")
        .get(pk=inspection.pk)
    )


def inspection_start(
    *, company: Company, kind: str, actor, participants: str = "", site_address: str = ""
) -> Inspection:
    """Start a physical survey or safety round; staff do it as Bedriftstjenesten."""
    if not actor.has_perm("fieldwork.start_inspection", company):
        raise PermissionDenied
    template = current_template(kind)
    if template is None:
        raise ValidationError(_("Det finnes ingen sjekkliste for denne typen."))
    if kind == Kind.SAFETY_ROUND and not site_address.strip():
        raise ValidationError({"site_address": _("Skriv adressen til stedet vernerunden gjelder.")})
    provider = (
        Survey.Provider.BEDRIFTSTJENESTEN if actor.is_staff_member else Survey.Provider.EXTERNAL
    )
    inspection = Inspection(
        template=template,
        company=company,
        kind=kind,
        provider=provider,
        performed_on=timezone.localdate(),
        participants=participants.strip(),
        site_address=site_address.strip(),
        started_by=actor,
    )
    with transaction.atomic():
        inspection.full_clean()
        save_with_history(inspection, actor=actor)
    return inspection


def answer_save(
    *, inspection: Inspection, item: ChecklistItem, actor, value: str, note: str = "", photos=()
) -> Answer:
    """Record one item's answer as it is given, with any new photos.

    Every photo is checked and cleaned before anything is written, so a refused picture
    leaves the stored answer as it was. A new deviation gets a proposed action item.
    """
    _check_may_work(inspection, actor)
    if item.section.template_id != inspection.template_id:
        raise ValidationError(_("Punktet hører ikke til denne sjekklisten."))
    if value not in Answer.Value.values:
        raise ValidationError({"value": _("Velg OK, Avvik eller Ikke relevant.")})
    cleaned = []
    for photo in photos:
        try:
            cleaned.append(clean_photo(photo))
        except ValidationError as error:
            raise ValidationError({"photos": error.messages}) from None
    with transaction.atomic():
        inspection = _locked(inspection)
        _check_open(inspection)
        answer = Answer.objects.select_for_update().filter(inspection=inspection, item=item).first()
        answer = answer or Answer(inspection=inspection, item=item)
        became_deviation = value == Answer.Value.DEVIATION and not answer.is_deviation
        answer.value = value
        answer.note = note.strip()
        answer.answered_by = actor
        if became_deviation and not answer.measure:
            answer.measure = answer.note or item.question
            answer.due_date = timezone.localdate() + dt.timedelta(days=DEFAULT_DUE_DAYS)
        if not answer.is_deviation:
            answer.plan_confirmed = False
        if cleaned:
            _check_photo_count(answer, len(cleaned))
        answer.full_clean(exclude=["inspection", "item"])
        save_with_history(answer, actor=actor)
        for photo in cleaned:
            _store_photo(answer=answer, photo=photo, actor=actor)
    return answer


def _check_photo_count(answer: Answer, adding: int) -> None:
    """At most ``MAX_PHOTOS_PER_ANSWER`` per item (the answer row is locked: no race)."""
    stored = answer.photos.count() if answer.pk else 0
    if stored + adding > MAX_PHOTOS_PER_ANSWER:
        raise ValidationError(
            _(
                "Et punkt kan ha høyst %(max)s bilder, og dette har %(stored)s fra før. "
                "Legg resten til et annet punkt, eller skriv det i merknaden."
            )
            % {"max": MAX_PHOTOS_PER_ANSWER, "stored": stored},
            code=TOO_MANY_PHOTOS,
        )


def _store_photo(*, answer: Answer, photo, actor) -> Photo:
    record = Photo(
        answer=answer,
        content_type=photo.content_type,
        width=photo.width,
        height=photo.height,
        size=len(photo.data),
        sha256=photo.sha256,
        uploaded_by=actor,
    )
    record.file.save("photo", ContentFile(photo.data), save=False)
    try:
        save_with_history(record, actor=actor)
    except BaseException:
        record.file.delete(save=False)
        raise
    return record


def photo_remove(*, photo: Photo, actor) -> None:
    """Take a photo off an open walk (the wrong picture, or one too many).

    The history keeps the row; the file goes once the deletion is committed.
    """
    _check_may_work(photo.answer.inspection, actor)
    with transaction.atomic():
        _check_open(_locked(photo.answer.inspection))
        photo = Photo.objects.select_for_update().filter(pk=photo.pk).first()
        if photo is None:
            return  # removed already (a second click)
        name, storage = photo.file.name, photo.file.storage
        delete_with_history(photo, actor=actor)
        transaction.on_commit(lambda: storage.delete(name))


def deviation_plan_confirm(*, answer: Answer, actor, **data) -> Answer:
    """The user confirms (or edits) the action item a deviation proposes, and its score."""
    _check_may_work(answer.inspection, actor)
    unknown = set(data) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {sorted(unknown)}")
    if (data.get("probability") is None) != (data.get("consequence") is None):
        raise ValidationError(_("Gi både sannsynlighet og konsekvens, eller ingen av dem."))
    with transaction.atomic():
        inspection = _locked(answer.inspection)
        _check_open(inspection)
        answer = Answer.objects.select_for_update().get(pk=answer.pk)
        if not answer.is_deviation:
            raise ValidationError(_("Bare avvik får tiltak."))
        for name, value in data.items():
            setattr(answer, name, value.strip() if isinstance(value, str) else value)
        if not answer.measure or not answer.responsible or answer.due_date is None:
            raise ValidationError(_("Tiltaket trenger beskrivelse, ansvarlig og frist."))
        answer.plan_confirmed = True
        answer.full_clean(exclude=["inspection", "item"])
        save_with_history(answer, actor=actor)
    return answer


def inspection_finish(*, inspection: Inspection, actor) -> Inspection:
    """Write the survey or safety round, its findings, plan, risk assessment and report.

    The report is rendered before the transaction (it reads only the answers); the
    records, the stored PDF and the status change then happen together or not at all.
    """
    _check_may_work(inspection, actor)
    walk = walk_of(inspection)
    if not walk.complete:
        raise ValidationError(
            _("%(left)s punkter er ikke besvart ennå.") % {"left": walk.total - walk.answered}
        )
    if not walk.plan_confirmed:
        raise ValidationError(_("Bekreft tiltaket for hvert avvik før du fullfører."))
    pdf = render_report_pdf(walk)
    with transaction.atomic():
        inspection = _locked(inspection)
        _check_open(inspection)
        if inspection.kind == Kind.PHYSICAL:
            _write_survey(inspection, walk, actor)
        else:
            _write_safety_round(inspection, walk, actor)
        _write_plan(inspection, walk, actor)
        _write_risk_assessment(inspection, walk, actor)
        _store_report(inspection, pdf, actor)
    return inspection


def inspection_reopen(*, inspection: Inspection, actor, participants: str | None = None):
    """Open a survey the advisor sent back, so that it can be corrected and finished again.

    The records finishing made (the unverified survey with its findings and action items,
    and the risk assessment) are withdrawn; the answers, photos and confirmed measures
    stay, and the advisor's comment is kept on the inspection, shown while it is open.
    Finishing again makes new records and sends the new report for review. The rejected
    report stays among the company's documents, with the comment.
    """
    if not actor.has_perm("fieldwork.reopen_inspection", inspection):
        raise PermissionDenied
    with transaction.atomic():
        inspection = _locked(inspection)
        rejected = sent_back_document(inspection)
        if rejected is None:  # accepted, or reopened already, since the page was shown
            raise ValidationError(_("Kartleggingen er ikke sendt tilbake og kan ikke åpnes."))
        own_survey_withdraw(
            survey=inspection.survey, risk_assessment=inspection.risk_assessment, actor=actor
        )
        old_report = inspection.report.name
        inspection.survey = inspection.risk_assessment = None
        inspection.report, inspection.report_sha256 = "", ""
        inspection.status = Inspection.Status.IN_PROGRESS
        inspection.sent_back_comment = rejected.review_comment
        fields = ["survey", "risk_assessment", "report", "report_sha256", "status"]
        if participants is not None:
            inspection.participants = participants.strip()
            fields.append("participants")
        inspection.full_clean()
        save_with_history(
            inspection, actor=actor, update_fields=[*fields, "sent_back_comment", "updated_at"]
        )
        if old_report:
            storage = inspection.report.storage
            transaction.on_commit(lambda: storage.delete(old_report))
    return inspection


def _summary(walk) -> str:
    count = len(walk.deviations)
    if not count:
        return _("Sjekkliste «%(title)s»: ingen avvik.") % {"title": walk.inspection.template.title}
    return _("Sjekkliste «%(title)s»: %(count)s avvik.") % {
        "title": walk.inspection.template.title,
        "count": count,
    }


def _write_survey(inspection: Inspection, walk, actor) -> None:
    inspection.survey = survey_create(
        company=inspection.company,
        actor=actor,
        kind=Survey.Kind.PHYSICAL,
        performed_on=inspection.performed_on,
        provider=inspection.provider,
        summary=_summary(walk),
        has_written_report=True,
        no_significant_deviations=not walk.deviations,
    )


def _write_safety_round(inspection: Inspection, walk, actor) -> None:
    inspection.safety_round = safety_round_create(
        company=inspection.company,
        actor=actor,
        performed_on=inspection.performed_on,
        location=inspection.site_address,
        notes=_summary(walk),
    )


def _write_plan(inspection: Inspection, walk, actor) -> None:
    """Each deviation: a finding (physical survey only) and its confirmed action item."""
    for answer in walk.deviations:
        if inspection.survey is not None:
            answer.finding = finding_create(
                survey=inspection.survey,
                actor=actor,
                description=f"{answer.item.question}{': ' + answer.note if answer.note else ''}",
                location=inspection.site_address,
                severity=answer.severity,
            )
        answer.action_item = action_item_create(
            company=inspection.company,
            actor=actor,
            area=Area.PHYSICAL,
            measure=answer.measure,
            responsible=answer.responsible,
            due_date=answer.due_date,
            status=ActionItem.Status.OPEN,
            survey=inspection.survey,
            finding=answer.finding,
        )
        save_with_history(
            answer, actor=actor, update_fields=["finding", "action_item", "updated_at"]
        )


def _write_risk_assessment(inspection: Inspection, walk, actor) -> None:
    """The scored deviations are the inspection's risk assessment (B3), of its date."""
    scored = [answer for answer in walk.deviations if answer.is_scored]
    if not scored:
        return
    inspection.risk_assessment = risk_assessment_create(
        company=inspection.company,
        actor=actor,
        performed_on=inspection.performed_on,
        title=str(inspection),
        notes=_summary(walk),
        hazards=[
            {
                "description": answer.item.question[:300],
                "probability": answer.probability,
                "consequence": answer.consequence,
                "measure": answer.measure[:300],
            }
            for answer in scored
        ],
    )


def _store_report(inspection: Inspection, pdf: bytes, actor) -> None:
    """The PDF as the inspection's report; the company's own survey also goes for review."""
    inspection.report_sha256 = hashlib.sha256(pdf).hexdigest()
    inspection.report.save(f"fieldwork/{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
    inspection.status = Inspection.Status.FINISHED
    save_with_history(
        inspection,
        actor=actor,
        update_fields=[
            "survey",
            "safety_round",
            "risk_assessment",
            "report",
            "report_sha256",
            "status",
            "updated_at",
        ],
    )
    if inspection.survey is not None and not inspection.survey.is_ours:
        name = f"fysisk-kartlegging-{inspection.performed_on:%Y-%m-%d}.pdf"
        document_upload(
            company=inspection.company,
            actor=actor,
            file=ContentFile(pdf, name=name),
            category=Category.OWN_PHYSICAL_SURVEY,
            effective_from=inspection.performed_on,
            description=_("Rapport fra kartlegging i systemet"),
            survey=inspection.survey,
        )
