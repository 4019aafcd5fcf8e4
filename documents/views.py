"""Uploads (clients and staff), the download view, and the advisors' review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from documents import selectors, services
from documents.forms import DocumentUploadForm, ReviewForm
from documents.models import Document


@login_required
def company_documents(request, company_pk):
    company = selectors.get_company_for_documents(request.user, company_pk)
    context = {
        "company": company,
        "documents": selectors.documents_of_company(request.user, company),
        "may_upload": request.user.has_perm("documents.upload", company),
        "may_review": request.user.has_perm("companies.view_case", company),
    }
    return render(request, "documents/company_documents.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request, company_pk):
    company = selectors.get_company_for_documents(request.user, company_pk)
    if not request.user.has_perm("documents.upload", company):
        raise PermissionDenied
    form = DocumentUploadForm(request.POST or None, request.FILES or None, company=company)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_upload(
                company=company, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("«%(name)s» er lastet opp og venter på gjennomgang av rådgiveren.")
                % {"name": document.original_name},
            )
            return redirect("documents:company_documents", company_pk=company.pk)
    return render(request, "documents/upload.html", {"company": company, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    """Ask first (GET); on POST take the client's own pending upload back."""
    document = selectors.get_document_for(request.user, pk)
    if not request.user.has_perm("documents.withdraw_document", document):
        raise PermissionDenied
    back_url = reverse("documents:company_documents", args=[document.company_id])
    if request.method == "POST":
        try:
            services.document_withdraw(document=document, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("«%(name)s» er trukket tilbake.") % {"name": document.original_name},
            )
        return redirect(back_url)
    return render(request, "documents/withdraw.html", {"document": document, "back_url": back_url})


@login_required
def download(request, pk):
    """The stored bytes as an attachment, typed by what the content was sniffed to be."""
    document = selectors.get_document_for(request.user, pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def review_queue(request):
    if not request.user.has_perm("documents.view_review_queue"):
        raise PermissionDenied
    return render(
        request, "documents/review_queue.html", {"documents": selectors.review_queue(request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk):
    document = selectors.get_document_for_review(request.user, pk)
    if not request.user.has_perm("documents.review_document", document):
        raise PermissionDenied
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = (
            services.document_accept
            if form.cleaned_data["decision"] == "accept"
            else services.document_reject
        )
        try:
            document = action(
                document=document, actor=request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if document.status == Document.Status.ACCEPTED:
                messages.success(request, _("Dokumentet er godkjent."))
            else:
                messages.success(request, _("Dokumentet er avvist. Kunden ser kommentaren."))
            return redirect("documents:review", pk=document.pk)
    context = {
        "document": document,
        "form": form,
        "legal_kind": selectors.legal_confirmation_kind(document),
        "legal_confirmation": selectors.legal_confirmation_for(document),
    }
    return render(request, "documents/review.html", context)


@login_required
@require_POST
def record_legal_confirmation(request, pk):
    document = selectors.get_document_for_review(request.user, pk)
    try:
        confirmation = services.document_record_legal_confirmation(
            document=document, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Registrert på saken: %(kind)s") % {"kind": confirmation.get_kind_display()},
        )
    return redirect("documents:review", pk=document.pk)
