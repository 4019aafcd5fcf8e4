"""Reads of documents, on behalf of a user and limited to what that user may see.

Client members see their companies' documents; an advisor those of the companies they
are responsible for; issuers all. Anything else is a 404, so nobody learns it exists.
"""

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from certificates.models import Confirmation
from companies.models import Company
from companies.selectors import companies_for_staff, companies_visible_to
from documents.models import Criterion, Document

_RELATED = ("company", "uploaded_by", "reviewed_by", "survey", "action_item")

# The A3 part (and so the confirmation) an accepted document can document.
LEGAL_CONFIRMATION_FOR = {
    Criterion.A3A: Confirmation.Kind.LEGAL_CONTRACTS,
    Criterion.A3B: Confirmation.Kind.LEGAL_EQUIPMENT,
    Criterion.A3C: Confirmation.Kind.LEGAL_SAFETY_REP,
    Criterion.A3D: Confirmation.Kind.LEGAL_REGULATIONS,
    Criterion.A3E: Confirmation.Kind.LEGAL_INTERNAL_CONTROL,
}


def documents_visible_to(user) -> QuerySet[Document]:
    return Document.objects.filter(company__in=companies_visible_to(user))


def get_document_for(user, pk) -> Document:
    """A document the user may see (and so download), else 404."""
    try:
        return documents_visible_to(user).select_related(*_RELATED).get(pk=pk)
    except (Document.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_document_for_review(user, pk) -> Document:
    """A document of a company the user works on as staff, else 404."""
    try:
        return (
            Document.objects.filter(company__in=companies_for_staff(user))
            .select_related(*_RELATED)
            .get(pk=pk)
        )
    except (Document.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def documents_of_company(user, company: Company) -> QuerySet[Document]:
    return documents_visible_to(user).filter(company=company).select_related(*_RELATED)


def review_queue(user) -> QuerySet[Document]:
    """Pending uploads, oldest first: the advisor's companies, or every company for issuers."""
    return (
        Document.objects.filter(
            company__in=companies_for_staff(user), status=Document.Status.PENDING
        )
        .select_related(*_RELATED)
        .order_by("uploaded_at", "pk")
    )


def legal_confirmation_kind(document: Document) -> str | None:
    """The A3 confirmation an accepted document can back, if any."""
    if document.status != Document.Status.ACCEPTED:
        return None
    return LEGAL_CONFIRMATION_FOR.get(document.criterion)


def get_company_for_documents(user, pk) -> Company:
    """A company whose documents the user may see (client member or staff), else 404."""
    try:
        return companies_visible_to(user).get(pk=pk)
    except (Company.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def legal_confirmation_for(document: Document) -> Confirmation | None:
    """The confirmation of the document's A3 part on this year's case, if recorded."""
    kind = legal_confirmation_kind(document)
    if kind is None:
        return None
    return (
        Confirmation.objects.filter(
            case__company=document.company_id,
            case__year=timezone.localdate().year,
            kind=kind,
        )
        .select_related("confirmed_by")
        .first()
    )
