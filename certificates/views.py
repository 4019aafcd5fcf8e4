"""Issuing, the register of certificates, invoicing, and the public verification pages."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from certificates import selectors, services
from certificates.badge import render_badge_svg
from certificates.invoicing import invoicing_table, last_month
from certificates.issuing_forms import IssueForm, PdfCheckForm, PeriodForm, ReasonForm
from certificates.models import CertificationCase
from certificates.pdf import COPY_LANGUAGES
from certificates.selectors import REGISTER_FIELDS
from certificates.verification import copy_check, verification_answer
from hms_cert.page_cache import render_by_content
from hms_cert.paging import page_without_count
from hms_cert.spreadsheets import FORMATS, table_response


def _require_perm(user, perm: str) -> None:
    """For the pages (forms, the queue, the export): the services check again on POST."""
    if not user.has_perm(perm):
        raise PermissionDenied


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def already_done(request, *, message: str, url: str, link_text: str):
    """The answer to a step someone (often the same person, clicking twice) already took.

    A plain page, not an error: what the user wanted has happened; it says so and links
    to the result.
    """
    context = {"message": message, "url": url, "link_text": link_text}
    return render(request, "already_done.html", context)


def _is_already_done(error: ValidationError) -> bool:
    return getattr(error, "code", None) in services.ALREADY_DONE


@login_required
def issuing_queue(request):
    _require_perm(request.user, "certificates.issue")
    rows = selectors.cases_ready_for_issuing(request.user)
    return render(request, "certificates/issuing_queue.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def issue(request, pk):
    _require_perm(request.user, "certificates.issue")
    case = selectors.get_case_for(request.user, pk)
    if case.status in (CertificationCase.Status.ISSUED, CertificationCase.Status.CLOSED):
        return _already_issued(request, case)
    today = timezone.localdate()
    decision = selectors.case_decision(case=case, on=today)
    form = IssueForm(request.POST or None, eligible=decision.eligible_class)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = services.certificate_issue(
                case=case, klass=form.cleaned_data["klass"], actor=request.user
            )
        except ValidationError as error:
            if _is_already_done(error):
                return _already_issued(request, case)
            form.add_error(None, _error_text(error))
        else:
            messages.success(
                request, _("Sertifikat %(number)s er utstedt.") % {"number": certificate.number}
            )
            return redirect("certificates:detail", pk=certificate.pk)
    preview = selectors.issue_preview(case=case, decision=decision, on=today)
    context = {"case": case, "decision": decision, "form": form, "preview": preview}
    return render(request, "certificates/issue.html", context)


def _already_issued(request, case):
    certificate = case.certificates.order_by("-issued_at").first()
    if certificate is None:  # closed without a certificate of its own: not reachable today
        url, number = reverse("certificates:issuing_queue"), ""
    else:
        url, number = certificate.get_absolute_url(), certificate.number
    return already_done(
        request,
        message=_("Saken er allerede utstedt."),
        url=url,
        link_text=_("Se sertifikat %(number)s") % {"number": number}
        if number
        else _("Til utstedelse"),
    )


@login_required
def certificate_list(request):
    """The register as staff keep it: every certificate, revoked and expired included."""
    if not request.user.is_staff_member:
        raise PermissionDenied
    certificates = selectors.certificates_visible_to(request.user).select_related("company")
    query = request.GET.get("q", "").strip()
    if query:
        certificates = (
            certificates.filter(company_name__icontains=query)
            | certificates.filter(company__name__icontains=query)
            | certificates.filter(number__icontains=query)
        )
    page = Paginator(certificates.order_by("-issued_at"), 25).get_page(request.GET.get("side"))
    context = {"page": page, "rows": list(page), "query": query}
    return render(request, "certificates/certificate_list.html", context)


@login_required
def certificate_detail(request, pk):
    certificate = selectors.get_certificate_for(request.user, pk)
    context = {
        "certificate": certificate,
        "verification_url": services.verification_url(certificate),
        "reason_form": ReasonForm(),
        "identity_changed": certificate.identity_differs_from(certificate.company),
    }
    return render(request, "certificates/certificate_detail.html", context)


@login_required
def certificate_pdf(request, pk):
    """The stored bytes, exactly as rendered at issuing (their SHA-256 is on record).

    ``?lang=en`` gives the English original, stored and hashed beside the bokmål one at
    issuing (same number, QR code and period). A certificate issued before that has none:
    its English copy is rendered now from the same record, is not stored and says on its
    face that its fingerprint is not on record.
    """
    certificate = selectors.get_certificate_for(request.user, pk)
    if not certificate.pdf:
        raise Http404
    language = request.GET.get("lang", "")
    if language in COPY_LANGUAGES:
        filename = f"{certificate.number}-{language}.pdf"
        if certificate.pdf_en:
            return _pdf_response(certificate.pdf_en.open("rb"), filename)
        data = services.render_certificate_copy(certificate, language=language)
        return _pdf_response(io.BytesIO(data), filename)
    return _pdf_response(certificate.pdf.open("rb"), f"{certificate.number}.pdf")


def _pdf_response(file, filename: str) -> FileResponse:
    return FileResponse(file, as_attachment=True, filename=filename, content_type="application/pdf")


@login_required
@require_http_methods(["GET", "POST"])
def certificate_revoke(request, pk):
    return _reason_action(request, pk, action="revoke")


@login_required
@require_http_methods(["GET", "POST"])
def certificate_reissue(request, pk):
    return _reason_action(request, pk, action="reissue")


def _reason_action(request, pk, *, action):
    """Revoke or reissue: a confirmation page with a required reason, then the service."""
    _require_perm(request.user, "certificates.issue")
    certificate = selectors.get_certificate_for(request.user, pk)
    if certificate.is_revoked:
        return _already_revoked(request, certificate)
    initial = {}
    if action == "reissue" and certificate.identity_differs_from(certificate.company):
        initial["reason"] = _("Virksomheten har endret navn eller adresse.")
    form = ReasonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        service = (
            services.certificate_revoke if action == "revoke" else services.certificate_reissue
        )
        try:
            result = service(
                certificate=certificate, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as error:
            if _is_already_done(error):
                certificate.refresh_from_db()
                return _already_revoked(request, certificate, message=_error_text(error))
            form.add_error(None, _error_text(error))
        else:
            if action == "revoke":
                messages.success(request, _("Sertifikatet er tilbakekalt."))
            else:
                messages.success(
                    request,
                    _("Sertifikatet er erstattet av %(number)s.") % {"number": result.number},
                )
            return redirect(result.get_absolute_url())
    context = {"certificate": certificate, "form": form, "action": action}
    return render(request, "certificates/reason_confirm.html", context)


def _already_revoked(request, certificate, *, message: str = ""):
    """Revoked already, or replaced: link to the replacement where there is one."""
    replacement = certificate.superseded_by
    if replacement is not None:
        return already_done(
            request,
            message=message
            or _("Sertifikatet er allerede erstattet av %(number)s.")
            % {"number": replacement.number},
            url=replacement.get_absolute_url(),
            link_text=_("Se sertifikat %(number)s") % {"number": replacement.number},
        )
    return already_done(
        request,
        message=message or _("Sertifikatet er allerede tilbakekalt."),
        url=certificate.get_absolute_url(),
        link_text=_("Se sertifikat %(number)s") % {"number": certificate.number},
    )


@login_required
def invoicing(request):
    """Certificates issued in a period (last month unless chosen), with route and fee.

    The page lists them; ``?format=csv`` or ``xlsx`` downloads the same rows through the
    project's spreadsheet module (formula-safe, Norwegian dates and amounts).
    """
    _require_perm(request.user, "certificates.export_invoicing")
    default_start, default_end = last_month(timezone.localdate())
    data = request.GET if "start" in request.GET or "end" in request.GET else None
    form = PeriodForm(data, initial={"start": default_start, "end": default_end})
    if data is None:
        start, end = default_start, default_end
    elif form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    else:
        return render(request, "certificates/invoicing.html", {"form": form, "rows": None})
    rows = selectors.invoice_rows_between(request.user, start, end)
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        table = invoicing_table(rows)
        return table_response(table, fmt=fmt, filename=f"fakturering-{start}-{end}")
    context = {
        "form": form,
        "rows": rows,
        "start": start,
        "end": end,
        "total": sum((row.certificate.fee for row in rows), start=0),
        "query": f"start={start.isoformat()}&end={end.isoformat()}",
    }
    return render(request, "certificates/invoicing.html", context)


# --- Public pages: no login ----------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request, code):
    """The live status; on POST also an uploaded copy's signature and identity."""
    answer = verification_answer(code)
    if request.method == "POST":
        form = PdfCheckForm(request.POST, request.FILES)
        check = None
        if answer.found and form.is_valid():
            check = copy_check(form.cleaned_data["pdf"], answer)
        context = {"answer": answer, "form": form, "check": check}
        return render(request, "certificates/verify.html", context, status=answer.http_status)
    return render_by_content(
        request,
        "certificates/verify.html",
        lambda: {"answer": answer, "form": PdfCheckForm(), "check": None},
        content=answer,
        status=answer.http_status,
    )


@never_cache
def verify_json(request, code):
    answer = verification_answer(code)
    return JsonResponse(
        answer.as_json(), status=answer.http_status, json_dumps_params={"ensure_ascii": False}
    )


@never_cache
def badge(request, code):
    """The live badge: it always shows today's status, so a revoked one says so."""
    answer = verification_answer(code)
    svg = render_badge_svg(
        status=answer.status if answer.found else "unknown",
        klass=answer.klass,
        valid_until=answer.valid_until,
        company_name=answer.company_name or "",
    )
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "no-cache, max-age=0"
    return response


REGISTER_PAGE = 25


def register(request):
    form_data = request.GET if "q" in request.GET else None
    query = request.GET.get("q", "")[:200]
    try:
        certificates = selectors.public_register(query, timezone.localdate())
        page = page_without_count(certificates, request.GET.get("side"), REGISTER_PAGE)
    except DatabaseError:
        return render(request, "certificates/unavailable.html", status=503)
    context = {"page": page, "query": query, "searched": form_data is not None}
    shown = (
        tuple(tuple(getattr(c, f) for f in REGISTER_FIELDS) for c in page),
        page.number,
        page.has_next,
    )
    return render_by_content(request, "certificates/register.html", context, content=shown)
