"""Pages of a questionnaire round (staff and client) and the respondent's page (public).

Views are thin: ``selectors.get_round_for`` answers 404 for another company's round, the
permission is asked here for the page and again by the service for the change.
"""

import csv
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from companies.selectors import companies_visible_to
from hms_cert.forms import add_service_errors
from questionnaires import services
from questionnaires.forms import (
    AnswerForm,
    CodeForm,
    ConversationForm,
    LinksForm,
    ProposalForm,
    RoundStartForm,
    SlipsForm,
)
from questionnaires.models import Round
from questionnaires.selectors import (
    get_round_for,
    min_answers,
    round_progress,
    round_results,
    themes_of,
)


def _round(request, pk, perm="questionnaires.run_round") -> Round:
    round_ = get_round_for(request.user, pk)
    if not request.user.has_perm(perm, round_):
        raise PermissionDenied
    return round_


@login_required
@require_http_methods(["GET", "POST"])
def round_start(request, company_pk):
    company = companies_visible_to(request.user).filter(pk=company_pk).first()
    if company is None:
        raise Http404
    if not request.user.has_perm("questionnaires.start_round", company):
        raise PermissionDenied
    initial = {
        "employee_count": company.employee_count,
        "closes_on": timezone.localdate() + dt.timedelta(days=14),
    }
    form = RoundStartForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_start(company=company, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Undersøkelsen er startet. Send nå hver ansatt en personlig lenke.")
            )
            return redirect("questionnaires:links", pk=round_.pk)
    return render(request, "questionnaires/round_start.html", {"form": form, "company": company})


@login_required
def round_detail(request, pk):
    round_ = _round(request, pk)
    advises = request.user.has_perm("questionnaires.advise_round", round_)
    context = {
        "round": round_,
        "results": round_results(round_),
        "progress": round_progress(round_),
        "advises": advises,
        "is_open": round_.is_open(timezone.localdate()),
        "min_answers": min_answers(),
        "conversations": list(round_.conversations.all()),
        "findings": list(round_.survey.findings.prefetch_related("action_items")),
    }
    return render(request, "questionnaires/round_detail.html", context)


@login_required
@never_cache
def round_rate(request, pk):
    """The coarse progress as JSON, polled by the round's page (static/js/questionnaire.js)."""
    round_ = _round(request, pk)
    progress = round_progress(round_)
    text = render_to_string("questionnaires/_progress.html", {"progress": progress}).strip()
    return JsonResponse({"at_least": progress.at_least, "text": text})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def links_send(request, pk):
    """The company (or staff) enters addresses; each gets a personal link it never sees."""
    round_ = _round(request, pk)
    form = LinksForm(request.POST or None, round_=round_)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.links_send(round_=round_, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _links_sent(request, round_, form, sent)
    return render(request, "questionnaires/links_send.html", {"round": round_, "form": form})


def _links_sent(request, round_, form, sent):
    if sent.sent:
        messages.success(
            request,
            ngettext(
                "%(n)s lenke er sendt. Adressen og lenken er ikke lagret.",
                "%(n)s lenker er sendt. Adressene og lenkene er ikke lagret.",
                sent.sent,
            )
            % {"n": sent.sent},
        )
    if not sent.failed:
        return redirect("questionnaires:detail", pk=round_.pk)
    # The refused addresses come back in the form, so that nothing typed is lost.
    retry = LinksForm(
        initial={"addresses": "\n".join(sent.failed), "group": form.data.get("group", "")},
        round_=round_,
    )
    context = {"round": round_, "form": retry, "failed": sent.failed}
    return render(request, "questionnaires/links_send.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def slips_print(request, pk):
    """Printed code slips, made by staff only and shown once: the page is never stored."""
    round_ = _round(request, pk, "questionnaires.advise_round")
    form = SlipsForm(request.POST or None, round_=round_)
    if request.method == "POST" and form.is_valid():
        group = form.cleaned_data["group"]
        try:
            made = services.slips_print(round_=round_, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            slips = {"codes": made, "group": group, "link": request.build_absolute_uri("/svar/")}
            return render(request, "questionnaires/slips.html", {"round": round_, **slips})
    return render(request, "questionnaires/slips_form.html", {"round": round_, "form": form})


@login_required
@require_POST
def round_close(request, pk):
    round_ = _round(request, pk)
    services.round_close(round_=round_, actor=request.user)
    messages.success(request, _("Undersøkelsen er stengt."))
    return redirect("questionnaires:detail", pk=round_.pk)


@login_required
def round_export(request, pk):
    """The theme results as CSV; refused while too few have answered."""
    round_ = _round(request, pk)
    results = round_results(round_)
    if not results.visible:
        return HttpResponse(_("For få svar til å vise resultater."), status=403)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="resultater-{round_.pk}.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["tema", "snitt", "endring", "1", "2", "3", "4", "5", "flagget"])
    for row in results.themes:
        writer.writerow(
            [
                row.theme.title_nb,
                row.mean,
                "" if row.change is None else row.change,
                *row.distribution,
                "ja" if row.flagged else "nei",
            ]
        )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def proposal(request, pk, theme_key):
    round_ = _round(request, pk, "questionnaires.advise_round")
    results = round_results(round_)
    theme = next((t for t in results.flagged if t.theme.key == theme_key), None)
    if theme is None:
        raise Http404
    initial = {
        "description": _("%(theme)s: snitt %(mean)s av 5 i spørreundersøkelsen.")
        % {"theme": theme.theme.title, "mean": number_format(theme.mean, 1)},
        "severity": "MEDIUM",
        "measure": _("Ta opp «%(theme)s» i samtalene og avtal konkrete tiltak.")
        % {"theme": theme.theme.title},
        "due_date": timezone.localdate() + dt.timedelta(days=60),
    }
    form = ProposalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_confirm(round_=round_, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Funn og tiltak er lagt til handlingsplanen."))
            return redirect("questionnaires:detail", pk=round_.pk)
    return render(
        request, "questionnaires/proposal.html", {"round": round_, "theme": theme, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def conversation_create(request, pk):
    round_ = _round(request, pk, "questionnaires.advise_round")
    form = ConversationForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.conversation_create(round_=round_, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Samtalen er registrert."))
            return redirect("questionnaires:detail", pk=round_.pk)
    results = round_results(round_)
    return render(
        request,
        "questionnaires/conversation_form.html",
        {"round": round_, "form": form, "results": results},
    )


@login_required
@require_POST
def report_create(request, pk):
    round_ = _round(request, pk, "questionnaires.advise_round")
    try:
        services.report_create(round_=round_, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Rapporten er laget."))
    return redirect("questionnaires:detail", pk=round_.pk)


@login_required
@require_POST
def report_review(request, pk):
    round_ = _round(request, pk, "questionnaires.advise_round")
    try:
        services.report_review(round_=round_, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Rapporten er markert som gjennomgått."))
    return redirect("questionnaires:detail", pk=round_.pk)


@login_required
def report_download(request, pk):
    round_ = _round(request, pk)
    if not round_.report:
        raise Http404
    return FileResponse(
        round_.report.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"psykososial-rapport-{round_.pk}.pdf",
    )


@never_cache
@require_http_methods(["GET", "POST"])
def respond(request):
    """The respondent's page. The code arrives by POST only, never in a URL."""
    if request.method == "GET" or request.POST.get("step") != "answer":
        return _respond_code(request)
    language = request.POST.get("language") if request.POST.get("language") == "en" else "nb"
    with translation.override(language):
        try:
            found = services.code_check(code=request.POST.get("code", ""))
        except ValidationError as error:
            return _code_page(request, CodeForm(initial={"language": language}), error)
        form = _answer_form(found, request.POST)
        if form.is_valid():
            try:
                services.answer_submit(
                    code=form.cleaned_data["code"],
                    values=form.values(),
                    free_text=form.cleaned_data["free_text"],
                )
            except ValidationError as error:
                return _code_page(request, CodeForm(initial={"language": language}), error)
            return render(request, "questionnaires/respond_thanks.html")
        return render(request, "questionnaires/respond_form.html", {"form": form})


def _answer_form(found, data=None, initial=None) -> AnswerForm:
    template = found.round.template
    return AnswerForm(
        data, initial=initial, themes=themes_of(template), free_text_label=template.free_text
    )


def _respond_code(request):
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        with translation.override(language):
            try:
                found = services.code_check(code=form.cleaned_data["code"])
            except ValidationError as error:
                return _code_page(request, form, error)
            initial = {"code": form.cleaned_data["code"], "language": language}
            return render(
                request,
                "questionnaires/respond_form.html",
                {"form": _answer_form(found, initial=initial)},
            )
    return _code_page(request, form)


def _code_page(request, form, error=None):
    if error is not None:
        form.add_error(None, error)
    return render(request, "questionnaires/respond_code.html", {"form": form})
