"""The advisor's portfolio: one row per company with what the advisor must act on.

A page of rows is one query, whatever the number of companies: the companies with their
overdue count, this year's case, the current certificate, the number of matching
companies (a window count) and the stored decision's summary (``certificates.decisions``:
eligible class and the first missing criterion's texts, as stored for today). Only rows
whose stored decision is outdated, or was decided on an earlier day, cost more: they are
decided (again) in bulk and stored, so the next read is one query again. Filtering by
eligible class first brings the stored decisions of every candidate up to date (one query
when none is outdated) and is then a condition on the stored eligible class.

``portfolio_version`` is what the whole page is kept under (``hms_cert.page_cache``): a
repeated view of an unchanged portfolio costs one small aggregate query, not the page.
"""

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    F,
    IntegerField,
    JSONField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Window,
)
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Coalesce

import hms_rules as rules
from accounts.models import User
from certificates.decisions import (
    SUMMARY_FIELDS,
    redecide_for_summaries,
    refresh_outdated,
    summary_missing,
)
from certificates.models import Certificate, CertificationCase, StoredDecision
from companies.models import Company
from companies.selectors import companies_for_staff
from surveys.models import ActionItem

PAGE_SIZE = 25
NO_CLASS = "none"
EXPIRES_SOON_DAYS = 60  # time enough to renew before the certificate lapses


@dataclass(frozen=True)
class MissingCriterion:
    """The first unmet criterion as a list shows it: its code and what is missing."""

    code: str
    texts: dict[str, str]

    def missing_in(self, language: str) -> str | None:
        return self.texts.get(language)


@dataclass(frozen=True)
class DecisionSummary:
    """What the portfolio shows of a decision (``rules.Decision`` has these too)."""

    assessment_date: date
    eligible_class: str | None
    discretionary: bool
    missing: MissingCriterion | None

    def first_missing(self) -> MissingCriterion | None:
        return self.missing

    @classmethod
    def of(cls, decision: rules.Decision) -> "DecisionSummary":
        first = decision.first_missing()
        missing = None
        if first is not None:
            texts = {language: first.missing_in(language) for language in ("nb", "en")}
            missing = MissingCriterion(first.code, texts)
        return cls(
            decision.assessment_date, decision.eligible_class, decision.discretionary, missing
        )


@dataclass(frozen=True)
class CaseSummary:
    pk: int
    status: str

    def get_status_display(self) -> str:
        return CertificationCase.Status(self.status).label


@dataclass(frozen=True)
class CertificateSummary:
    klass: str
    valid_until: date


@dataclass(frozen=True)
class PortfolioRow:
    company: Company
    case: CaseSummary | None
    decision: DecisionSummary
    overdue_count: int
    certificate: CertificateSummary | None

    @property
    def next_missing(self) -> MissingCriterion | None:
        return self.decision.first_missing()

    @property
    def expires_soon(self) -> bool:
        if self.certificate is None:
            return False
        days_left = (self.certificate.valid_until - self.decision.assessment_date).days
        return days_left <= EXPIRES_SOON_DAYS

    def shown(self, *, with_advisor: bool) -> tuple:
        """Everything the row's template shows, as plain values: its cache key."""
        company = self.company
        advisor = company.advisor.display_name if with_advisor and company.advisor else None
        return (
            with_advisor,
            company.pk,
            company.name,
            company.organisation_number,
            advisor,
            self.case,
            self.decision,
            self.overdue_count,
            self.certificate,
        )


@dataclass(frozen=True)
class PortfolioFilter:
    search: str = ""
    klass: str = ""  # "", "B", "A", "A+" or NO_CLASS
    overdue_only: bool = False
    advisor_id: int | None = None


def _overdue_count(on: date) -> Coalesce:
    overdue = (
        ActionItem.objects.overdue(on)
        .filter(company=OuterRef("pk"))
        .order_by()
        .values("company")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(overdue, output_field=IntegerField()), 0)


def portfolio_companies(user, *, on: date, criteria: PortfolioFilter) -> QuerySet[Company]:
    """The user's companies matching the search and database-side filters, with overdue counts."""
    companies = (
        companies_for_staff(user)
        .select_related("advisor")
        .annotate(overdue_count=_overdue_count(on))
        .order_by("name", "pk")
    )
    search = criteria.search.strip()
    if search:
        digits = search.replace(" ", "")
        match = Q(name__icontains=search)
        if digits.isdigit():
            match |= Q(organisation_number__contains=digits)
        companies = companies.filter(match)
    if criteria.overdue_only:
        companies = companies.filter(overdue_count__gt=0)
    if criteria.advisor_id is not None:
        companies = companies.filter(advisor_id=criteria.advisor_id)
    return companies


def _first_missing() -> Subquery:
    """The stored decision's first missing criterion, read for the rows of the page only.

    A subquery, not a join: PostgreSQL then reads it after the sort and the limit, for 25
    rows; read through the join, the stored decision's JSON (kept out of line, TOAST) was
    unpacked for every company of the portfolio before the page was cut from them.
    """
    first = KeyTransform("first_missing", "decision")
    stored = StoredDecision.objects.filter(company=OuterRef("pk")).values(first=first)
    return Subquery(stored[:1], output_field=JSONField())


def _with_rows(companies: QuerySet[Company], *, on: date) -> QuerySet[Company]:
    """The companies with what a row shows, annotated: one query for a page of rows."""
    current = (
        Certificate.objects.in_force(on).filter(company=OuterRef("pk")).order_by("-valid_until")
    )
    # This year's case by its (company, year) index, for the page's rows only (as
    # _first_missing): joined, every case of the year was scanned for the portfolio.
    this_year = CertificationCase.objects.filter(company=OuterRef("pk"), year=on.year).order_by()
    stored = {f"sd_{name}": f"stored_decision__{name}" for name in SUMMARY_FIELDS}
    return companies.annotate(
        case_pk=Subquery(this_year.values("pk")[:1]),
        case_status=Subquery(this_year.values("status")[:1]),
        certificate_klass=Subquery(current.values("klass")[:1]),
        certificate_valid_until=Subquery(current.values("valid_until")[:1]),
        sd_first_missing=_first_missing(),
        total=Window(Count("pk")),
        **{key: F(path) for key, path in stored.items()},
    )


def _summary(company: Company, on: date) -> DecisionSummary | None:
    stored = {name: getattr(company, f"sd_{name}") for name in SUMMARY_FIELDS}
    first = summary_missing(stored | {"first_missing": company.sd_first_missing}, on)
    if first is None:
        return None
    missing = MissingCriterion(first["code"], first["missing"]) if first["code"] else None
    klass = company.sd_eligible_class or None
    return DecisionSummary(on, klass, bool(company.sd_discretionary), missing)


def _rows(companies: list[Company], *, on: date) -> list[PortfolioRow]:
    summaries = {company.pk: _summary(company, on) for company in companies}
    if (
        None in summaries.values()
    ):  # outdated or decided on an earlier day: decide and store, in bulk
        outdated = [company for company in companies if summaries[company.pk] is None]
        for pk, decision in redecide_for_summaries(outdated, on=on).items():
            summaries[pk] = DecisionSummary.of(decision)
    return [
        PortfolioRow(
            company=company,
            case=CaseSummary(company.case_pk, company.case_status) if company.case_pk else None,
            decision=summaries[company.pk],
            overdue_count=company.overdue_count,
            certificate=CertificateSummary(
                company.certificate_klass, company.certificate_valid_until
            )
            if company.certificate_valid_until
            else None,
        )
        for company in companies
    ]


def _with_class(companies: QuerySet[Company], *, on: date, klass: str) -> QuerySet[Company]:
    """The companies whose eligible class on ``on`` is ``klass`` (NO_CLASS: none)."""
    refresh_outdated(companies, on=on)
    return companies.filter(stored_decision__eligible_class="" if klass == NO_CLASS else klass)


# More pages than any portfolio has (2.5 million companies); a larger ?side= is taken as
# this, so the offset stays within the database's integers and the last page is shown.
LAST_POSSIBLE_PAGE = 100_000


def _number(page_number) -> int:
    try:
        return min(max(int(page_number), 1), LAST_POSSIBLE_PAGE)
    except (TypeError, ValueError):
        return 1


def portfolio_page(
    user, *, on: date, criteria: PortfolioFilter, page_number
) -> tuple[Page, list[PortfolioRow]]:
    """One page of the portfolio and its rows: one query (with the count) when all is stored.

    A number past the last page shows the last page, as ``Paginator.get_page`` does.
    """
    companies = portfolio_companies(user, on=on, criteria=criteria)
    if criteria.klass:
        companies = _with_class(companies, on=on, klass=criteria.klass)
    annotated = _with_rows(companies, on=on)
    number = _number(page_number)
    found = list(annotated[(number - 1) * PAGE_SIZE : number * PAGE_SIZE])
    if not found and number > 1:  # past the end: the count, then the last page
        number = max(1, -(-companies.count() // PAGE_SIZE))
        found = list(annotated[(number - 1) * PAGE_SIZE : number * PAGE_SIZE])
    paginator = Paginator(companies, PAGE_SIZE)
    paginator.count = found[0].total if found else 0  # known from the window count
    return paginator.page(number), _rows(found, on=on)


def portfolio_rows(user, *, on: date, criteria: PortfolioFilter) -> list[PortfolioRow]:
    """Every row of the user's portfolio matching the filter, unpaginated (the exports)."""
    companies = portfolio_companies(user, on=on, criteria=criteria)
    if criteria.klass:
        companies = _with_class(companies, on=on, klass=criteria.klass)
    return _rows(list(_with_rows(companies, on=on)), on=on)


def portfolio_version(user, *, on: date) -> tuple:
    """A value that changes whenever anything the user's portfolio pages show on ``on`` can.

    A row shows its company, this year's case, the stored decision, the overdue items and
    the certificate in force: every service that changes one of them raises the company's
    ``CaseRevision`` in its own transaction (``companies.freshness``), and every change of
    the company row itself moves its ``updated_at``. So the user's companies are summed up
    in three numbers that only grow or change with them: how many, the latest change of a
    company row and the sum of their revisions. What changes with the day (overdue, in
    force, expires soon) is in it through ``on``; the advisors an issuer can filter by are
    in it by name. Read before the page is built, so a page kept under a version is never
    older than it.
    """
    summary = companies_for_staff(user).aggregate(
        companies=Count("pk"),
        changed=Max("updated_at"),
        revisions=Coalesce(Sum("case_revision__revision"), 0),
    )
    advisors = ()
    if user.is_issuer:
        advisors = tuple(
            User.objects.filter(role=User.Role.ADVISOR).values_list(
                "pk", "first_name", "last_name", "username", "is_active"
            )
        )
    return (on, summary["companies"], summary["changed"], summary["revisions"], advisors)
