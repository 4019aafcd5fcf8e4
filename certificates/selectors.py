"""Reads of cases and certificates, on behalf of a user and limited to what they may see."""

import re
from datetime import date

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from certificates import rules
from certificates.decisions import decisions_on
from certificates.facts import build_facts
from certificates.models import Certificate, CertificationCase
from companies.selectors import companies_for_staff, companies_visible_to

VERIFICATION_CODE = re.compile(r"[A-Za-z0-9_-]{1,64}")
VERIFICATION_FIELDS = (
    "verification_code",
    "number",
    "klass",
    "valid_from",
    "valid_until",
    "revoked_at",
    "revocation_reason",
    "superseded_by",
    "pdf_sha256",
    "company",
)


def cases_for_staff(user) -> QuerySet[CertificationCase]:
    return CertificationCase.objects.filter(company__in=companies_for_staff(user))


def cases_visible_to(user) -> QuerySet[CertificationCase]:
    return CertificationCase.objects.filter(company__in=companies_visible_to(user))


def case_of_year(*, company, year: int) -> CertificationCase | None:
    """The company's case of ``year``, or None while nobody has opened it."""
    return CertificationCase.objects.filter(company=company, year=year).first()


def get_case_for(user, pk) -> CertificationCase:
    """The case with this pk if the user may work on it as staff, else 404."""
    try:
        return cases_for_staff(user).select_related("company", "company__advisor").get(pk=pk)
    except (CertificationCase.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def case_decision(*, case: CertificationCase, on: date) -> rules.Decision:
    """The rules engine's decision for the case as its facts stand on ``on``."""
    return rules.decide(build_facts(company=case.company, case=case, on=on))


def certificates_visible_to(user) -> QuerySet[Certificate]:
    """Certificates of the companies the user works on (staff) or belongs to (client)."""
    return Certificate.objects.filter(company__in=companies_visible_to(user))


def get_certificate_for(user, pk) -> Certificate:
    try:
        return (
            certificates_visible_to(user)
            .select_related("company", "issued_by", "revoked_by", "superseded_by", "case")
            .get(pk=pk)
        )
    except (Certificate.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def certificate_by_code(code: str) -> Certificate | None:
    """Public lookup by the unguessable verification code (not by number or pk).

    A code that cannot be one of ours (see ``new_verification_code``) is unknown without
    asking the database, which would refuse some bytes (NUL) as an error, not a miss.
    """
    if not VERIFICATION_CODE.fullmatch(code):
        return None
    # The public page is the busiest one: load only what it shows, in one query.
    found = (
        Certificate.objects.select_related("company", "superseded_by")
        .only(
            *VERIFICATION_FIELDS,
            "company__name",
            "company__organisation_number",
            "superseded_by__verification_code",
        )
        .filter(verification_code=code)
        .order_by()[:1]
    )
    return next(iter(found), None)


def cases_ready_for_issuing(user) -> list[tuple[CertificationCase, rules.Decision]]:
    """The issuers' queue: cases sent to issuing, each with today's decision."""
    if not user.is_issuer:
        return []
    cases = list(
        CertificationCase.objects.filter(status=CertificationCase.Status.READY)
        .select_related("company", "company__advisor", "sent_to_issuing_by")
        .order_by("sent_to_issuing_at")
    )
    on = timezone.localdate()
    # Stored decisions are those of the case of the year; a case of another year (sent
    # before the new year) is decided on its own confirmations.
    this_year = {case.company_id: case for case in cases if case.year == on.year}
    decisions = decisions_on(
        companies=[case.company for case in this_year.values()], on=on, cases=this_year
    )
    for case in cases:
        if case.year != on.year:
            facts = build_facts(company=case.company, case=case, on=on)
            decisions[case.company_id] = rules.decide(facts)
    return [(case, decisions[case.company_id]) for case in cases]


def public_register(query: str, on: date) -> QuerySet[Certificate]:
    """Certificates valid on ``on`` (not revoked, not superseded), searchable by name/orgnr."""
    certificates = Certificate.objects.in_force(on).select_related("company")
    query = query.replace("\x00", "").strip()
    if query:
        digits = query.replace(" ", "")
        if digits.isdigit():
            certificates = certificates.filter(company__organisation_number__startswith=digits)
        else:
            certificates = certificates.filter(company__name__icontains=query)
    return certificates.order_by("company__name", "-valid_from")


def certificates_issued_between(user, start: date, end: date) -> QuerySet[Certificate]:
    """What invoicing needs: certificates issued in [start, end] (issuers only)."""
    if not user.is_issuer:
        return Certificate.objects.none()
    return (
        Certificate.objects.filter(valid_from__gte=start, valid_from__lte=end)
        .select_related("company", "issued_by")
        .order_by("valid_from", "number")
    )
