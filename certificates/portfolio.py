"""The advisor's portfolio: one row per company with what the advisor must act on.

The rows of one page are built with a fixed number of queries, whatever the number of
companies: the companies (with their overdue count annotated), this year's cases, the
current certificates, and the stored decisions (``certificates.decisions``: recomputed,
in bulk, only where a fact changed or a window passed since they were made). Filtering by
eligible class first brings the stored decisions of every candidate up to date (one query
when none is outdated) and is then a query on the stored eligible class.
"""

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from certificates import rules
from certificates.decisions import decisions_on, refresh_outdated
from certificates.models import Certificate, CertificationCase
from companies.models import Company
from companies.selectors import companies_for_staff
from surveys.models import ActionItemQuerySet

PAGE_SIZE = 25
NO_CLASS = "none"
EXPIRES_SOON_DAYS = 60  # time enough to renew before the certificate lapses


@dataclass(frozen=True)
class PortfolioRow:
    company: Company
    case: CertificationCase | None
    decision: rules.Decision
    overdue_count: int
    certificate: Certificate | None

    @property
    def next_missing(self) -> rules.CriterionResult | None:
        return self.decision.first_missing()

    @property
    def expires_soon(self) -> bool:
        if self.certificate is None:
            return False
        days_left = (self.certificate.valid_until - self.decision.assessment_date).days
        return days_left <= EXPIRES_SOON_DAYS


@dataclass(frozen=True)
class PortfolioFilter:
    search: str = ""
    klass: str = ""  # "", "B", "A", "A+" or NO_CLASS
    overdue_only: bool = False
    advisor_id: int | None = None


def portfolio_companies(user, *, on: date, criteria: PortfolioFilter) -> QuerySet[Company]:
    """The user's companies matching the search and database-side filters, with overdue counts."""
    overdue = ActionItemQuerySet.overdue_condition(on, through="action_items")
    companies = (
        companies_for_staff(user)
        .select_related("advisor")
        .annotate(overdue_count=Count("action_items", filter=overdue))
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


def _rows(companies: list[Company], *, on: date) -> list[PortfolioRow]:
    ids = [company.pk for company in companies]
    cases = {
        case.company_id: case
        for case in CertificationCase.objects.filter(company_id__in=ids, year=on.year)
    }
    certificates = {}
    current = Certificate.objects.in_force(on).filter(company_id__in=ids).order_by("valid_until")
    for certificate in current:  # the latest expiry wins
        certificates[certificate.company_id] = certificate
    decisions = decisions_on(companies=companies, on=on, cases=cases)
    return [
        PortfolioRow(
            company=company,
            case=cases.get(company.pk),
            decision=decisions[company.pk],
            overdue_count=company.overdue_count,
            certificate=certificates.get(company.pk),
        )
        for company in companies
    ]


def _with_class(companies: QuerySet[Company], *, on: date, klass: str) -> QuerySet[Company]:
    """The companies whose eligible class on ``on`` is ``klass`` (NO_CLASS: none)."""
    refresh_outdated(companies, on=on)
    return companies.filter(stored_decision__eligible_class="" if klass == NO_CLASS else klass)


def portfolio_page(
    user, *, on: date, criteria: PortfolioFilter, page_number
) -> tuple[Page, list[PortfolioRow]]:
    """One page of the portfolio and its rows."""
    companies = portfolio_companies(user, on=on, criteria=criteria)
    if criteria.klass:
        companies = _with_class(companies, on=on, klass=criteria.klass)
    page = Paginator(companies, PAGE_SIZE).get_page(page_number)
    return page, _rows(list(page.object_list), on=on)


def portfolio_rows(user, *, on: date, criteria: PortfolioFilter) -> list[PortfolioRow]:
    """Every row of the user's portfolio matching the filter, unpaginated (the exports)."""
    companies = portfolio_companies(user, on=on, criteria=criteria)
    if criteria.klass:
        companies = _with_class(companies, on=on, klass=criteria.klass)
    return _rows(list(companies), on=on)
