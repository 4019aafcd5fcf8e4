"""Pages to record and change what the case page lists: thin views over the services.

Every object is loaded through a ``get_<thing>_for(user, pk)`` selector, so another
advisor's or a client user's request ends in 404 before anything is read or changed.
After a change the user goes back to the company's case page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from companies.models import Company
from companies.selectors import get_company_for
from hms_cert.forms import add_service_errors
from surveys import selectors, services
from surveys.forms import (
    ActionItemForm,
    ActionItemStatusForm,
    FindingForm,
    HazardForm,
    HazardFormSet,
    RiskAssessmentForm,
    SafetyRoundForm,
    SurveyForm,
    SurveyVerifyForm,
)
from surveys.models import Survey

FORM_TEMPLATE = "surveys/form.html"
DELETE_TEMPLATE = "surveys/confirm_delete.html"
get_or_post = require_http_methods(["GET", "POST"])


def _case_url(company: Company, anchor: str) -> str:
    return f"{reverse('companies:detail', args=[company.pk])}#{anchor}"


def _form_page(request, form, *, save, company, title, success, anchor, extra=None, warn=None):
    """Show ``form``; on a valid POST call ``save(cleaned_data)`` and go back to the case.

    ``warn(saved)``, if given, may return a warning to show beside the success message.
    """
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            warning = warn(saved) if warn else None
            if warning:
                messages.warning(request, warning)
            return redirect(_case_url(company, anchor))
    context = {"form": form, "company": company, "title": title}
    context["back_url"] = _case_url(company, anchor)
    return render(request, FORM_TEMPLATE, context | (extra or {}))


def _delete_page(request, *, obj, delete, company, title, success, anchor, warning=""):
    """Ask first (GET); delete on POST and go back to the case."""
    back_url = _case_url(company, anchor)
    if request.method == "POST":
        try:
            delete()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, success)
        return redirect(back_url)
    context = {"object": obj, "company": company, "title": title, "warning": warning}
    return render(request, DELETE_TEMPLATE, context | {"back_url": back_url})


# Surveys


@login_required
@get_or_post
def survey_create(request, company_pk):
    """A new survey; ``?type=physical`` or ``psychosocial`` opens the form of that kind."""
    company = get_company_for(request.user, company_pk)
    kind = request.GET.get("type")
    if kind not in Survey.Kind.values:
        kind = None
    titles = {
        Survey.Kind.PHYSICAL: _("Ny fysisk kartlegging"),
        Survey.Kind.PSYCHOSOCIAL: _("Ny psykososial kartlegging"),
    }
    return _form_page(
        request,
        SurveyForm(request.POST or None, kind=kind),
        save=lambda data: services.survey_create(company=company, actor=request.user, **data),
        company=company,
        title=titles.get(kind, _("Ny kartlegging")),
        success=_("Kartleggingen er registrert."),
        anchor="kartlegginger",
    )


@login_required
@get_or_post
def survey_update(request, pk):
    survey = selectors.get_survey_for(request.user, pk)
    return _form_page(
        request,
        SurveyForm(request.POST or None, instance=survey),
        save=lambda data: services.survey_update(survey=survey, actor=request.user, **data),
        company=survey.company,
        title=_("Endre kartlegging"),
        success=_("Kartleggingen er endret."),
        anchor="kartlegginger",
    )


@login_required
@get_or_post
def survey_verify(request, pk):
    survey = selectors.get_survey_for(request.user, pk)
    form = SurveyVerifyForm(request.POST or None, initial={"verified_on": timezone.localdate()})
    return _form_page(
        request,
        form,
        save=lambda data: services.survey_verify(
            survey=survey, actor=request.user, on=data["verified_on"]
        ),
        company=survey.company,
        title=_("Verifiser kartlegging: %(survey)s") % {"survey": survey},
        success=_("Kartleggingen er verifisert."),
        anchor="kartlegginger",
        extra={
            "intro": _(
                "Bekreft at dokumentasjonen av kartleggingen er gjennomgått og godtatt. "
                "Kartlegginger utført av virksomheten selv eller andre teller først når de "
                "er verifisert."
            )
        },
    )


@login_required
@get_or_post
def survey_delete(request, pk):
    survey = selectors.get_survey_for(request.user, pk)
    return _delete_page(
        request,
        obj=survey,
        delete=lambda: services.survey_delete(survey=survey, actor=request.user),
        company=survey.company,
        title=_("Slette kartlegging?"),
        success=_("Kartleggingen er slettet."),
        anchor="kartlegginger",
        warning=_("Funnene slettes også. Tiltak knyttet til kartleggingen beholdes."),
    )


# Findings


@login_required
@get_or_post
def finding_create(request, survey_pk):
    survey = selectors.get_survey_for(request.user, survey_pk)
    return _form_page(
        request,
        FindingForm(request.POST or None),
        save=lambda data: services.finding_create(survey=survey, actor=request.user, **data),
        company=survey.company,
        title=_("Nytt funn: %(survey)s") % {"survey": survey},
        success=_("Funnet er registrert."),
        anchor="kartlegginger",
    )


@login_required
@get_or_post
def finding_update(request, pk):
    finding = selectors.get_finding_for(request.user, pk)
    return _form_page(
        request,
        FindingForm(request.POST or None, instance=finding),
        save=lambda data: services.finding_update(finding=finding, actor=request.user, **data),
        company=finding.survey.company,
        title=_("Endre funn"),
        success=_("Funnet er endret."),
        anchor="kartlegginger",
    )


@login_required
@get_or_post
def finding_delete(request, pk):
    finding = selectors.get_finding_for(request.user, pk)
    return _delete_page(
        request,
        obj=finding,
        delete=lambda: services.finding_delete(finding=finding, actor=request.user),
        company=finding.survey.company,
        title=_("Slette funn?"),
        success=_("Funnet er slettet."),
        anchor="kartlegginger",
    )


# Risk assessments and hazards


@login_required
@get_or_post
def risk_assessment_create(request, company_pk):
    """The assessment and its first hazards on one page, saved together."""
    company = get_company_for(request.user, company_pk)
    form = RiskAssessmentForm(request.POST or None)
    hazards = HazardFormSet(request.POST or None, prefix="farer")
    if request.method == "POST" and form.is_valid() and hazards.is_valid():
        try:
            services.risk_assessment_create(
                company=company,
                actor=request.user,
                hazards=[hazard.cleaned_data for hazard in hazards if hazard.cleaned_data],
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Risikovurderingen er registrert."))
            return redirect(_case_url(company, "risikovurderinger"))
    context = {"form": form, "hazards": hazards, "company": company}
    context["back_url"] = _case_url(company, "risikovurderinger")
    return render(request, "surveys/risk_assessment_form.html", context)


@login_required
@get_or_post
def risk_assessment_update(request, pk):
    assessment = selectors.get_risk_assessment_for(request.user, pk)
    return _form_page(
        request,
        RiskAssessmentForm(request.POST or None, instance=assessment),
        save=lambda data: services.risk_assessment_update(
            risk_assessment=assessment, actor=request.user, **data
        ),
        company=assessment.company,
        title=_("Endre risikovurdering"),
        success=_("Risikovurderingen er endret."),
        anchor="risikovurderinger",
    )


@login_required
@get_or_post
def risk_assessment_delete(request, pk):
    assessment = selectors.get_risk_assessment_for(request.user, pk)
    return _delete_page(
        request,
        obj=assessment,
        delete=lambda: services.risk_assessment_delete(
            risk_assessment=assessment, actor=request.user
        ),
        company=assessment.company,
        title=_("Slette risikovurdering?"),
        success=_("Risikovurderingen er slettet."),
        anchor="risikovurderinger",
        warning=_("Alle farene i vurderingen slettes også."),
    )


@login_required
@get_or_post
def hazard_create(request, risk_assessment_pk):
    assessment = selectors.get_risk_assessment_for(request.user, risk_assessment_pk)
    return _form_page(
        request,
        HazardForm(request.POST or None),
        save=lambda data: services.hazard_create(
            risk_assessment=assessment, actor=request.user, **data
        ),
        company=assessment.company,
        title=_("Ny fare: %(assessment)s") % {"assessment": assessment},
        success=_("Faren er registrert."),
        anchor="risikovurderinger",
    )


@login_required
@get_or_post
def hazard_update(request, pk):
    hazard = selectors.get_hazard_for(request.user, pk)
    return _form_page(
        request,
        HazardForm(request.POST or None, instance=hazard),
        save=lambda data: services.hazard_update(hazard=hazard, actor=request.user, **data),
        company=hazard.risk_assessment.company,
        title=_("Endre fare"),
        success=_("Faren er endret."),
        anchor="risikovurderinger",
    )


@login_required
@get_or_post
def hazard_delete(request, pk):
    hazard = selectors.get_hazard_for(request.user, pk)
    return _delete_page(
        request,
        obj=hazard,
        delete=lambda: services.hazard_delete(hazard=hazard, actor=request.user),
        company=hazard.risk_assessment.company,
        title=_("Slette fare?"),
        success=_("Faren er slettet."),
        anchor="risikovurderinger",
    )


# Safety rounds


@login_required
@get_or_post
def safety_round_create(request, company_pk):
    company = get_company_for(request.user, company_pk)
    return _form_page(
        request,
        SafetyRoundForm(request.POST or None),
        save=lambda data: services.safety_round_create(company=company, actor=request.user, **data),
        company=company,
        title=_("Ny vernerunde"),
        success=_("Vernerunden er registrert."),
        anchor="vernerunder",
    )


@login_required
@get_or_post
def safety_round_update(request, pk):
    safety_round = selectors.get_safety_round_for(request.user, pk)
    return _form_page(
        request,
        SafetyRoundForm(request.POST or None, instance=safety_round),
        save=lambda data: services.safety_round_update(
            safety_round=safety_round, actor=request.user, **data
        ),
        company=safety_round.company,
        title=_("Endre vernerunde"),
        success=_("Vernerunden er endret."),
        anchor="vernerunder",
    )


@login_required
@get_or_post
def safety_round_delete(request, pk):
    safety_round = selectors.get_safety_round_for(request.user, pk)
    return _delete_page(
        request,
        obj=safety_round,
        delete=lambda: services.safety_round_delete(safety_round=safety_round, actor=request.user),
        company=safety_round.company,
        title=_("Slette vernerunde?"),
        success=_("Vernerunden er slettet."),
        anchor="vernerunder",
    )


# Action items


def _overdue_warning(item) -> str | None:
    """A word (not a refusal) when an item is saved with its due date already passed."""
    if not item.is_overdue(timezone.localdate()):
        return None
    return _(
        "Merk: fristen %(date)s har allerede gått ut, så tiltaket er forfalt fra start. "
        "Et forfalt tiltak hindrer sertifisering til det er utført eller fristen er flyttet."
    ) % {"date": item.due_date.strftime("%d.%m.%Y")}


@login_required
@get_or_post
def action_item_create(request, company_pk):
    company = get_company_for(request.user, company_pk)
    initial = {"survey": request.GET.get("kartlegging"), "finding": request.GET.get("funn")}
    return _form_page(
        request,
        ActionItemForm(request.POST or None, company=company, initial=initial),
        save=lambda data: services.action_item_create(company=company, actor=request.user, **data),
        company=company,
        title=_("Nytt tiltak i handlingsplanen"),
        success=_("Tiltaket er registrert."),
        anchor="tiltak",
        warn=_overdue_warning,
    )


@login_required
@get_or_post
def action_item_update(request, pk):
    item = selectors.get_action_item_for(request.user, pk)
    form = ActionItemForm(
        request.POST or None, instance=item, company=item.company, with_status=False
    )
    return _form_page(
        request,
        form,
        save=lambda data: services.action_item_update(item=item, actor=request.user, **data),
        company=item.company,
        title=_("Endre tiltak"),
        success=_("Tiltaket er endret."),
        anchor="tiltak",
        warn=lambda saved: _overdue_warning(saved) if "due_date" in form.changed_data else None,
    )


@login_required
@get_or_post
def action_item_status(request, pk):
    item = selectors.get_action_item_for(request.user, pk)
    form = ActionItemStatusForm(
        request.POST or None, initial={"status": item.status, "reason": item.status_reason}
    )
    return _form_page(
        request,
        form,
        save=lambda data: services.action_item_set_status(
            item=item, status=data["status"], reason=data["reason"], actor=request.user
        ),
        company=item.company,
        title=_("Endre status: %(item)s") % {"item": item},
        success=_("Statusen er endret."),
        anchor="tiltak",
    )


@login_required
@get_or_post
def action_item_delete(request, pk):
    item = selectors.get_action_item_for(request.user, pk)
    return _delete_page(
        request,
        obj=item,
        delete=lambda: services.action_item_delete(item=item, actor=request.user),
        company=item.company,
        title=_("Slette tiltak?"),
        success=_("Tiltaket er slettet."),
        anchor="tiltak",
        warning=_(
            "Et tiltak som ikke skal gjennomføres, kan i stedet settes til «Ikke aktuelt» med "
            "en begrunnelse; da er det fortsatt dokumentert."
        ),
    )
