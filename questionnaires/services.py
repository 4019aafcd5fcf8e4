"""State changes of questionnaire rounds: start, links and slips, answer, close, report.

What each must keep from the people who run the round is in ANONYMITY.md. Each is one
transaction; the round's psychosocial ``surveys.Survey`` is kept up to date
through the surveys services, so the rules engine (certificates.facts) counts it and its
history records who changed what. Answering has no actor: respondents are anonymous.
"""

import hashlib
import secrets
import smtplib
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from companies.models import Company
from hms_cert.history import save_with_history
from questionnaires import codes
from questionnaires.models import Answer, AnswerCode, Conversation, Group, Round, SpentCode
from questionnaires.selectors import (
    codes_left,
    current_template,
    min_answers,
    round_results,
    themes_of,
)
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
    """Open a round: its Survey and its groups. Codes are issued later, as links or slips."""
    _require(actor, "questionnaires.start_round", company)
    today = timezone.localdate()
    if closes_on < today:
        raise ValidationError({"closes_on": _("Sluttdatoen kan ikke være i fortiden.")})
    _check_groups(groups, employee_count)
    template = current_template()
    if template is None:
        raise ValidationError(_("Det finnes ikke noe gjeldende spørreskjema."))
    with transaction.atomic():
        survey = _survey_create(company=company, actor=actor, template=template, on=today)
        round_ = Round(
            company=company,
            template=template,
            survey=survey,
            employee_count=employee_count,
            opened_on=today,
            closes_on=closes_on,
            created_by=actor,
        )
        save_with_history(round_, actor=actor)
        Group.objects.bulk_create(Group(round=round_, name=n, size=s) for n, s in groups)
    return round_


def _check_groups(groups, employee_count: int) -> None:
    """Groups smaller than the threshold would point at too few people (ANONYMITY.md, 2)."""
    smallest = min_answers()
    small = [name for name, size in groups if size < smallest]
    if small:
        raise ValidationError(
            {
                "groups": _(
                    "En gruppe må ha minst %(n)s personer, ellers kan svarene spores til "
                    "enkeltpersoner: %(groups)s. Slå små grupper sammen med andre."
                )
                % {"n": smallest, "groups": ", ".join(small)}
            }
        )
    if sum(size for _name, size in groups) > employee_count:
        raise ValidationError({"groups": _("Gruppene har til sammen flere enn antall ansatte.")})


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
    return survey


def _codes_issue(*, round_: Round, group: Group | None, count: int, counter: str, actor):
    """``count`` new codes for ``group``, within what is left of it; returns them in clear.

    The round row is locked, so two people sending at once cannot together pass the
    number of employees. The codes are written in one statement, in random order.
    """
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if not round_.is_open(timezone.localdate()):
        raise ValidationError(_("Undersøkelsen er stengt."))
    left = codes_left(round_, group)
    if count > left:
        raise ValidationError(
            _("Det er bare %(left)s koder igjen for %(group)s (én per ansatt).")
            % {"left": left, "group": group.name if group else _("undersøkelsen")}
        )
    issued = [codes.new_code() for _i in range(count)]
    rows = [AnswerCode(round=round_, group=group, code_hash=codes.code_hash(c)) for c in issued]
    secrets.SystemRandom().shuffle(rows)
    AnswerCode.objects.bulk_create(rows)
    setattr(round_, counter, getattr(round_, counter) + count)
    save_with_history(round_, actor=actor, update_fields=[counter])
    return issued


@dataclass
class LinksSent:
    sent: int
    failed: list[str]


def links_send(
    *, round_: Round, actor, addresses: list[str], group: Group | None = None
) -> LinksSent:
    """E-mail each address a personal link, and keep neither the address nor the link.

    The company never sees a code: it is made here, put in one e-mail and forgotten. An
    address the mail server refuses gets no code (its code is deleted again) and is
    handed back so that the sender can correct it.
    """
    _require(actor, "questionnaires.run_round", round_)
    _check_group(round_, group)
    with transaction.atomic():
        issued = _codes_issue(
            round_=round_, group=group, count=len(addresses), counter="links_sent", actor=actor
        )
    failed = _links_mail(round_, list(zip(addresses, issued, strict=True)))
    if failed:
        _codes_unissue(round_=round_, codes_=[code for _a, code in failed], actor=actor)
    return LinksSent(sent=len(addresses) - len(failed), failed=[a for a, _c in failed])


def _links_mail(round_: Round, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Send each (address, code) its e-mail over one connection; those that failed."""
    connection = mail.get_connection()
    try:
        connection.open()
    except (OSError, smtplib.SMTPException):
        return pairs  # the mail server cannot be reached: nobody got a link
    failed = []
    try:
        for address, code in pairs:
            try:
                _link_email(round_, address, code, connection).send()
            except (OSError, smtplib.SMTPException):
                failed.append((address, code))
    finally:
        connection.close()
    return failed


def _link_email(round_: Round, address: str, code: str, connection) -> EmailMessage:
    context = {"round": round_, "company": round_.company, "link": respond_link(code)}
    subject = render_to_string("questionnaires/link_subject.txt", context).strip()
    body = render_to_string("questionnaires/link_email.txt", context)
    return EmailMessage(subject, body, to=[address], connection=connection)


def respond_link(code: str) -> str:
    """The respondent's link: the code in the fragment, which no server ever receives."""
    return f"{settings.SITE_URL}{reverse('questionnaires:respond')}#{code}"


def _codes_unissue(*, round_: Round, codes_: list[str], actor) -> None:
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        hashes = [codes.code_hash(c) for c in codes_]
        gone, _by_model = AnswerCode.objects.filter(round=round_, code_hash__in=hashes).delete()
        round_.links_sent -= gone
        save_with_history(round_, actor=actor, update_fields=["links_sent"])


def slips_print(*, round_: Round, actor, count: int, group: Group | None = None) -> list[str]:
    """``count`` codes for printed slips, shown once to the advisor and never again.

    Only staff make slips: a person at the company who could read a code could also
    answer with it (ANONYMITY.md, promise 1).
    """
    _require(actor, "questionnaires.advise_round", round_)
    _check_group(round_, group)
    if count < 1:
        raise ValidationError({"count": _("Velg minst én lapp.")})
    with transaction.atomic():
        return _codes_issue(
            round_=round_, group=group, count=count, counter="slips_printed", actor=actor
        )


def _check_group(round_: Round, group: Group | None) -> None:
    if group is not None and group.round_id != round_.pk:
        raise ValidationError({"group": _("Gruppen hører ikke til denne undersøkelsen.")})


def round_close(*, round_: Round, actor) -> Round:
    """Close the round for answers; from then on its results may be shown.

    Closing forgets the codes (issued and spent alike: none can answer any more) and
    writes the answers again in random order, in one transaction: a copy of the database
    taken afterwards cannot order them by id, by place in the table or by ``xmin``.
    """
    _require(actor, "questionnaires.run_round", round_)
    return _close(round_, on=timezone.localdate(), actor=actor)


def _close(round_: Round, *, on: date, actor) -> Round:
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if round_.closed_on is None:
            round_.closed_on = on
            save_with_history(round_, actor=actor, update_fields=["closed_on"])
            _answers_forget_order(round_)
    return round_


def _answers_forget_order(round_: Round) -> None:
    AnswerCode.objects.filter(round=round_).delete()
    SpentCode.objects.filter(round=round_).delete()
    rows = list(Answer.objects.filter(round=round_).values("group_id", "values", "free_text"))
    Answer.objects.filter(round=round_).delete()
    secrets.SystemRandom().shuffle(rows)
    Answer.objects.bulk_create(Answer(round=round_, **row) for row in rows)


def rounds_close_due(*, on: date, actor=None) -> int:
    """Close every round whose last day is before ``on`` (the hourly job); how many."""
    due = Round.objects.filter(closed_on=None, closes_on__lt=on)
    closed = [_close(round_, on=round_.closes_on, actor=actor) for round_ in due]
    return len(closed)


INVALID_CODE = _lazy("Koden er ugyldig, allerede brukt, eller undersøkelsen er stengt.")


def code_check(*, code: str) -> AnswerCode:
    """The code's issued row if it is unused and its round open, else ValidationError.

    The same two lookups run whatever the code is - made up, used or good - and every
    refusal says the same, so neither the answer nor its time tells the cases apart.
    """
    issued = (
        AnswerCode.objects.select_related("round__template")
        .filter(code_hash=codes.code_hash(code))
        .first()
    )
    spent = SpentCode.objects.filter(spent_hash=codes.spent_hash(code)).exists()
    if issued is None or spent or not issued.round.is_open(timezone.localdate()):
        raise ValidationError(str(INVALID_CODE))
    return issued


def answer_submit(*, code: str, values: dict[str, int], free_text: str) -> None:
    """Store one anonymous answer and use up its code, both or neither.

    The spent code's unique hash makes the same code sent twice at once answer once.
    The answer keeps only the round and the group; nothing links it to the issued code.
    """
    checked = code_check(code=code)
    keys = {q.key for t in themes_of(checked.round.template) for q in t.questions.all()}
    if set(values) - keys or any(v not in range(1, 6) for v in values.values()):
        raise ValidationError(_("Svarene passer ikke til spørreskjemaet."))
    try:
        with transaction.atomic():
            SpentCode.objects.create(round_id=checked.round_id, spent_hash=codes.spent_hash(code))
            Answer.objects.create(
                round_id=checked.round_id,
                group_id=checked.group_id,
                values=values,
                free_text=free_text.strip(),
            )
    except IntegrityError:
        raise ValidationError(str(INVALID_CODE)) from None


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
