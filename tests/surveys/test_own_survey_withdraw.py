"""Withdrawing a company's own survey that was sent back (fieldwork's reopen uses it).

A client withdraws only an unverified EXTERNAL survey of their own company that their
own users recorded, with its action items and the risk assessment made with it.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from surveys import services
from surveys.models import ActionItem, Area, Finding, RiskAssessment, Survey
from tests.factories import TODAY, SurveyFactory

pytestmark = pytest.mark.django_db


def own_survey(company, actor):
    survey = services.survey_create(
        company=company,
        actor=actor,
        kind=Survey.Kind.PHYSICAL,
        performed_on=TODAY,
        provider=Survey.Provider.EXTERNAL,
        has_written_report=True,
    )
    finding = services.finding_create(survey=survey, actor=actor, description="Løse ledninger")
    services.action_item_create(
        company=company,
        actor=actor,
        area=Area.PHYSICAL,
        measure="Fest ledningene",
        responsible="Kari",
        due_date=TODAY,
        survey=survey,
        finding=finding,
    )
    assessment = services.risk_assessment_create(
        company=company, actor=actor, performed_on=TODAY, title="Fysisk kartlegging"
    )
    return survey, assessment


def test_the_client_withdraws_their_own_survey_with_its_plan(company, client_user):
    survey, assessment = own_survey(company, client_user)
    services.own_survey_withdraw(survey=survey, risk_assessment=assessment, actor=client_user)
    assert not Survey.objects.exists() and not Finding.objects.exists()
    assert not ActionItem.objects.exists() and not RiskAssessment.objects.exists()
    assert Survey.history.filter(history_type="-", history_user=client_user).count() == 1


def test_a_client_cannot_withdraw_what_the_advisor_recorded(company, client_user, advisor):
    survey, assessment = own_survey(company, advisor)
    with pytest.raises(PermissionDenied):
        services.own_survey_withdraw(survey=survey, risk_assessment=assessment, actor=client_user)
    mine, _assessment = own_survey(company, client_user)
    with pytest.raises(PermissionDenied):  # the advisor's risk assessment with my survey
        services.own_survey_withdraw(survey=mine, risk_assessment=assessment, actor=client_user)
    assert Survey.objects.count() == 2 and RiskAssessment.objects.count() == 2


def test_a_verified_or_our_own_survey_cannot_be_withdrawn(company, client_user, advisor):
    survey, _assessment = own_survey(company, client_user)
    services.survey_verify(survey=survey, actor=advisor, on=TODAY)
    ours = SurveyFactory(company=company)
    for record in (survey, ours):
        # (in bokmål: an earlier test's English request can leave English active)
        with translation.override("nb"), pytest.raises(ValidationError, match="ikke er verifisert"):
            services.own_survey_withdraw(survey=record, actor=advisor)
    assert Survey.objects.count() == 2


def test_nobody_of_another_company_may_withdraw_it(
    company, client_user, other_client, other_advisor
):
    survey, assessment = own_survey(company, client_user)
    for actor in (other_client, other_advisor):
        with pytest.raises(PermissionDenied):
            services.own_survey_withdraw(survey=survey, risk_assessment=assessment, actor=actor)
    assert Survey.objects.count() == 1 and ActionItem.objects.count() == 1


def test_the_advisor_may_withdraw_it_for_the_company(company, client_user, advisor):
    survey, assessment = own_survey(company, client_user)
    services.own_survey_withdraw(survey=survey, risk_assessment=assessment, actor=advisor)
    assert not Survey.objects.exists()
