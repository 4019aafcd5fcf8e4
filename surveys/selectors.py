"""Reads of surveys and action plans, always on behalf of a user.

Every ``get_<thing>_for(user, pk)`` narrows by ``companies_for_staff(user)`` and answers
404 for anything else, so neither a client user nor another advisor learns that the
object exists. ``company_records`` loads everything the case page lists about a company
in a fixed number of queries, whatever the number of surveys or items.
"""

from dataclasses import dataclass

from django.db.models import Model, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from companies.models import Company
from companies.selectors import companies_for_staff
from surveys.models import ActionItem, Finding, Hazard, RiskAssessment, SafetyRound, Survey


def _get(queryset: QuerySet, pk) -> Model:
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_survey_for(user, pk) -> Survey:
    return _get(
        Survey.objects.filter(company__in=companies_for_staff(user)).select_related("company"),
        pk,
    )


def get_finding_for(user, pk) -> Finding:
    return _get(
        Finding.objects.filter(survey__company__in=companies_for_staff(user)).select_related(
            "survey__company"
        ),
        pk,
    )


def get_risk_assessment_for(user, pk) -> RiskAssessment:
    return _get(
        RiskAssessment.objects.filter(company__in=companies_for_staff(user)).select_related(
            "company"
        ),
        pk,
    )


def get_hazard_for(user, pk) -> Hazard:
    return _get(
        Hazard.objects.filter(
            risk_assessment__company__in=companies_for_staff(user)
        ).select_related("risk_assessment__company"),
        pk,
    )


def get_safety_round_for(user, pk) -> SafetyRound:
    return _get(
        SafetyRound.objects.filter(company__in=companies_for_staff(user)).select_related("company"),
        pk,
    )


def get_action_item_for(user, pk) -> ActionItem:
    return _get(
        ActionItem.objects.filter(company__in=companies_for_staff(user)).select_related(
            "company", "survey", "finding"
        ),
        pk,
    )


@dataclass(frozen=True)
class CompanyRecords:
    surveys: list[Survey]
    risk_assessments: list[RiskAssessment]
    safety_rounds: list[SafetyRound]
    action_items: list[ActionItem]


def company_records(company: Company) -> CompanyRecords:
    """Everything recorded about the company, for the case page: six queries."""
    findings = Prefetch("findings", queryset=Finding.objects.order_by("id"))
    hazards = Prefetch("hazards", queryset=Hazard.objects.order_by("id"))
    return CompanyRecords(
        surveys=list(company.surveys.select_related("verified_by").prefetch_related(findings)),
        risk_assessments=list(company.risk_assessments.prefetch_related(hazards)),
        safety_rounds=list(company.safety_rounds.all()),
        action_items=list(
            company.action_items.select_related("survey", "finding").prefetch_related(
                "comments__author"
            )
        ),
    )


# The 5 × 5 matrix: probability × consequence ≤ 4 is low, ≤ 9 medium, above that high.
RISK_LEVELS = ((4, "low"), (9, "medium"), (25, "high"))


def risk_level(score: int) -> str:
    return next(level for limit, level in RISK_LEVELS if score <= limit)


@dataclass(frozen=True)
class RiskCell:
    probability: int
    consequence: int
    count: int

    @property
    def score(self) -> int:
        return self.probability * self.consequence

    @property
    def level(self) -> str:
        return risk_level(self.score)

    @property
    def title(self) -> str:
        return _("Sannsynlighet %(p)s × konsekvens %(c)s = %(score)s") % {
            "p": self.probability,
            "c": self.consequence,
            "score": self.score,
        }


def risk_matrix(hazards) -> list[list[RiskCell]]:
    """Rows from probability 5 (top) down to 1, columns consequence 1 to 5, with counts."""
    counts: dict[tuple[int, int], int] = {}
    for hazard in hazards:
        key = (hazard.probability, hazard.consequence)
        counts[key] = counts.get(key, 0) + 1
    return [[RiskCell(p, c, counts.get((p, c), 0)) for c in range(1, 6)] for p in range(5, 0, -1)]
