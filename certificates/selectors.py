"""Reads of cases and certificates, on behalf of a user and limited to what they may see."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import NamedTuple

from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

import hms_rules as rules
from certificates.decisions import decisions_on
from certificates.facts import build_facts
from certificates.invoicing import InvoiceRow, issued_between, route_and_fee
from certificates.models import Certificate, CertificationCase
from certificates.validity import validity_end
from companies.models import Company
from companies.selectors import companies_for_staff, companies_visible_to
from hms_cert.compiled_sql import CompiledOnce

VERIFICATION_CODE = re.compile(r"[A-Za-z0-9_-]{1,64}")


class VerificationRow(NamedTuple):
    """What the public verification shows of one certificate, read in one query."""

    number: str
    klass: str | None
    company_name: str
    organisation_number: str
    company_address: str
    valid_from: date
    valid_until: date
    revoked_at: datetime | None
    revocation_reason: str
    superseded_by_id: int | None
    pdf_sha256: str
    pdf_en_sha256: str
    current_company_name: str  # the company's name today
    successor_code: str | None  # the code of the certificate that superseded it


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
    """The rules engine's decision for the case as its facts stand on ``on``.

    Today's decision on the case of this year is the stored one (one query while it is
    valid; ``certificates.decisions``). Another day ("what if", or a case of another
    year) is decided from facts built for it, and not stored.
    """
    if on == timezone.localdate() and case.year == on.year:
        return decisions_on(companies=[case.company], on=on, cases={case.company_id: case})[
            case.company_id
        ]
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


def certificates_to_reissue(company) -> list[Certificate]:
    """The company's valid certificates whose name or address is no longer the company's."""
    running = Certificate.objects.running_for(company, timezone.localdate()).order_by("valid_from")
    return [c for c in running if c.identity_differs_from(company)]


def certificate_by_code(code: str) -> VerificationRow | None:
    """Public lookup by the unguessable verification code (not by number or pk).

    A code that cannot be one of ours (see ``new_verification_code``) is unknown without
    asking the database, which would refuse some bytes (NUL) as an error, not a miss.

    The busiest page of the site, so the SQL is compiled once (``_BY_CODE``) and its row
    read as a tuple: building and compiling the queryset cost 1.4 ms a request on the
    bench's data, and making a model instance of the row (a raw query) another 0.3 ms.
    """
    if not VERIFICATION_CODE.fullmatch(code):
        return None
    sql, params = _BY_CODE.sql(code=code)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    found = VerificationRow._make(row)
    if found.revoked_at is not None and timezone.is_naive(found.revoked_at):
        # SQLite keeps a datetime as UTC without its offset; PostgreSQL gives it aware.
        found = found._replace(revoked_at=timezone.make_aware(found.revoked_at, UTC))
    return found


def _by_code(code: str) -> QuerySet:
    """Only what the page shows, in one query, in ``VerificationRow``'s order.

    The company's name and the successor's code are scalar subqueries, not joins:
    PostgreSQL plans this query anew on every request, and a three-table join took it
    0.38 ms to plan against 0.12 ms for the subqueries (the bench's data, 8,000 companies).
    """
    return (
        Certificate.objects.filter(verification_code=code)
        .annotate(
            current_company_name=Subquery(
                Company.objects.filter(pk=OuterRef("company_id")).order_by().values("name")
            ),
            successor_code=Subquery(
                Certificate.objects.filter(pk=OuterRef("superseded_by_id"))
                .order_by()
                .values("verification_code")
            ),
        )
        .order_by()
        .values_list(*VerificationRow._fields)[:1]
    )


_BY_CODE = CompiledOnce(_by_code, code=str)


SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def certificate_by_pdf_sha256(digest: str) -> Certificate | None:
    """Public: the certificate whose stored (signed) PDF, bokmål or English, has this digest.

    For the check of an uploaded copy that is genuine but not the certificate of the page
    it was uploaded to; only what that answer shows (number, code, status) is read.
    """
    if not SHA256_HEX.fullmatch(digest):
        return None
    found = (
        Certificate.objects.only(
            "number",
            "verification_code",
            "valid_from",
            "valid_until",
            "revoked_at",
            "superseded_by",
        )
        .filter(Q(pdf_sha256=digest) | Q(pdf_en_sha256=digest))
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


REGISTER_FIELDS = (  # what the register page and its export (dashboard.exports) show
    "number",
    "company_name",
    "organisation_number",
    "klass",
    "valid_from",
    "valid_until",
    "verification_code",
)


def public_register(query: str, on: date) -> QuerySet[Certificate]:
    """Certificates valid on ``on`` (not revoked, not superseded), searchable by name/orgnr.

    Name and number are the certified ones, as printed on the certificate. Only the columns
    the register shows are read (not the frozen decision and facts). On PostgreSQL the name
    search (``icontains``: ``UPPER(company_name) LIKE``) uses the trigram index of
    migration 0007, the number search a prefix match.
    """
    certificates = Certificate.objects.in_force(on).only(*REGISTER_FIELDS)
    query = query.replace("\x00", "").strip()
    if query:
        digits = query.replace(" ", "")
        if digits.isdigit():
            certificates = certificates.filter(organisation_number__startswith=digits)
        else:
            certificates = certificates.filter(company_name__icontains=query)
    return certificates.order_by("company_name", "-valid_from")


def certificates_issued_between(user, start: date, end: date) -> QuerySet[Certificate]:
    """What invoicing needs: certificates issued in [start, end], Oslo dates (issuers only)."""
    if not user.is_issuer:
        return Certificate.objects.none()
    since, until = issued_between(start, end)
    return (
        Certificate.objects.filter(issued_at__gte=since, issued_at__lt=until)
        .select_related("issued_by", "superseded_by", "supersedes")
        .order_by("issued_at", "number")
    )


def invoice_rows_between(user, start: date, end: date) -> list[InvoiceRow]:
    """The invoicing rows of the period; a reissue names the certificate it replaced."""
    rows = []
    for certificate in certificates_issued_between(user, start, end):
        try:
            earlier = certificate.supersedes
        except Certificate.DoesNotExist:
            earlier = None
        replaced = earlier if earlier is not None and earlier.is_revoked else None
        rows.append(InvoiceRow(certificate=certificate, replaces=replaced))
    return rows


@dataclass(frozen=True)
class IssuePreview:
    """What issuing the case now would do, shown on the issue form before confirming."""

    decision: rules.Decision
    valid_from: date
    valid_until: date
    supersedes: list[Certificate]
    route: str
    route_label: str
    fee: Decimal
    criteria_met: int
    criteria_total: int


def issue_preview(*, case: CertificationCase, decision: rules.Decision, on: date) -> IssuePreview:
    """The consequences of issuing ``case`` on ``on``, from the same helpers the service uses."""
    route, fee = route_and_fee(case.company)
    criteria = [c for result in decision.classes for c in result.criteria]
    return IssuePreview(
        decision=decision,
        valid_from=on,
        valid_until=validity_end(on),
        supersedes=list(Certificate.objects.running_for(case.company, on).order_by("valid_from")),
        route=route,
        route_label=str(Certificate.Route(route).label),
        fee=fee,
        criteria_met=sum(1 for c in criteria if c.met),
        criteria_total=len(criteria),
    )
