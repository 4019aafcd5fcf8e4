"""Issuing, the register of certificates, invoicing, and the public verification pages."""

import csv
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from certificates import selectors, services
from certificates.badge import render_badge_svg
from certificates.issuing_forms import IssueForm, PdfCheckForm, PeriodForm, ReasonForm
from certificates.models import CertificationCase
from certificates.verification import verification_answer


def _require_perm(user, perm: str) -> None:
    """For the pages (forms, the queue, the export): the services check again on POST."""
    if not user.has_perm(perm):
        raise PermissionDenied


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


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
    if case.status == CertificationCase.Status.ISSUED:
        messages.info(request, _("Saken er allerede utstedt."))
        return redirect(_latest_certificate_url(case))
    decision = selectors.case_decision(case=case, on=timezone.localdate())
    form = IssueForm(request.POST or None, eligible=decision.eligible_class)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = services.certificate_issue(
                case=case, klass=form.cleaned_data["klass"], actor=request.user
            )
        except ValidationError as error:
            if error.code == "already_issued":
                messages.info(request, _error_text(error))
                return redirect(_latest_certificate_url(case))
            form.add_error(None, _error_text(error))
        else:
            messages.success(
                request, _("Sertifikat %(number)s er utstedt.") % {"number": certificate.number}
            )
            return redirect("certificates:detail", pk=certificate.pk)
    context = {"case": case, "decision": decision, "form": form}
    return render(request, "certificates/issue.html", context)


def _latest_certificate_url(case):
    certificate = case.certificates.order_by("-issued_at").first()
    if certificate is None:
        return "certificates:issuing_queue"
    return certificate.get_absolute_url()


@login_required
def certificate_list(request):
    """The register as staff keep it: every certificate, revoked and expired included."""
    if not request.user.is_staff_member:
        raise PermissionDenied
    certificates = selectors.certificates_visible_to(request.user).select_related("company")
    query = request.GET.get("q", "").strip()
    if query:
        certificates = certificates.filter(company__name__icontains=query) | certificates.filter(
            number__icontains=query
        )
    page = Paginator(certificates.order_by("-issued_at"), 25).get_page(request.GET.get("side"))
    today = timezone.localdate()
    rows = [(certificate, certificate.status_on(today)) for certificate in page]
    context = {"page": page, "rows": rows, "query": query}
    return render(request, "certificates/certificate_list.html", context)


@login_required
def certificate_detail(request, pk):
    certificate = selectors.get_certificate_for(request.user, pk)
    context = {
        "certificate": certificate,
        "status": certificate.status_on(timezone.localdate()),
        "verification_url": services.verification_url(certificate),
        "reason_form": ReasonForm(),
    }
    return render(request, "certificates/certificate_detail.html", context)


@login_required
def certificate_pdf(request, pk):
    """The stored bytes, exactly as rendered at issuing (their SHA-256 is on record)."""
    certificate = selectors.get_certificate_for(request.user, pk)
    if not certificate.pdf:
        raise Http404
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"{certificate.number}.pdf",
        content_type="application/pdf",
    )


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
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service = (
            services.certificate_revoke if action == "revoke" else services.certificate_reissue
        )
        try:
            result = service(
                certificate=certificate, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as error:
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


@login_required
def invoicing_export(request):
    """Certificates issued in a period with route and fee, as CSV for invoicing."""
    _require_perm(request.user, "certificates.export_invoicing")
    form = PeriodForm(request.GET or None)
    if not form.is_valid():
        return render(request, "certificates/invoicing.html", {"form": form})
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="fakturering-{start}-{end}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 CSV correctly only with a BOM
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            "sertifikatnummer",
            "utstedt",
            "virksomhet",
            "organisasjonsnummer",
            "klasse",
            "ordning",
            "gebyr_nok",
            "utstedt_av",
        ]
    )
    for certificate in selectors.certificates_issued_between(request.user, start, end):
        writer.writerow(
            [
                certificate.number,
                certificate.valid_from.strftime("%d.%m.%Y"),
                _csv_safe(certificate.company.name),
                certificate.company.organisation_number,
                certificate.klass,
                certificate.route,
                f"{certificate.fee:.2f}".replace(".", ","),
                _csv_safe(certificate.issued_by.display_name),
            ]
        )
    return response


def _csv_safe(value: str) -> str:
    """Defuse spreadsheet formulas in user-entered text (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


# --- Public pages: no login ----------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request, code):
    answer = verification_answer(code)
    check = None
    form = PdfCheckForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and answer.found:
        digest = hashlib.sha256()
        for chunk in form.cleaned_data["pdf"].chunks():
            digest.update(chunk)
        check = digest.hexdigest() == answer.pdf_sha256
    context = {"answer": answer, "form": form, "check": check}
    return render(request, "certificates/verify.html", context, status=answer.http_status)


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


def register(request):
    form_data = request.GET if "q" in request.GET else None
    query = request.GET.get("q", "")[:200]
    try:
        certificates = selectors.public_register(query, timezone.localdate())
        page = Paginator(certificates, 25).get_page(request.GET.get("side"))
        list(page)
    except DatabaseError:
        return render(request, "certificates/unavailable.html", status=503)
    context = {"page": page, "query": query, "searched": form_data is not None}
    return render(request, "certificates/register.html", context)
