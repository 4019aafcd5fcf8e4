"""Stored decisions: always the decision fresh facts give, recomputed only when needed."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import hms_rules as rules
from certificates.decisions import decisions_on
from certificates.facts import build_facts
from certificates.models import Confirmation, StoredDecision
from certificates.services import certificate_revoke, confirmation_record, confirmation_withdraw
from companies.services import company_update
from surveys.models import ActionItem, Survey
from surveys.services import (
    action_item_set_status,
    risk_assessment_create,
    safety_round_create,
    survey_create,
    survey_delete,
    survey_update,
    survey_verify,
)
from tests.factories import (
    TODAY,
    ActionItemFactory,
    CaseFactory,
    CertificateFactory,
    CompanyFactory,
    ConfirmationFactory,
    PsychosocialSurveyFactory,
    RiskAssessmentFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def fresh(company, on=TODAY) -> rules.Decision:
    case = company.cases.filter(year=on.year).first()
    return rules.decide(build_facts(company=company, case=case, on=on))


def stored(company, on=TODAY) -> rules.Decision:
    return decisions_on(companies=[company], on=on)[company.pk]


@pytest.fixture
def company(advisor):
    company = CompanyFactory(advisor=advisor)
    case = CaseFactory(company=company)
    survey = SurveyFactory(company=company, performed_on=TODAY - 300 * DAY)
    PsychosocialSurveyFactory(company=company, performed_on=TODAY - 200 * DAY)
    RiskAssessmentFactory(company=company, performed_on=TODAY - 90 * DAY)
    ActionItemFactory(company=company, survey=survey, due_date=TODAY + 3 * DAY)
    ConfirmationFactory(case=case, kind=Confirmation.Kind.PSYCHOSOCIAL_IMPROVEMENT)
    CertificateFactory(
        case=CaseFactory(company=company, year=TODAY.year - 1),
        valid_from=TODAY - 380 * DAY,
        valid_until=TODAY - 16 * DAY,
    )
    return company


def _external_survey(company, advisor, issuer):
    survey = SurveyFactory(
        company=company, provider=Survey.Provider.EXTERNAL, performed_on=TODAY - 5 * DAY
    )
    stored(company)  # stored before the verification
    survey_verify(survey=survey, actor=advisor, on=TODAY)


CHANGES = {
    "survey created": lambda company, advisor, issuer: survey_create(
        company=company,
        actor=advisor,
        kind=Survey.Kind.PHYSICAL,
        performed_on=TODAY - 10 * DAY,
        provider=Survey.Provider.BEDRIFTSTJENESTEN,
        has_written_report=True,
    ),
    "survey updated": lambda company, advisor, issuer: survey_update(
        survey=company.surveys.get(kind=Survey.Kind.PSYCHOSOCIAL),
        actor=advisor,
        performed_on=TODAY - 500 * DAY,
    ),
    "survey deleted": lambda company, advisor, issuer: survey_delete(
        survey=company.surveys.get(kind=Survey.Kind.PHYSICAL), actor=advisor
    ),
    "survey verified": _external_survey,
    "risk assessment": lambda company, advisor, issuer: risk_assessment_create(
        company=company, actor=advisor, performed_on=TODAY - 400 * DAY, title="Gammel"
    ),
    "safety round": lambda company, advisor, issuer: safety_round_create(
        company=company, actor=advisor, performed_on=TODAY - 2 * DAY, location="Kai"
    ),
    "action item status": lambda company, advisor, issuer: action_item_set_status(
        item=company.action_items.get(), status=ActionItem.Status.OPEN, reason="", actor=advisor
    ),
    "confirmation recorded": lambda company, advisor, issuer: confirmation_record(
        case=company.cases.get(year=TODAY.year),
        kind=Confirmation.Kind.MANAGEMENT_FOCUS,
        text="Ledelsen følger opp.",
        confirmed_on=TODAY,
        actor=issuer,
    ),
    "confirmation withdrawn": lambda company, advisor, issuer: confirmation_withdraw(
        confirmation=Confirmation.objects.get(case__company=company), actor=issuer
    ),
    "off-site work": lambda company, advisor, issuer: company_update(
        company=company, actor=issuer, off_site_work=not company.off_site_work
    ),
    "certificate revoked": lambda company, advisor, issuer: certificate_revoke(
        certificate=company.certificates.get(), reason="Feil", actor=issuer
    ),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_the_stored_decision_equals_a_fresh_one_after_every_change(
    change, company, advisor, issuer
):
    assert stored(company) == fresh(company)
    CHANGES[change](company, advisor, issuer)
    company.refresh_from_db()
    assert StoredDecision.objects.get(pk=company.pk).stale
    assert stored(company) == fresh(company)
    assert not StoredDecision.objects.get(pk=company.pk).stale


def test_a_change_marks_stale_and_the_class_follows(company, advisor):
    before = stored(company)
    survey_delete(survey=company.surveys.get(kind=Survey.Kind.PHYSICAL), actor=advisor)
    after = stored(company)
    assert before.eligible_class is not None
    assert after.eligible_class is None
    row = StoredDecision.objects.get(pk=company.pk)
    assert (row.eligible_class, row.first_missing) == ("", "B1")


def test_a_valid_stored_decision_is_read_without_the_fact_tables(company):
    stored(company)
    with CaptureQueriesContext(connection) as queries:
        decision = stored(company)
    assert len(queries) == 1  # the stored row only
    assert decision == fresh(company)


def test_the_stored_decision_is_recomputed_from_stable_until_on(company):
    first = stored(company)
    until = StoredDecision.objects.get(pk=company.pk).stable_until
    assert until == TODAY + 4 * DAY  # the day after the item's due date
    for day in (TODAY + DAY, until - DAY, until, until + 30 * DAY):
        assert stored(company, day) == fresh(company, day)
    # Recomputed on ``until``, and still valid 30 days later.
    assert StoredDecision.objects.get(pk=company.pk).assessment_date == until
    assert first.stable_until == until


def test_a_later_verification_limits_stable_until(company):
    SurveyFactory(
        company=company,
        provider=Survey.Provider.EXTERNAL,
        performed_on=TODAY - 5 * DAY,
        verified_on=TODAY + 2 * DAY,
    )
    stored(company)
    assert StoredDecision.objects.get(pk=company.pk).stable_until == TODAY + 2 * DAY
    assert stored(company, TODAY + 2 * DAY) == fresh(company, TODAY + 2 * DAY)
