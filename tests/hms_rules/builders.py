"""Facts for the rules tests: one case that meets every criterion, to vary from.

``a_plus_facts()`` is a company assessed on D = 25.11.2026 that meets B1-B5, A1-A4 and P1-P3
with surveys by Bedriftstjenesten AS. Tests change one thing with ``dataclasses.replace`` or
the small helpers below and look at the criterion that thing is about.
"""

from dataclasses import replace
from datetime import date, timedelta

from hms_rules import (
    BEDRIFTSTJENESTEN,
    CLASS_A,
    DONE,
    EXTERNAL,
    IN_PROGRESS,
    PHYSICAL,
    PSYCHOSOCIAL,
    ActionItemFact,
    CriterionResult,
    Decision,
    Facts,
    LegalMinimumFact,
    PreviousCertificateFact,
    SurveyFact,
    decide,
    months_before,
)

D = date(2026, 11, 25)
DAY = timedelta(days=1)

__all__ = [
    "BEDRIFTSTJENESTEN",
    "DAY",
    "EXTERNAL",
    "D",
    "a_plus_facts",
    "cert",
    "criterion",
    "item",
    "physical",
    "psychosocial",
    "with_survey",
]


def physical(on: date, provider: str = BEDRIFTSTJENESTEN, **flags) -> SurveyFact:
    """A physical survey with report and action plan (change with flags)."""
    values = {"verified": True, "has_report": True, "has_action_plan": True} | flags
    return SurveyFact(PHYSICAL, on, provider, **values)


def psychosocial(on: date, provider: str = BEDRIFTSTJENESTEN, **flags) -> SurveyFact:
    """A psychosocial survey by formal conversations, report reviewed, with a plan."""
    values = {
        "verified": True,
        "has_report": True,
        "report_reviewed": True,
        "formal_conversations": True,
        "has_action_plan": True,
    } | flags
    return SurveyFact(PSYCHOSOCIAL, on, provider, **values)


def item(area: str, status: str, due: date | None = None) -> ActionItemFact:
    return ActionItemFact(area, status, due)


def cert(
    klass: str,
    valid_from: date,
    valid_until: date | None = None,
    revoked: bool = False,
    revoked_on: date | None = None,
):
    """A previous certificate; by default valid for 12 months from ``valid_from``."""
    if valid_until is None:
        valid_until = months_before(valid_from, -12) - DAY  # 12 months on
    return PreviousCertificateFact(klass, valid_from, valid_until, revoked, revoked_on)


def a_plus_facts(d: date = D, **changes) -> Facts:
    """A case assessed on ``d`` that meets every criterion of every class."""
    last_year = months_before(d, 12)
    facts = Facts(
        assessment_date=d,
        off_site_work=False,
        surveys=(physical(months_before(d, 3)), psychosocial(months_before(d, 2))),
        risk_assessments=(months_before(d, 3),),
        safety_rounds=(),
        action_items=(
            item(PHYSICAL, DONE),
            item(PHYSICAL, IN_PROGRESS, d + 30 * DAY),
            item(PSYCHOSOCIAL, IN_PROGRESS, d + 60 * DAY),
        ),
        legal_minimum=LegalMinimumFact(),
        psychosocial_improvement_ongoing=True,
        management_focus_note="Ledelsen har månedlige HMS-møter.",
        discretionary_justification="",
        previous_certificates=(cert(CLASS_A, last_year - 5 * DAY),),
    )
    return replace(facts, **changes)


def with_survey(facts: Facts, kind: str, survey: SurveyFact | None) -> Facts:
    """``facts`` with every survey of ``kind`` replaced by ``survey`` (or removed)."""
    kept = tuple(s for s in facts.surveys if s.kind != kind)
    return replace(facts, surveys=kept + ((survey,) if survey else ()))


def criterion(decision_or_facts: Decision | Facts, code: str) -> CriterionResult:
    """The result for one criterion code, deciding first when given facts."""
    decision = (
        decide(decision_or_facts) if isinstance(decision_or_facts, Facts) else decision_or_facts
    )
    for result in decision.classes:
        for c in result.criteria:
            if c.code == code:
                return c
    raise KeyError(code)
