"""What the issuers' dashboard shows, read on behalf of a user (issuers only).

Each part is one query (the queue of ready cases reuses the issuing queue's, which builds
the decisions in a fixed number of queries), so the page costs the same whatever the
number of companies, cases and certificates.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

import hms_rules as rules
from accounts.models import User
from certificates.models import Certificate, CertificationCase
from certificates.selectors import cases_ready_for_issuing

EXPIRING_WITHIN_DAYS = 90


@dataclass(frozen=True)
class AdvisorCases:
    advisor: User | None  # None: companies without a responsible advisor
    open_count: int
    ready_count: int


@dataclass(frozen=True)
class Dashboard:
    on: date
    ready: list[tuple[CertificationCase, rules.Decision]]
    expiring: list[Certificate]
    per_year: dict[int, dict[str, int]]
    advisors: list[AdvisorCases]


def certificates_expiring(user, *, on: date, days: int = EXPIRING_WITHIN_DAYS):
    """Certificates in force on ``on`` whose last valid day falls within ``days``."""
    if not user.is_issuer:
        return Certificate.objects.none()
    return (
        Certificate.objects.expiring(on, within_days=days)
        .select_related("company")
        .order_by("valid_until", "company__name", "pk")
    )


def certificates_per_class_per_year(user) -> dict[int, dict[str, int]]:
    """Certificates issued per year (of ``valid_from``) and class.

    A reissued certificate (revoked and replaced by a new one on the same decision) is
    counted once, as its replacement: the company was certified once.
    """
    if not user.is_issuer:
        return {}
    rows = (
        Certificate.objects.exclude(revoked_at__isnull=False, superseded_by__isnull=False)
        .annotate(year=ExtractYear("valid_from"))
        .values("year", "klass")
        .annotate(count=Count("pk"))
        .order_by("year", "klass")
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row["year"]][row["klass"]] = row["count"]
    return dict(counts)


def advisor_case_counts(user) -> list[AdvisorCases]:
    """Each advisor's cases still open (OPEN) or waiting for issuing (READY), all years."""
    if not user.is_issuer:
        return []
    status = "advised_companies__cases__status"
    advisors = (
        User.objects.filter(role=User.Role.ADVISOR)
        .annotate(
            open_count=Count("advised_companies__cases", filter=Q(**{status: "OPEN"})),
            ready_count=Count("advised_companies__cases", filter=Q(**{status: "READY"})),
        )
        .filter(Q(is_active=True) | Q(open_count__gt=0) | Q(ready_count__gt=0))
        .order_by("first_name", "last_name", "username")
    )
    result = [
        AdvisorCases(
            advisor=advisor, open_count=advisor.open_count, ready_count=advisor.ready_count
        )
        for advisor in advisors
    ]
    orphans = CertificationCase.objects.filter(company__advisor__isnull=True).aggregate(
        open_count=Count("pk", filter=Q(status=CertificationCase.Status.OPEN)),
        ready_count=Count("pk", filter=Q(status=CertificationCase.Status.READY)),
    )
    if orphans["open_count"] or orphans["ready_count"]:
        result.append(AdvisorCases(advisor=None, **orphans))
    return result


def dashboard(user, *, on: date) -> Dashboard:
    return Dashboard(
        on=on,
        ready=cases_ready_for_issuing(user),
        expiring=list(certificates_expiring(user, on=on)),
        per_year=certificates_per_class_per_year(user),
        advisors=advisor_case_counts(user),
    )
