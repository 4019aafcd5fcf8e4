"""The case page, where an advisor sees what a case lacks and records what it needs.

The page shows the rules engine's decision for today, or for a chosen "what if" date
(``?dato=2027-03-01``, for planning), beside everything recorded about the company.
Its query count is fixed: the facts (``certificates.facts``) and the lists
(``surveys.selectors.company_records``) are each loaded in a constant number of queries.

The confirmations, the records sections (surveys, risk assessments, safety rounds, the
action plan), the certificates and the trail are kept rendered in the ``case_page`` cache
until what they show can change. Their key holds the company's revision
(``companies.freshness``: every service that changes something they show raises it in its
transaction), the language, the assessment date (what is overdue), the case (its
confirmations) and the role; the trail's also the keys of its newest records, read anyway
(one query), so a change the history records shows even where no revision was raised.
Their context is lazy: on a hit, ``company_records``, the confirmations, the certificates
and the trail's records are never read.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from certificates import services
from certificates.models import CertificationCase, Confirmation
from certificates.renewal import renewal_changes
from certificates.selectors import case_decision, get_case_for
from certificates.views import already_done
from companies.freshness import case_revision
from hms_cert.forms import add_service_errors
from hms_cert.page_cache import render_by_content
from staff.forms import ConfirmationForm, WhatIfForm
from staff.history import recent_history
from staff.links import link_patterns
from surveys.selectors import company_records, risk_matrix

CASE_PAGE_HISTORY = 15  # the newest changes; the whole trail is on staff:history
# What the page links per survey, finding, assessment, hazard and action item.
CASE_PAGE_LINKS = (
    "surveys:survey_verify",
    "surveys:survey_update",
    "surveys:survey_delete",
    "surveys:finding_create",
    "surveys:finding_update",
    "surveys:finding_delete",
    "surveys:risk_assessment_update",
    "surveys:risk_assessment_delete",
    "surveys:hazard_create",
    "surveys:hazard_update",
    "surveys:hazard_delete",
    "surveys:action_item_status",
    "surveys:action_item_update",
    "surveys:action_item_delete",
)


@dataclass(frozen=True)
class ConfirmationRow:
    kind: str
    label: str
    confirmation: Confirmation | None
    may_change: bool


def _assessment_date(request, today: date) -> tuple[date, WhatIfForm]:
    """The date of ``?dato=``, or today (with a message) when it is missing or invalid."""
    if "dato" not in request.GET:
        return today, WhatIfForm(initial={"dato": today})
    form = WhatIfForm(request.GET)
    if form.is_valid():
        return form.cleaned_data["dato"], form
    messages.warning(
        request,
        _("«%(value)s» er ikke en gyldig vurderingsdato. Viser vurderingen for i dag.")
        % {"value": request.GET["dato"]},
    )
    return today, WhatIfForm(initial={"dato": today})


def _confirmation_rows(case: CertificationCase, user) -> list[ConfirmationRow]:
    recorded = {c.kind: c for c in case.confirmations.select_related("confirmed_by")}
    return [
        ConfirmationRow(
            kind=kind,
            label=label,
            confirmation=recorded.get(kind),
            may_change=kind not in Confirmation.ISSUER_ONLY or user.is_issuer,
        )
        for kind, label in Confirmation.Kind.choices
    ]


def _cached_parts(user, case: CertificationCase, on: date) -> dict:
    """The keys the cached parts are kept under (detail.html), and their lazy context.

    ``records_key`` for the confirmations, the records sections and the certificates;
    ``trail_key`` for the trail.
    """
    company = case.company
    stamp = ":".join(
        str(part)
        for part in (
            company.pk,
            case.pk,
            company.created_at.timestamp(),  # a pk used again (SQLite) is another company
            case_revision(company),
            get_language(),
            "issuer" if user.is_issuer else "advisor",
        )
    )
    trail_keys, history = recent_history(user, company, limit=CASE_PAGE_HISTORY)
    records = SimpleLazyObject(lambda: company_records(company))
    return {
        "records_key": f"{stamp}:{on.isoformat()}",
        "trail_key": f"{stamp}:{trail_keys}",
        "records": records,
        "risk_assessments": SimpleLazyObject(
            lambda: [
                (assessment, risk_matrix(assessment.hazards.all()))
                for assessment in records.risk_assessments
            ]
        ),
        "action_items": SimpleLazyObject(
            lambda: [(item, item.is_overdue(on)) for item in records.action_items]
        ),
        "history": history,
        "links": SimpleLazyObject(lambda: link_patterns(*CASE_PAGE_LINKS)),
    }


def _decision_shown(decision) -> tuple:
    """Everything ``cases/_decision.html`` shows of the decision, as plain values."""
    return (
        decision.rule_set,
        decision.eligible_class,
        decision.discretionary,
        decision.waiver_used,
        tuple(
            (
                result.klass,
                result.met,
                tuple(
                    (c.code, c.met, c.message, None if c.met else c.missing_message)
                    for c in result.criteria
                ),
            )
            for result in decision.classes
        ),
    )


def _renewal_shown(renewal) -> tuple | None:
    """Everything ``cases/_renewal.html`` shows, as plain values (None: no renewal)."""
    if renewal is None:
        return None
    return (
        renewal.since,
        renewal.previous.year,
        tuple((str(obj), str(obj.meta_name)) for obj in renewal.new),
        tuple((str(obj), str(obj.meta_name)) for obj in renewal.changed),
        tuple((i.measure, i.status, i.due_date) for i in renewal.carried_over),
        renewal.confirmations_last_year,
    )


def _shown(case, today: date, on: date, decision, renewal, context: dict) -> tuple:
    """What the whole page shows, for ``render_by_content`` (with the address, the
    language and the user it adds itself).

    The cached parts are named by their keys: each key holds the company's revision,
    which every change to what those parts show raises, and the trail's key the newest
    history keys. The rest is the case's and the company's values shown in the header,
    the dates and the decision.
    """
    company = case.company
    return (
        context["records_key"],
        context["trail_key"],
        (case.pk, case.year, case.status, case.sent_to_issuing_at, case.sent_to_issuing_by_id),
        (
            company.pk,
            company.name,
            company.organisation_number,
            company.employee_count,
            company.industry,
            company.off_site_work,
            company.follow_up_agreement,
            company.advisor_id,
            company.advisor.display_name if company.advisor_id else None,
        ),
        today,
        on,
        _decision_shown(decision),
        _renewal_shown(renewal),
    )


@login_required
@require_GET
def case_detail(request, pk):
    case = get_case_for(request.user, pk)
    today = timezone.localdate()
    on, date_form = _assessment_date(request, today)
    decision = case_decision(case=case, on=on)
    renewal = renewal_changes(case)
    context = {
        "case": case,
        "company": case.company,
        "today": today,
        "on": on,
        "what_if": on != today,
        "date_form": date_form,
        "decision": decision,
        "confirmations": SimpleLazyObject(lambda: _confirmation_rows(case, request.user)),
        "legal_kinds": Confirmation.LEGAL_KINDS,
        "certificates": case.company.certificates.order_by("-valid_from"),  # lazy: a query
        "may_send": case.status == CertificationCase.Status.OPEN,
        "may_reopen": case.status == CertificationCase.Status.READY,
        "renewal": renewal,
        "questionnaire_rounds": SimpleLazyObject(
            lambda: list(case.company.questionnaire_rounds.all())
        ),
        **_cached_parts(request.user, case, on),
    }
    shown = _shown(case, today, on, decision, renewal, context)
    return render_by_content(
        request, "cases/detail.html", context, content=shown, using="case_pages"
    )


@login_required
@require_POST
def case_send_to_issuing(request, pk):
    case = get_case_for(request.user, pk)
    try:
        decision = services.case_send_to_issuing(case=case, actor=request.user)
    except ValidationError as error:
        if error.code in services.ALREADY_DONE:
            return _case_already_done(request, case, error)
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Saken er sendt til utstedelse (oppnåelig klasse i dag: %(klass)s).")
            % {"klass": decision.eligible_class},
        )
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_POST
def case_reopen(request, pk):
    case = get_case_for(request.user, pk)
    try:
        services.case_reopen(case=case, actor=request.user)
    except ValidationError as error:
        if error.code in services.ALREADY_DONE:
            return _case_already_done(request, case, error)
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saken er tatt tilbake fra utstedelse og er åpen igjen."))
    return redirect("cases:detail", pk=case.pk)


def _case_url(case: CertificationCase) -> str:
    return reverse("cases:detail", args=[case.pk])


def _case_already_done(request, case: CertificationCase, error: ValidationError):
    return already_done(
        request,
        message=" ".join(error.messages),
        url=_case_url(case),
        link_text=_("Til saken"),
    )


def _confirmation_kind(kind: str, user) -> str:
    if kind not in Confirmation.Kind.values:
        raise Http404
    if kind in Confirmation.ISSUER_ONLY and not user.is_issuer:
        raise PermissionDenied
    return kind


@login_required
@require_http_methods(["GET", "POST"])
def confirmation_record(request, pk, kind):
    case = get_case_for(request.user, pk)
    kind = _confirmation_kind(kind, request.user)
    current = case.confirmations.filter(kind=kind).first()
    initial = {"confirmed_on": timezone.localdate()}
    if current is not None:
        initial = {"text": current.text, "confirmed_on": current.confirmed_on}
    form = ConfirmationForm(request.POST or None, kind=kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirmation_record(
                case=case, kind=kind, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Bekreftelsen er registrert."))
            return redirect(f"{_case_url(case)}#bekreftelser")
    context = {
        "case": case,
        "company": case.company,
        "form": form,
        "label": Confirmation.Kind(kind).label,
        "current": current,
    }
    return render(request, "cases/confirmation_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def confirmation_withdraw(request, pk, kind):
    case = get_case_for(request.user, pk)
    kind = _confirmation_kind(kind, request.user)
    confirmation = case.confirmations.select_related("confirmed_by").filter(kind=kind).first()
    if confirmation is None:
        raise Http404
    if request.method == "POST":
        try:
            services.confirmation_withdraw(confirmation=confirmation, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Bekreftelsen er trukket tilbake."))
        return redirect(f"{_case_url(case)}#bekreftelser")
    context = {"case": case, "company": case.company, "confirmation": confirmation}
    return render(request, "cases/confirmation_withdraw.html", context)
