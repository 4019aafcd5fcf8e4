"""Reads for the client portal: only the companies the client user is a member of."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.html import escape

import hms_rules as rules
from certificates.models import Certificate, CertificationCase
from certificates.selectors import case_decision, certificates_visible_to
from companies.models import Company
from documents.models import Document
from documents.selectors import documents_of_company
from portal.models import ActionItemComment
from surveys.models import ActionItem


def client_companies(user) -> QuerySet[Company]:
    """The companies a client user belongs to; none for staff and anonymous users."""
    if not (user.is_authenticated and user.is_client):
        return Company.objects.none()
    return Company.objects.filter(memberships__user=user).order_by("name")


def get_client_company_for(user, pk) -> Company:
    try:
        return client_companies(user).get(pk=pk)
    except (Company.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_client_action_item_for(user, pk) -> ActionItem:
    try:
        return (
            ActionItem.objects.filter(company__in=client_companies(user))
            .select_related("company", "survey")
            .get(pk=pk)
        )
    except (ActionItem.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass(frozen=True)
class ItemRow:
    item: ActionItem
    overdue: bool


@dataclass(frozen=True)
class CertificateRow:
    certificate: Certificate
    status: str
    badge_snippet: str


@dataclass(frozen=True)
class Dashboard:
    company: Company
    today: date
    case: CertificationCase | None
    decision: rules.Decision | None
    items: list[ItemRow]
    certificates: list[CertificateRow]
    documents: list[Document]
    pending_documents: int

    @property
    def current_certificate(self) -> "CertificateRow | None":
        """The certificate in force today, shown first: it is what clients come for."""
        return next((row for row in self.certificates if row.status == "valid"), None)


def badge_snippet(certificate: Certificate) -> str:
    """HTML a company pastes on its web site: the live badge, linking to the verification.

    A plain string (the page escapes it once more to show it as text); the values in it
    are escaped for the attributes they go in.
    """
    code = certificate.verification_code
    verify = settings.SITE_URL + reverse("certificates:verify", args=[code])
    badge = settings.SITE_URL + reverse("certificates:badge", args=[code])
    alt = f"HMS-sertifikat klasse {certificate.klass} – {certificate.company.name}"
    return (
        f'<a href="{escape(verify)}"><img src="{escape(badge)}" alt="{escape(alt)}" '
        'width="240"></a>'
    )


def _items(company: Company, today: date) -> list[ItemRow]:
    items = (
        company.action_items.select_related("survey")
        .prefetch_related(
            Prefetch("comments", queryset=ActionItemComment.objects.select_related("author")),
            Prefetch("documents", queryset=Document.objects.order_by("-uploaded_at")),
        )
        .order_by("due_date", "pk")
    )
    return [ItemRow(item=item, overdue=item.is_overdue(today)) for item in items]


def dashboard_for(user, company: Company, today: date) -> Dashboard:
    """Everything the client's page shows about one of their companies."""
    case = CertificationCase.objects.filter(company=company, year=today.year).first()
    if case is not None:
        case.company = company
    certificates = [
        CertificateRow(
            certificate=certificate,
            status=certificate.status_on(today),
            badge_snippet=badge_snippet(certificate),
        )
        for certificate in certificates_visible_to(user)
        .filter(company=company)
        .select_related("company")
        .order_by("-valid_from", "-pk")
    ]
    documents = list(documents_of_company(user, company)[:10])
    return Dashboard(
        company=company,
        today=today,
        case=case,
        decision=case_decision(case=case, on=today) if case is not None else None,
        items=_items(company, today),
        certificates=certificates,
        documents=documents,
        pending_documents=documents_of_company(user, company)
        .filter(status=Document.Status.PENDING)
        .count(),
    )
