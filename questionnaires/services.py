"""State changes of questionnaire rounds: start, answer, close, conversations, report.

Each is one transaction; the round's psychosocial ``surveys.Survey`` is kept up to date
through the surveys services, so the rules engine (certificates.facts) counts it and its
history records who changed what. Answering has no actor: respondents are anonymous.
"""

import hashlib
import secrets
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.case_facts import case_facts_changed, case_page_changed
from companies.models import Company
from hms_cert.history import save_with_history
from questionnaires import codes
from questionnaires.models import Answer, AnswerCode, Conversation, Group, Round
from questionnaires.selectors import current_template, round_results, themes_of
from surveys import services as survey_services
from surveys.models import ActionItem, Area, Survey


def _require(actor, perm: str, obj) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def round_start(
    *,
    company: Company,
    actor,
    employee_count: int,
    closes_on: date,
    groups: list[tuple[str, int]] = (),
) -> Round:
    """Open a round: its Survey, its groups and one code per employee."""
    _require(actor, "questionnaires.start_round", company)
    today = timezone.localdate()
    if closes_on < today:
        raise ValidationError({"closes_on": _("Sluttdatoen kan ikke være i fortiden.")})
    if sum(size for _name, size in groups) > employee_count:
        raise ValidationError({"groups": _("Gruppene har til sammen flere enn antall ansatte.")})
    template = current_template()
    with transaction.atomic():
        survey = _survey_create(company=company, actor=actor, template=template, on=today)
        round_ = Round(
            company=company,
            template=template,
            survey=survey,
            employee_count=employee_count,
            opened_on=today,
            closes_on=closes_on,
            code_secret=secrets.token_hex(16),
            created_by=actor,
        )
        save_with_history(round_, actor=actor)
        _issue_codes(round_, groups)
    return round_


def _survey_create(*, company: Company, actor, template, on: date) -> Survey:
    """The round's psychosocial Survey, recorded with its author in the history.

    Not through ``surveys.services.survey_create``: that one is for staff recording a
    survey, while a client may start a round (``questionnaires.start_round``, asked
    above). Everything the survey then gets - conversations, report, review, findings -
    goes through the surveys services, by staff.
    """
    survey = Survey(
        company=company,
        kind=Survey.Kind.PSYCHOSOCIAL,
        performed_on=on,
        provider=Survey.Provider.BEDRIFTSTJENESTEN,
        summary=_("Anonym spørreundersøkelse (%(title)s, versjon %(version)s).")
        % {"title": template.title_nb, "version": template.version},
    )
    survey.full_clean()
    save_with_history(survey, actor=actor)
    case_facts_changed(company=company)
    return survey


def _issue_codes(round_: Round, groups) -> None:
    made = [Group.objects.create(round=round_, name=n, size=s) for n, s in groups]
    owners = [g for g in made for _i in range(g.size)]
    owners += [None] * (round_.employee_count - len(owners))
    AnswerCode.objects.bulk_create(
        AnswerCode(
            round=round_,
            group=group,
            number=number,
            code_hash=codes.code_hash(codes.make_code(round_.code_secret, number)),
        )
        for number, group in enumerate(owners, start=1)
    )


def round_code_list(round_: Round) -> list[tuple[int, str, str]]:
    """(number, group name, code) for the sheet; the codes are derived, never stored."""
    groups = {g.pk: g.name for g in round_.groups.all()}
    return [
        (number, groups.get(group_id, ""), codes.make_code(round_.code_secret, number))
        for number, group_id in round_.codes.values_list("number", "group_id")
    ]


def round_close(*, round_: Round, actor) -> Round:
    _require(actor, "questionnaires.run_round", round_)
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if round_.closed_on is None:
            round_.closed_on = timezone.localdate()
            save_with_history(round_, actor=actor, update_fields=["closed_on"])
            case_page_changed(company=round_.company_id)  # the case page lists the rounds
    return round_


def code_check(*, code: str) -> AnswerCode:
    """The unused code of an open round, or ValidationError (same message for all)."""
    found = (
        AnswerCode.objects.select_related("round__template")
        .filter(code_hash=codes.code_hash(code), used=False)
        .first()
    )
    if found is None or not found.round.is_open(timezone.localdate()):
        raise ValidationError(_("Koden er ugyldig, allerede brukt, eller undersøkelsen er stengt."))
    return found


def answer_submit(*, code: str, values: dict[str, int], free_text: str) -> None:
    """Store one anonymous answer and use up its code, both or neither.

    The code row is locked, so the same code sent twice at once answers once. The answer
    keeps only the round, the group and the day; nothing is returned that links the two.
    """
    with transaction.atomic():
        checked = code_check(code=code)
        locked = AnswerCode.objects.select_for_update().get(pk=checked.pk)
        if locked.used:
            raise ValidationError(
                _("Koden er ugyldig, allerede brukt, eller undersøkelsen er stengt.")
            )
        keys = {q.key for t in themes_of(checked.round.template) for q in t.questions.all()}
        if set(values) - keys or any(v not in range(1, 6) for v in values.values()):
            raise ValidationError(_("Svarene passer ikke til spørreskjemaet."))
        Answer.objects.create(
            round_id=locked.round_id,
            group_id=locked.group_id,
            answered_on=timezone.localdate(),
            values=values,
            free_text=free_text.strip(),
        )
        locked.used = True
        locked.save(update_fields=["used"])


def conversation_create(*, round_: Round, actor, **data) -> Conversation:
    """Record a formal conversation; from then on the survey counts as done through them."""
    _require(actor, "questionnaires.advise_round", round_)
    conversation = Conversation(round=round_, **data)
    if conversation.held_on and conversation.held_on < round_.opened_on:
        raise ValidationError({"held_on": _("Samtalen kan ikke være før undersøkelsen startet.")})
    conversation.full_clean()
    with transaction.atomic():
        save_with_history(conversation, actor=actor)
        survey_services.survey_update(survey=round_.survey, actor=actor, formal_conversations=True)
    return conversation


def proposal_confirm(
    *,
    round_: Round,
    actor,
    description: str,
    severity: str,
    measure: str,
    responsible: str,
    due_date: date,
) -> ActionItem:
    """A flagged theme becomes a psychosocial finding with its action item (P3)."""
    _require(actor, "questionnaires.advise_round", round_)
    with transaction.atomic():
        finding = survey_services.finding_create(
            survey=round_.survey, actor=actor, description=description, severity=severity
        )
        return survey_services.action_item_create(
            company=round_.company,
            actor=actor,
            area=Area.PSYCHOSOCIAL,
            measure=measure,
            responsible=responsible,
            due_date=due_date,
            survey=round_.survey,
            finding=finding,
        )


def report_create(*, round_: Round, actor) -> Round:
    """Render the report, store it with its SHA-256 as the survey's written report."""
    from questionnaires.report import render_report_pdf

    _require(actor, "questionnaires.advise_round", round_)
    results = round_results(round_)
    if not results.visible:
        raise ValidationError(_("For få svar til å vise resultater."))
    data = render_report_pdf(round_, results)
    quiet = not results.flagged
    with transaction.atomic():
        round_ = (
            Round.objects.select_for_update().select_related("survey", "company").get(pk=round_.pk)
        )
        round_.report_sha256 = hashlib.sha256(data).hexdigest()
        round_.report.save(f"psykososial-{round_.pk}.pdf", ContentFile(data), save=False)
        save_with_history(round_, actor=actor, update_fields=["report", "report_sha256"])
        survey_services.survey_update(
            survey=round_.survey,
            actor=actor,
            has_written_report=True,
            report_reviewed=False,
            no_significant_deviations=quiet,
            no_new_survey_needed=quiet,
        )
    return round_


def report_review(*, round_: Round, actor) -> None:
    """The advisor has gone through the written report (A2)."""
    _require(actor, "questionnaires.advise_round", round_)
    if not round_.report:
        raise ValidationError(_("Rapporten er ikke laget ennå."))
    with transaction.atomic():
        survey_services.survey_update(survey=round_.survey, actor=actor, report_reviewed=True)
