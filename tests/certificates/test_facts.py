"""certificates.facts against hand-built expectations, and its constant query count."""

import datetime as dt

import pytest
from django.utils import timezone

import hms_rules as rules
from certificates.facts import build_facts, build_facts_many
from certificates.models import Confirmation
from surveys.models import ActionItem, Area, Survey
from tests.factories import (
    ActionItemFactory,
    AdvisorFactory,
    CaseFactory,
    CertificateFactory,
    CompanyFactory,
    ConfirmationFactory,
    FindingFactory,
    PsychosocialSurveyFactory,
    RiskAssessmentFactory,
    SafetyRoundFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db

D = dt.date(2026, 11, 25)
DAY = dt.timedelta(days=1)


def _facts(company, case=None, on=D):
    return build_facts(company=company, case=case, on=on)


def test_a_company_with_nothing_recorded():
    company = CompanyFactory(off_site_work=True)
    assert _facts(company) == rules.Facts(assessment_date=D, off_site_work=True)


def test_survey_flags_are_copied_and_verification_depends_on_provider_and_date():
    company = CompanyFactory()
    advisor = AdvisorFactory()
    SurveyFactory(company=company, performed_on=dt.date(2026, 3, 1), has_written_report=True)
    SurveyFactory(
        company=company,
        performed_on=dt.date(2026, 4, 1),
        provider=Survey.Provider.EXTERNAL,
        has_written_report=False,
    )
    SurveyFactory(
        company=company,
        performed_on=dt.date(2026, 5, 1),
        provider=Survey.Provider.EXTERNAL,
        verified_on=D,
        verified_by=advisor,
    )
    SurveyFactory(
        company=company,
        performed_on=dt.date(2026, 6, 1),
        provider=Survey.Provider.EXTERNAL,
        verified_on=D + DAY,
        verified_by=advisor,
    )
    PsychosocialSurveyFactory(
        company=company,
        performed_on=dt.date(2026, 9, 1),
        no_new_survey_needed=True,
        no_significant_deviations=True,
    )
    physical = {"kind": rules.PHYSICAL, "has_report": True}
    assert set(_facts(company).surveys) == {
        rules.SurveyFact(
            performed_on=dt.date(2026, 3, 1),
            provider=rules.BEDRIFTSTJENESTEN,
            verified=True,  # ours: verified by being ours
            **physical,
        ),
        rules.SurveyFact(  # external, never verified
            kind=rules.PHYSICAL,
            performed_on=dt.date(2026, 4, 1),
            provider=rules.EXTERNAL,
            verified=False,
        ),
        rules.SurveyFact(  # verified on D itself counts
            performed_on=dt.date(2026, 5, 1), provider=rules.EXTERNAL, verified=True, **physical
        ),
        rules.SurveyFact(  # verified the day after D does not count on D
            performed_on=dt.date(2026, 6, 1), provider=rules.EXTERNAL, verified=False, **physical
        ),
        rules.SurveyFact(
            kind=rules.PSYCHOSOCIAL,
            performed_on=dt.date(2026, 9, 1),
            provider=rules.BEDRIFTSTJENESTEN,
            verified=True,
            has_report=True,
            report_reviewed=True,
            formal_conversations=True,
            no_new_survey_needed=True,
            no_significant_deviations=True,
        ),
    }
    # A day later the verification of 26.11.2026 has happened.
    later = _facts(company, on=D + DAY).surveys
    assert next(s for s in later if s.performed_on == dt.date(2026, 6, 1)).verified


def test_a_survey_has_an_action_plan_when_items_are_linked_to_it():
    company = CompanyFactory()
    with_plan = SurveyFactory(company=company, performed_on=dt.date(2026, 8, 1))
    SurveyFactory(company=company, performed_on=dt.date(2026, 7, 1))
    finding = FindingFactory(survey=with_plan)
    ActionItemFactory(company=company, survey=with_plan, finding=finding)
    plans = {s.performed_on: s.has_action_plan for s in _facts(company).surveys}
    assert plans == {dt.date(2026, 8, 1): True, dt.date(2026, 7, 1): False}


def test_dates_and_action_items():
    company = CompanyFactory()
    RiskAssessmentFactory(company=company, performed_on=dt.date(2026, 2, 1))
    RiskAssessmentFactory(company=company, performed_on=dt.date(2025, 2, 1))
    SafetyRoundFactory(company=company, performed_on=dt.date(2026, 10, 10))
    ActionItemFactory(
        company=company,
        area=Area.PHYSICAL,
        status=ActionItem.Status.IN_PROGRESS,
        due_date=dt.date(2027, 2, 1),
    )
    ActionItemFactory(
        company=company,
        area=Area.PSYCHOSOCIAL,
        status=ActionItem.Status.NOT_APPLICABLE,
        status_reason="Avdelingen er lagt ned",
        due_date=dt.date(2026, 1, 1),
    )
    facts = _facts(company)
    assert sorted(facts.risk_assessments) == [dt.date(2025, 2, 1), dt.date(2026, 2, 1)]
    assert facts.safety_rounds == (dt.date(2026, 10, 10),)
    assert set(facts.action_items) == {
        rules.ActionItemFact(rules.PHYSICAL, rules.IN_PROGRESS, dt.date(2027, 2, 1)),
        rules.ActionItemFact(rules.PSYCHOSOCIAL, rules.NOT_APPLICABLE, dt.date(2026, 1, 1)),
    }


def test_confirmations_become_booleans_and_notes():
    company = CompanyFactory()
    case = CaseFactory(company=company)
    for kind in Confirmation.LEGAL_KINDS[:4]:
        ConfirmationFactory(case=case, kind=kind, confirmed_on=D - DAY)
    ConfirmationFactory(case=case, kind=Confirmation.Kind.PSYCHOSOCIAL_IMPROVEMENT, confirmed_on=D)
    ConfirmationFactory(
        case=case,
        kind=Confirmation.Kind.MANAGEMENT_FOCUS,
        text="  Ledelsen har månedlige HMS-møter.  ",
        confirmed_on=D - DAY,
    )
    facts = _facts(company, case)
    assert facts.legal_minimum_verified is False  # (e) is still missing
    assert facts.legal_minimum == rules.LegalMinimumFact(True, True, True, True, False)
    assert facts.legal_minimum.missing_parts() == ("internal_control",)
    assert facts.psychosocial_improvement_ongoing is True
    assert facts.management_focus_note == "Ledelsen har månedlige HMS-møter."
    assert facts.discretionary_justification == ""

    ConfirmationFactory(
        case=case, kind=Confirmation.Kind.LEGAL_INTERNAL_CONTROL, confirmed_on=D + DAY
    )
    ConfirmationFactory(
        case=case, kind=Confirmation.Kind.DISCRETIONARY, text="Skjønn", confirmed_on=D
    )
    facts = _facts(company, case)
    assert facts.legal_minimum_verified is False  # (e) is confirmed only after D
    assert facts.discretionary_justification == "Skjønn"
    assert _facts(company, case, on=D + DAY).legal_minimum_verified is True
    # Without its case, a company has no confirmations at all.
    assert _facts(company).psychosocial_improvement_ongoing is False


def test_previous_certificates_with_the_revoked_flag():
    company = CompanyFactory()
    CertificateFactory(
        case=CaseFactory(company=company, year=2024),
        klass="B",
        valid_from=dt.date(2024, 11, 1),
        valid_until=dt.date(2025, 10, 31),
    )
    revoked_at = timezone.now()
    CertificateFactory(
        case=CaseFactory(company=company, year=2025),
        klass="A",
        valid_from=dt.date(2025, 11, 1),
        valid_until=dt.date(2026, 10, 31),
        revoked_at=revoked_at,
        revocation_reason="Feil i grunnlaget",
    )
    assert set(_facts(company).previous_certificates) == {
        rules.PreviousCertificateFact("B", dt.date(2024, 11, 1), dt.date(2025, 10, 31), False),
        rules.PreviousCertificateFact(
            "A",
            dt.date(2025, 11, 1),
            dt.date(2026, 10, 31),
            True,
            timezone.localdate(revoked_at),
        ),
    }


def test_build_facts_many_keeps_companies_apart():
    first, second = CompanyFactory(), CompanyFactory(off_site_work=True)
    SurveyFactory(company=first)
    SafetyRoundFactory(company=second)
    case = CaseFactory(company=second)
    ConfirmationFactory(case=case, kind=Confirmation.Kind.PSYCHOSOCIAL_IMPROVEMENT)
    facts = build_facts_many(companies=[first, second], cases={second.pk: case}, on=D)
    assert len(facts[first.pk].surveys) == 1 and facts[first.pk].safety_rounds == ()
    assert facts[second.pk].surveys == () and len(facts[second.pk].safety_rounds) == 1
    assert facts[second.pk].off_site_work and not facts[first.pk].off_site_work
    assert facts[second.pk].psychosocial_improvement_ongoing
    assert not facts[first.pk].psychosocial_improvement_ongoing


def test_the_facts_decide_as_expected():
    """End to end: a company recorded for class A gives the rules engine's class A."""
    company = CompanyFactory()
    case = CaseFactory(company=company)
    physical = SurveyFactory(company=company)
    ActionItemFactory(company=company, survey=physical, due_date=D + 10 * DAY)
    PsychosocialSurveyFactory(company=company)
    RiskAssessmentFactory(company=company)
    ConfirmationFactory(case=case, kind=Confirmation.Kind.PSYCHOSOCIAL_IMPROVEMENT)
    decision = rules.decide(_facts(company, case))
    assert decision.eligible_class == rules.CLASS_A
    assert decision.first_missing().code == "P1"


FACTS_QUERIES = 6  # surveys, risk assessments, safety rounds, items, confirmations, certificates


@pytest.mark.parametrize("n", [1, 20])
def test_query_count_does_not_depend_on_the_number_of_records(n, django_assert_num_queries):
    company = CompanyFactory()
    case = CaseFactory(company=company)
    for i in range(n):
        survey = SurveyFactory(company=company, performed_on=D - i * DAY)
        FindingFactory(survey=survey)
        ActionItemFactory(company=company, survey=survey)
        RiskAssessmentFactory(company=company)
        SafetyRoundFactory(company=company)
        CertificateFactory(case=CaseFactory(company=company, year=2000 + i))
    ConfirmationFactory(case=case)
    with django_assert_num_queries(FACTS_QUERIES):
        facts = _facts(company, case)
    assert len(facts.surveys) == n
    assert len(facts.action_items) == n


@pytest.mark.parametrize("n", [2, 15])
def test_query_count_does_not_depend_on_the_number_of_companies(n, django_assert_num_queries):
    companies = [CompanyFactory() for _ in range(n)]
    cases = {}
    for company in companies:
        SurveyFactory(company=company)
        ActionItemFactory(company=company)
        cases[company.pk] = CaseFactory(company=company)
    with django_assert_num_queries(FACTS_QUERIES):
        facts = build_facts_many(companies=companies, cases=cases, on=D)
    assert len(facts) == n


def _reissue(old, valid_from):
    """What certificate_reissue leaves: the old one revoked and replaced, same case."""
    new = CertificateFactory(
        case=old.case, klass=old.klass, valid_from=valid_from, valid_until=old.valid_until
    )
    old.revoked_at = timezone.now()
    old.superseded_by = new
    old.save(update_fields=["revoked_at", "superseded_by"])
    return new


def test_a_reissued_certificate_keeps_the_period_of_the_one_it_replaced():
    company = CompanyFactory()
    first = CertificateFactory(
        case=CaseFactory(company=company, year=2025),
        valid_from=dt.date(2025, 11, 20),
        valid_until=dt.date(2026, 11, 19),
    )
    second = _reissue(first, dt.date(2026, 3, 1))
    _reissue(second, dt.date(2026, 10, 1))  # reissued twice: still the period of the first

    facts = _facts(company)
    assert facts.previous_certificates == (
        rules.PreviousCertificateFact("A", dt.date(2025, 11, 20), dt.date(2026, 11, 19)),
    )
    p1 = rules.decide(facts).class_result("A+").criteria[0]
    assert p1.met


def test_a_renewal_is_not_a_reissue():
    company = CompanyFactory()
    last_year = CertificateFactory(
        case=CaseFactory(company=company, year=2025),
        valid_from=dt.date(2025, 11, 20),
        valid_until=dt.date(2026, 11, 19),
    )
    this_year = CertificateFactory(
        case=CaseFactory(company=company, year=2026),
        valid_from=dt.date(2026, 11, 1),
        valid_until=dt.date(2027, 10, 31),
    )
    last_year.superseded_by = this_year
    last_year.save(update_fields=["superseded_by"])
    assert set(_facts(company).previous_certificates) == {
        rules.PreviousCertificateFact("A", dt.date(2025, 11, 20), dt.date(2026, 11, 19)),
        rules.PreviousCertificateFact("A", dt.date(2026, 11, 1), dt.date(2027, 10, 31)),
    }
