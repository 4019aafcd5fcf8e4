"""The checklist walk on a phone: start, answer item by item, plan, finish, report.

Each item is its own small form (a POST per answer), so an answer is stored as soon as it
is given and a dropped connection loses at most the item being typed; after saving, the
page returns to the next item. Without JavaScript everything works as plain forms.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fieldwork import selectors, services
from fieldwork.forms import AnswerForm, PlanForm, StartForm
from fieldwork.models import ChecklistItem


def _walk_url(inspection, item=None) -> str:
    url = reverse("fieldwork:walk", args=[inspection.pk])
    return f"{url}#punkt-{item.pk}" if item is not None else url


def _inspection(request, pk):
    inspection = selectors.get_inspection_for(request.user, pk)
    if not request.user.has_perm("fieldwork.work_on_inspection", inspection):
        raise Http404
    return inspection


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@require_http_methods(["GET", "POST"])
def start(request, company_pk):
    company = selectors.get_company_for_inspection(request.user, company_pk)
    if not request.user.has_perm("fieldwork.start_inspection", company):
        raise PermissionDenied
    form = StartForm(request.POST or None, initial={"kind": request.GET.get("type", "physical")})
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.inspection_start(
                company=company, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(_walk_url(inspection))
    return render(request, "fieldwork/start.html", {"company": company, "form": form})


@login_required
@require_GET
def walk(request, pk):
    inspection = _inspection(request, pk)
    context = {
        "walk": selectors.walk_of(inspection),
        "inspection": inspection,
        "sent_back": selectors.sent_back_document(inspection),
        "may_reopen": request.user.has_perm("fieldwork.reopen_inspection", inspection),
        "max_photos": services.MAX_PHOTOS_PER_ANSWER,
        "max_photos_per_save": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
        "max_bytes": settings.UPLOAD_MAX_BYTES,
    }
    return render(request, "fieldwork/walk.html", context)


@login_required
@require_POST
def answer(request, pk, item_pk):
    inspection = _inspection(request, pk)
    try:
        item = ChecklistItem.objects.select_related("section").get(
            pk=item_pk, section__template=inspection.template_id
        )
    except (ChecklistItem.DoesNotExist, ValueError):
        raise Http404 from None
    in_background = request.headers.get("X-Requested-With") == "fetch"
    form = AnswerForm(request.POST, request.FILES, prefix=f"i{item.pk}")
    if not form.is_valid():
        return _answer_refused(request, inspection, item, _("Velg OK, Avvik eller Ikke relevant."))
    try:
        saved = services.answer_save(
            inspection=inspection, item=item, actor=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        full = any(e.code == services.TOO_MANY_PHOTOS for e in getattr(error, "error_list", []))
        return _answer_refused(request, inspection, item, _errors(error), full=full)
    walk_data = selectors.walk_of(inspection)
    if in_background:
        return JsonResponse(_answer_json(walk_data, saved, walk_data.next_after(item)))
    return redirect(_walk_url(inspection, walk_data.next_after(item)))


def _answer_refused(request, inspection, item, message: str, *, full: bool = False):
    """Why not, to the script (``full``: no more photos fit) or as a message on the page."""
    if request.headers.get("X-Requested-With") == "fetch":
        return JsonResponse({"error": message, "full": full}, status=400)
    messages.error(request, message)
    return redirect(_walk_url(inspection, item))


def _answer_json(walk_data, saved, next_item) -> dict:
    """What the page's script shows after a background save (static/js/fieldwork.js)."""
    return {
        "value": saved.value,
        "saved": _("Lagret: %(value)s") % {"value": saved.get_value_display()},
        "answered": walk_data.answered,
        "progress": _("%(answered)s av %(total)s besvart")
        % {"answered": walk_data.answered, "total": walk_data.total},
        "next": next_item.pk if next_item is not None else None,
        "photos": [
            {
                "url": reverse("fieldwork:photo", args=[photo.pk]),
                "remove": reverse("fieldwork:photo_remove", args=[photo.pk]),
                "alt": _("Bilde %(n)s") % {"n": n},
                "remove_label": _("Fjern"),
                "which": _("bilde %(n)s") % {"n": n},
            }
            for n, photo in enumerate(saved.photos.order_by("id"), start=1)
        ],
    }


@login_required
@require_GET
def plan(request, pk):
    inspection = _inspection(request, pk)
    data = selectors.walk_of(inspection)
    rows = [(a, PlanForm(prefix=f"d{a.pk}", initial=_plan_initial(a))) for a in data.deviations]
    return render(
        request, "fieldwork/plan.html", {"walk": data, "inspection": inspection, "rows": rows}
    )


def _plan_initial(answer) -> dict:
    return {
        "measure": answer.measure,
        "responsible": answer.responsible,
        "due_date": answer.due_date,
        "severity": answer.severity,
        "probability": answer.probability,
        "consequence": answer.consequence,
    }


@login_required
@require_POST
def plan_confirm(request, pk, answer_pk):
    inspection = _inspection(request, pk)
    answer = inspection.answers.filter(pk=answer_pk).select_related("inspection__company").first()
    if answer is None:
        raise Http404
    form = PlanForm(request.POST, prefix=f"d{answer.pk}")
    if form.is_valid():
        try:
            services.deviation_plan_confirm(answer=answer, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("Tiltaket er bekreftet."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(f"{reverse('fieldwork:plan', args=[inspection.pk])}#avvik-{answer.pk}")


@login_required
@require_POST
def finish(request, pk):
    inspection = _inspection(request, pk)
    try:
        services.inspection_finish(inspection=inspection, actor=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("fieldwork:plan", pk=inspection.pk)
    messages.success(request, _("Kartleggingen er fullført, og rapporten er laget."))
    return redirect("fieldwork:walk", pk=inspection.pk)


@login_required
@require_POST
def photo_remove(request, pk):
    record = selectors.get_photo_for(request.user, pk)
    inspection = _inspection(request, record.answer.inspection_id)
    try:
        services.photo_remove(photo=record, actor=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Bildet er fjernet."))
    return redirect(_walk_url(inspection, record.answer.item))


@login_required
@require_POST
def reopen(request, pk):
    inspection = _inspection(request, pk)
    try:
        services.inspection_reopen(inspection=inspection, actor=request.user)
    except PermissionDenied:
        messages.error(request, _("Kartleggingen er ikke sendt tilbake og kan ikke åpnes."))
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request,
            _("Kartleggingen er åpnet igjen. Rett opp det rådgiveren ba om, og fullfør på nytt."),
        )
    return redirect("fieldwork:walk", pk=inspection.pk)


def _private_file(handle, *, content_type, filename=None):
    response = FileResponse(
        handle, as_attachment=filename is not None, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def report(request, pk):
    inspection = _inspection(request, pk)
    if not inspection.report:
        raise Http404
    try:
        handle = inspection.report.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = f"rapport-{inspection.kind}-{inspection.performed_on:%Y-%m-%d}.pdf"
    return _private_file(handle, content_type="application/pdf", filename=name)


@login_required
@require_GET
def photo(request, pk):
    record = selectors.get_photo_for(request.user, pk)
    try:
        handle = record.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return _private_file(handle, content_type=record.content_type)
