"""State changes of surveys, risk assessments, safety rounds and action plans.

One keyword-only function per change, each in one transaction. Each saves through
``hms_cert.history`` so django-simple-history records who made the change (the audit
trail), validates the domain rules that are not mere form input and raises
``ValidationError`` with Norwegian messages. Callers are responsible for having loaded
the objects through ``surveys.selectors``/``companies.selectors`` (who may act).
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from companies.models import Company
from hms_cert.history import delete_with_history, save_with_history
from surveys.models import ActionItem, Finding, Hazard, RiskAssessment, SafetyRound, Survey
from surveys.validators import (
    PSYCHOSOCIAL_ONLY_FIELDS,
    validate_kind_fields,
    validate_not_in_future,
    validate_performed_on,
    validate_sane_year,
    validate_status_reason,
)

# The fields each record's forms edit and its services assign: one list for both.
SURVEY_FIELDS = (
    "kind",
    "performed_on",
    "provider",
    "summary",
    "has_written_report",
    "report_reviewed",
    "formal_conversations",
    "no_new_survey_needed",
    "no_significant_deviations",
)
FINDING_FIELDS = ("description", "location", "severity")
RISK_ASSESSMENT_FIELDS = ("performed_on", "title", "notes")
HAZARD_FIELDS = ("description", "probability", "consequence", "measure")
SAFETY_ROUND_FIELDS = ("performed_on", "location", "notes")
ACTION_ITEM_FIELDS = (
    "area",
    "measure",
    "responsible",
    "due_date",
    "status",
    "status_reason",
    "survey",
    "finding",
)


def _require_may_record(actor, company: Company) -> None:
    """The company's advisor or an issuer; anyone else is refused before anything is read."""
    if not actor.has_perm("surveys.record", company):
        raise PermissionDenied


def _require_may_create(actor, company: Company) -> None:
    """Creating: also the company's own client users, for their own work (permissions.py)."""
    if not actor.has_perm("surveys.record_own_work", company):
        raise PermissionDenied


def _is_own_work(actor, company: Company) -> bool:
    """True when a client user records for their own company (not our staff)."""
    return not actor.has_perm("surveys.record", company)


def _assign(obj: models.Model, data: dict, allowed: tuple[str, ...]) -> list[str]:
    """Set the given fields on ``obj``; return the names of those that changed."""
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected fields for {type(obj).__name__}: {sorted(unknown)}")
    changed = []
    for name, value in data.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def _check(field: str, validator, value) -> None:
    """Run a validator and report its error on ``field``."""
    try:
        validator(value)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None


def _save(obj: models.Model, *, actor, changed: list[str] | None = None) -> None:
    """Validate the whole object, record the actor for the history, and save.

    ``changed`` None means a new object; otherwise only those fields (and an
    ``updated_at`` if the model has one) are written.
    """
    obj.full_clean()
    if changed is None:
        save_with_history(obj, actor=actor)
        return
    if not changed:
        return
    fields = list(changed)
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        fields.append("updated_at")
    save_with_history(obj, actor=actor, update_fields=fields)


def _locked(obj: models.Model) -> models.Model:
    """The row as stored, locked until the transaction ends.

    Updates start from the stored row, not from the caller's instance (a bound
    ModelForm has already changed that one in memory), and two people saving the same
    object one after the other each see the other's change.
    """
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def _delete(obj: models.Model, *, actor) -> None:
    with transaction.atomic():
        delete_with_history(obj, actor=actor)


# Surveys


def _check_kind_fields(survey: Survey) -> None:
    values = {name: getattr(survey, name) for name in PSYCHOSOCIAL_ONLY_FIELDS}
    validate_kind_fields(survey.kind, values)


def survey_create(*, company: Company, actor, **data) -> Survey:
    _require_may_create(actor, company)
    survey = Survey(company=company)
    _assign(survey, data, SURVEY_FIELDS)
    if _is_own_work(actor, company):
        survey.provider = Survey.Provider.EXTERNAL  # theirs, until an advisor verifies it
        survey.verified_on = None
        survey.verified_by = None
        survey.report_reviewed = False  # reviewing the report is the advisor's (A2)
    _check("performed_on", validate_performed_on, survey.performed_on)
    _check_kind_fields(survey)
    with transaction.atomic():
        _save(survey, actor=actor)
    return survey


def survey_update(*, survey: Survey, actor, **data) -> Survey:
    _require_may_record(actor, survey.company)
    with transaction.atomic():
        survey = _locked(survey)
        changed = _assign(survey, data, SURVEY_FIELDS)
        if "performed_on" in changed:
            _check("performed_on", validate_performed_on, survey.performed_on)
            if survey.verified_on is not None and survey.verified_on < survey.performed_on:
                raise ValidationError(
                    {"performed_on": _("Kartleggingen kan ikke være etter verifiseringsdatoen.")}
                )
        _check_kind_fields(survey)
        _save(survey, actor=actor, changed=changed)
    return survey


def survey_verify(*, survey: Survey, actor, on: date) -> Survey:
    """An advisor accepts the documentation of an EXTERNAL survey as of ``on``."""
    _require_may_record(actor, survey.company)
    _check("verified_on", validate_sane_year, on)
    _check("verified_on", validate_not_in_future, on)
    with transaction.atomic():
        survey = _locked(survey)
        if survey.is_ours:
            raise ValidationError(
                _("Kartlegginger utført av Bedriftstjenesten AS er verifisert ved at de er våre.")
            )
        if on < survey.performed_on:
            raise ValidationError(
                {"verified_on": _("Verifiseringen kan ikke være før kartleggingen ble utført.")}
            )
        survey.verified_on = on
        survey.verified_by = actor
        _save(survey, actor=actor, changed=["verified_on", "verified_by"])
    return survey


def survey_delete(*, survey: Survey, actor) -> None:
    """Delete a survey with its findings; linked action items stay, unlinked."""
    _require_may_record(actor, survey.company)
    _delete(survey, actor=actor)


def _made_by_the_company(obj: models.Model) -> bool:
    """True when one of the company's own users created ``obj`` (its first history record).

    Unknown (no user recorded) counts as not: only what is known to be theirs.
    """
    first = obj.history.order_by("history_date", "history_id").select_related("history_user")
    creator = getattr(first.first(), "history_user", None)
    return creator is not None and not creator.is_staff_member


def own_survey_withdraw(
    *, survey: Survey, actor, risk_assessment: RiskAssessment | None = None
) -> None:
    """Withdraw a company's own survey that an advisor sent back, to be redone.

    The survey, its findings and its action items go (the history keeps them), and so does
    the risk assessment made with it when given; documents of the survey stay, unlinked,
    with the advisor's comment. Only an EXTERNAL survey nobody has verified can be
    withdrawn, and a client user withdraws only what the company's own users recorded.
    """
    _require_may_create(actor, survey.company)
    with transaction.atomic():
        survey = _locked(survey)
        if survey.is_ours or survey.verified_on is not None:
            raise ValidationError(
                _(
                    "Bare virksomhetens egne kartlegginger som ikke er verifisert, "
                    "kan trekkes tilbake."
                )
            )
        if risk_assessment is not None and risk_assessment.company_id != survey.company_id:
            raise ValidationError(_("Risikovurderingen tilhører en annen virksomhet."))
        items = list(survey.action_items.select_for_update())
        records = [survey, *items, *([risk_assessment] if risk_assessment else [])]
        if _is_own_work(actor, survey.company) and not all(map(_made_by_the_company, records)):
            raise PermissionDenied  # a client never removes what our staff recorded
        for record in [*items, *([risk_assessment] if risk_assessment else []), survey]:
            _delete(record, actor=actor)


# Findings


def finding_create(*, survey: Survey, actor, **data) -> Finding:
    _require_may_create(actor, survey.company)
    if _is_own_work(actor, survey.company) and survey.is_ours:
        raise PermissionDenied  # a client adds to their own survey, never to ours
    finding = Finding(survey=survey)
    _assign(finding, data, FINDING_FIELDS)
    with transaction.atomic():
        _save(finding, actor=actor)
    return finding


def finding_update(*, finding: Finding, actor, **data) -> Finding:
    _require_may_record(actor, finding.survey.company)
    with transaction.atomic():
        finding = _locked(finding)
        _save(finding, actor=actor, changed=_assign(finding, data, FINDING_FIELDS))
    return finding


def finding_delete(*, finding: Finding, actor) -> None:
    _require_may_record(actor, finding.survey.company)
    _delete(finding, actor=actor)


# Risk assessments and their hazards


def risk_assessment_create(
    *, company: Company, actor, hazards: list[dict] | tuple = (), **data
) -> RiskAssessment:
    """A risk assessment with its hazards (each a dict of hazard fields), all or nothing."""
    _require_may_create(actor, company)
    assessment = RiskAssessment(company=company)
    _assign(assessment, data, RISK_ASSESSMENT_FIELDS)
    _check("performed_on", validate_performed_on, assessment.performed_on)
    with transaction.atomic():
        _save(assessment, actor=actor)
        for hazard_data in hazards:
            hazard_create(risk_assessment=assessment, actor=actor, **hazard_data)
    return assessment


def risk_assessment_update(*, risk_assessment: RiskAssessment, actor, **data) -> RiskAssessment:
    _require_may_record(actor, risk_assessment.company)
    with transaction.atomic():
        risk_assessment = _locked(risk_assessment)
        changed = _assign(risk_assessment, data, RISK_ASSESSMENT_FIELDS)
        if "performed_on" in changed:
            _check("performed_on", validate_performed_on, risk_assessment.performed_on)
        _save(risk_assessment, actor=actor, changed=changed)
    return risk_assessment


def risk_assessment_delete(*, risk_assessment: RiskAssessment, actor) -> None:
    _require_may_record(actor, risk_assessment.company)
    _delete(risk_assessment, actor=actor)


def hazard_create(*, risk_assessment: RiskAssessment, actor, **data) -> Hazard:
    _require_may_create(actor, risk_assessment.company)
    hazard = Hazard(risk_assessment=risk_assessment)
    _assign(hazard, data, HAZARD_FIELDS)
    with transaction.atomic():
        _save(hazard, actor=actor)
    return hazard


def hazard_update(*, hazard: Hazard, actor, **data) -> Hazard:
    _require_may_record(actor, hazard.risk_assessment.company)
    with transaction.atomic():
        hazard = _locked(hazard)
        _save(hazard, actor=actor, changed=_assign(hazard, data, HAZARD_FIELDS))
    return hazard


def hazard_delete(*, hazard: Hazard, actor) -> None:
    _require_may_record(actor, hazard.risk_assessment.company)
    _delete(hazard, actor=actor)


# Safety rounds


def safety_round_create(*, company: Company, actor, **data) -> SafetyRound:
    _require_may_create(actor, company)
    safety_round = SafetyRound(company=company)
    _assign(safety_round, data, SAFETY_ROUND_FIELDS)
    _check("performed_on", validate_performed_on, safety_round.performed_on)
    with transaction.atomic():
        _save(safety_round, actor=actor)
    return safety_round


def safety_round_update(*, safety_round: SafetyRound, actor, **data) -> SafetyRound:
    _require_may_record(actor, safety_round.company)
    with transaction.atomic():
        safety_round = _locked(safety_round)
        changed = _assign(safety_round, data, SAFETY_ROUND_FIELDS)
        if "performed_on" in changed:
            _check("performed_on", validate_performed_on, safety_round.performed_on)
        _save(safety_round, actor=actor, changed=changed)
    return safety_round


def safety_round_delete(*, safety_round: SafetyRound, actor) -> None:
    _require_may_record(actor, safety_round.company)
    _delete(safety_round, actor=actor)


# Action items


def _check_action_item(item: ActionItem) -> None:
    """The rules an action item must keep whoever edits it."""
    _check("due_date", validate_sane_year, item.due_date)
    validate_status_reason(item.status, item.status_reason)
    if item.survey is not None and item.survey.company_id != item.company_id:
        raise ValidationError({"survey": _("Kartleggingen tilhører en annen virksomhet.")})
    if item.finding is not None:
        if item.finding.survey.company_id != item.company_id:
            raise ValidationError({"finding": _("Funnet tilhører en annen virksomhet.")})
        if item.survey is None:
            # An item answering a finding belongs to that survey's action plan (B2/P3).
            item.survey = item.finding.survey
        elif item.finding.survey_id != item.survey.pk:
            raise ValidationError({"finding": _("Funnet hører til en annen kartlegging.")})


def action_item_create(*, company: Company, actor, **data) -> ActionItem:
    _require_may_create(actor, company)
    item = ActionItem(company=company)
    _assign(item, data, ACTION_ITEM_FIELDS)
    item.status_reason = item.status_reason.strip()
    _check_action_item(item)
    with transaction.atomic():
        _save(item, actor=actor)
    return item


def action_item_update(*, item: ActionItem, actor, **data) -> ActionItem:
    _require_may_record(actor, item.company)
    with transaction.atomic():
        item = _locked(item)
        changed = _assign(item, data, ACTION_ITEM_FIELDS)
        survey_before = item.survey_id
        _check_action_item(item)
        if item.survey_id != survey_before and "survey" not in changed:
            changed.append("survey")
        _save(item, actor=actor, changed=changed)
    return item


def action_item_set_status(*, item: ActionItem, status: str, reason: str, actor) -> ActionItem:
    """Move an item to ``status``; NOT_APPLICABLE needs a written ``reason``.

    The row is locked so that two people closing the same item at once cannot leave it
    with one's status and the other's reason.
    """
    return action_item_update(item=item, actor=actor, status=status, status_reason=reason.strip())


def action_item_delete(*, item: ActionItem, actor) -> None:
    _require_may_record(actor, item.company)
    _delete(item, actor=actor)
