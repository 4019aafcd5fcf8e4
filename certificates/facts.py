"""Builds the rules engine's facts from the database.

Six queries whatever the number of companies, surveys, items or certificates: the
case page and the advisor's portfolio depend on it. ``build_facts_many`` serves a
page of companies at once; ``build_facts`` is the one-company form of it.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import Exists, OuterRef
from django.utils import timezone

import hms_rules as rules
from certificates.models import Certificate, CertificationCase, Confirmation
from companies.models import Company
from surveys.models import ActionItem, RiskAssessment, SafetyRound, Survey


def build_facts(*, company: Company, case: CertificationCase | None, on: date) -> rules.Facts:
    """The facts of ``company`` as they stand on ``on``, with ``case``'s confirmations."""
    cases = {company.pk: case} if case is not None else {}
    return build_facts_many(companies=[company], cases=cases, on=on)[company.pk]


def build_facts_many(
    *,
    companies: Iterable[Company],
    cases: dict[int, CertificationCase],
    on: date,
    later: dict[int, date] | None = None,
) -> dict[int, rules.Facts]:
    """Facts for each company (keyed by pk); ``cases`` maps a company pk to its case.

    ``later``, when given, receives company pk -> the first day after ``on`` on which a
    survey's verification or a confirmation dated later starts to count: the facts are
    the same until then (``certificates.decisions``).
    """
    companies = list(companies)
    ids = [company.pk for company in companies]
    later = {} if later is None else later
    surveys = _surveys(ids, on, later)
    risk_assessments = _dates_by_company(RiskAssessment, ids)
    safety_rounds = _dates_by_company(SafetyRound, ids)
    items = _action_items(ids)
    confirmations = _confirmations(cases, on, later)
    certificates = _previous_certificates(ids)
    facts = {}
    for company in companies:
        case = cases.get(company.pk)
        confirmed = confirmations.get(case.pk, {}) if case is not None else {}
        facts[company.pk] = rules.Facts(
            assessment_date=on,
            off_site_work=company.off_site_work,
            surveys=tuple(surveys[company.pk]),
            risk_assessments=tuple(risk_assessments[company.pk]),
            safety_rounds=tuple(safety_rounds[company.pk]),
            action_items=tuple(items[company.pk]),
            legal_minimum=_legal_minimum(confirmed),
            psychosocial_improvement_ongoing=(
                Confirmation.Kind.PSYCHOSOCIAL_IMPROVEMENT in confirmed
            ),
            management_focus_note=confirmed.get(Confirmation.Kind.MANAGEMENT_FOCUS, ""),
            discretionary_justification=confirmed.get(Confirmation.Kind.DISCRETIONARY, ""),
            previous_certificates=tuple(certificates[company.pk]),
        )
    return facts


_SURVEY_COLUMNS = (
    "company_id",
    "kind",
    "performed_on",
    "provider",
    "verified_on",
    "has_written_report",
    "has_plan",
    "report_reviewed",
    "formal_conversations",
    "no_new_survey_needed",
    "no_significant_deviations",
)


def _keep_earliest(later: dict[int, date], pk: int, day: date) -> None:
    if pk not in later or day < later[pk]:
        later[pk] = day


def _surveys(ids: list[int], on: date, later: dict[int, date]) -> dict[int, list[rules.SurveyFact]]:
    """Rows, not model instances: the portfolio builds facts for hundreds of companies."""
    with_plan = Exists(ActionItem.objects.filter(survey=OuterRef("pk")))
    rows = (
        Survey.objects.filter(company_id__in=ids)
        .annotate(has_plan=with_plan)
        .order_by()
        .values_list(*_SURVEY_COLUMNS)
    )
    grouped = defaultdict(list)
    for (
        company_id,
        kind,
        performed_on,
        provider,
        verified_on,
        has_report,
        has_plan,
        reviewed,
        formal,
        no_new_needed,
        no_deviations,
    ) in rows:
        ours = provider == Survey.Provider.BEDRIFTSTJENESTEN
        if verified_on is not None and verified_on > on:
            _keep_earliest(later, company_id, verified_on)
        grouped[company_id].append(
            rules.SurveyFact(
                kind=kind,
                performed_on=performed_on,
                provider=provider,
                verified=ours or (verified_on is not None and verified_on <= on),
                has_report=has_report,
                has_action_plan=has_plan,
                report_reviewed=reviewed,
                formal_conversations=formal,
                no_new_survey_needed=no_new_needed,
                no_significant_deviations=no_deviations,
            )
        )
    return grouped


def _dates_by_company(model, ids: list[int]) -> dict[int, list[date]]:
    grouped = defaultdict(list)
    for company_id, performed_on in model.objects.filter(company_id__in=ids).values_list(
        "company_id", "performed_on"
    ):
        grouped[company_id].append(performed_on)
    return grouped


def _action_items(ids: list[int]) -> dict[int, list[rules.ActionItemFact]]:
    grouped = defaultdict(list)
    rows = ActionItem.objects.filter(company_id__in=ids).values_list(
        "company_id", "area", "status", "due_date"
    )
    for company_id, area, status, due_date in rows:
        grouped[company_id].append(
            rules.ActionItemFact(area=area, status=status, due_date=due_date)
        )
    return grouped


def _confirmations(
    cases: dict[int, CertificationCase], on: date, later: dict[int, date]
) -> dict[int, dict[str, str]]:
    """Case pk → {kind: text} of the confirmations recorded on or before ``on``."""
    company_of = {case.pk: company_id for company_id, case in cases.items()}
    grouped = defaultdict(dict)
    rows = Confirmation.objects.filter(case_id__in=list(company_of)).values_list(
        "case_id", "kind", "text", "confirmed_on"
    )
    for case_id, kind, text, confirmed_on in rows:
        if confirmed_on > on:
            _keep_earliest(later, company_of[case_id], confirmed_on)
        else:
            grouped[case_id][kind] = text.strip()
    return grouped


# Confirmation kind -> the LegalMinimumFact part it confirms, (a) to (e).
_LEGAL_PARTS = dict(zip(Confirmation.LEGAL_KINDS, rules.LEGAL_MINIMUM_PARTS, strict=True))


def _legal_minimum(confirmed: dict[str, str]) -> rules.LegalMinimumFact:
    """The five parts of A3's legal minimum, each confirmed on its own."""
    return rules.LegalMinimumFact(
        **{part: kind in confirmed for kind, part in _LEGAL_PARTS.items()}
    )


def _previous_certificates(ids: list[int]) -> dict[int, list[rules.PreviousCertificateFact]]:
    """The companies' certificates as P1 sees them: one per period.

    A reissued certificate (one that replaced another of the same case) keeps the period
    of the one it replaced: its ``valid_from`` is where the original of the reissue chain
    began. The replaced ones were revoked only to be replaced, so they are left out.
    """
    rows = list(
        Certificate.objects.filter(company_id__in=ids).values_list(
            "pk",
            "company_id",
            "case_id",
            "klass",
            "valid_from",
            "valid_until",
            "revoked_at",
            "superseded_by_id",
        )
    )
    by_pk = {row[0]: row for row in rows}
    replaced = set()  # certificates that a reissue replaced
    predecessor = {}  # pk of a reissue -> the row of the certificate it replaced
    for row in rows:
        successor = by_pk.get(row[7])
        if successor is not None and successor[2] == row[2]:  # the same case: a reissue
            predecessor[successor[0]] = row
            replaced.add(row[0])
    grouped = defaultdict(list)
    for pk, company_id, _case, klass, _from, valid_until, revoked_at, _next in rows:
        if pk in replaced:
            continue
        original = by_pk[pk]
        while original[0] in predecessor:
            original = predecessor[original[0]]
        grouped[company_id].append(
            rules.PreviousCertificateFact(
                klass=klass,
                valid_from=original[4],
                valid_until=valid_until,
                revoked=revoked_at is not None,
                revoked_on=timezone.localdate(revoked_at) if revoked_at is not None else None,
            )
        )
    return grouped
