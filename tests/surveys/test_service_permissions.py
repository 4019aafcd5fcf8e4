"""The surveys' services refuse whoever may not record for the company, whatever the view.

The views load every object through ``get_<thing>_for`` (404 first); the services check
``surveys.record`` themselves, so a new caller (a command, another app) cannot skip it.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from surveys import services
from tests.factories import (
    TODAY,
    ActionItemFactory,
    FindingFactory,
    HazardFactory,
    RiskAssessmentFactory,
    SafetyRoundFactory,
    SurveyFactory,
)
from tests.staff.matrix import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(company):
    survey = SurveyFactory(company=company, provider="EXTERNAL")
    assessment = RiskAssessmentFactory(company=company)
    return SimpleNamespace(
        company=company,
        survey=survey,
        finding=FindingFactory(survey=survey),
        assessment=assessment,
        hazard=HazardFactory(risk_assessment=assessment),
        safety_round=SafetyRoundFactory(company=company),
        item=ActionItemFactory(company=company),
    )


S = services
CALLS = {
    "survey_create": lambda r, a: S.survey_create(company=r.company, actor=a),
    "survey_update": lambda r, a: S.survey_update(survey=r.survey, actor=a, summary="x"),
    "survey_verify": lambda r, a: S.survey_verify(survey=r.survey, actor=a, on=TODAY),
    "survey_delete": lambda r, a: S.survey_delete(survey=r.survey, actor=a),
    "finding_create": lambda r, a: S.finding_create(survey=r.survey, actor=a, description="x"),
    "finding_update": lambda r, a: S.finding_update(finding=r.finding, actor=a, description="x"),
    "finding_delete": lambda r, a: S.finding_delete(finding=r.finding, actor=a),
    "risk_assessment_create": lambda r, a: S.risk_assessment_create(company=r.company, actor=a),
    "risk_assessment_update": lambda r, a: S.risk_assessment_update(
        risk_assessment=r.assessment, actor=a, title="x"
    ),
    "risk_assessment_delete": lambda r, a: S.risk_assessment_delete(
        risk_assessment=r.assessment, actor=a
    ),
    "hazard_create": lambda r, a: S.hazard_create(risk_assessment=r.assessment, actor=a),
    "hazard_update": lambda r, a: S.hazard_update(hazard=r.hazard, actor=a, measure="x"),
    "hazard_delete": lambda r, a: S.hazard_delete(hazard=r.hazard, actor=a),
    "safety_round_create": lambda r, a: S.safety_round_create(company=r.company, actor=a),
    "safety_round_update": lambda r, a: S.safety_round_update(
        safety_round=r.safety_round, actor=a, location="x"
    ),
    "safety_round_delete": lambda r, a: S.safety_round_delete(safety_round=r.safety_round, actor=a),
    "action_item_create": lambda r, a: S.action_item_create(company=r.company, actor=a),
    "action_item_update": lambda r, a: S.action_item_update(item=r.item, actor=a, measure="x"),
    "action_item_set_status": lambda r, a: S.action_item_set_status(
        item=r.item, status="DONE", reason="", actor=a
    ),
    "action_item_delete": lambda r, a: S.action_item_delete(item=r.item, actor=a),
}


CREATES = {name: call for name, call in CALLS.items() if name.endswith("_create")}
CHANGES = {name: call for name, call in CALLS.items() if name not in CREATES}
# A client user may create records of the company's own work (survey_create etc.), never
# change or delete what is recorded.
OWN_WORK = set(CREATES)


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
@pytest.mark.parametrize("who", ["other_client", "other_advisor", "anonymous"])
def test_the_service_refuses_and_changes_nothing(call, who, records, request):
    actor = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        call(records, actor)
    assert snapshot() == before


@pytest.mark.parametrize("who", ["advisor", "issuer"])
def test_the_responsible_advisor_and_the_issuers_may_record(who, records, request):
    actor = request.getfixturevalue(who)
    services.survey_update(survey=records.survey, actor=actor, summary="Ny oppsummering")
    services.action_item_update(item=records.item, actor=actor, measure="Nytt tiltak")
    records.survey.refresh_from_db()
    assert records.survey.summary == "Ny oppsummering"


@pytest.mark.parametrize(
    "call",
    [c for n, c in CALLS.items() if n not in OWN_WORK],
    ids=[n for n in CALLS if n not in OWN_WORK],
)
def test_a_client_may_not_change_what_is_recorded(call, client_user, records):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        call(records, client_user)
    assert snapshot() == before


def test_a_clients_own_survey_is_theirs_and_unverified(client_user, company):
    survey = services.survey_create(
        company=company,
        actor=client_user,
        kind="physical",
        performed_on=TODAY,
        provider="BEDRIFTSTJENESTEN",
        report_reviewed=True,
    )

    assert survey.provider == "EXTERNAL"
    assert survey.verified_on is None
    assert not survey.report_reviewed  # reviewing is the advisor's
    assert not survey.is_ours


def test_a_client_cannot_add_findings_to_our_survey(client_user, company):
    ours = SurveyFactory(company=company, provider="BEDRIFTSTJENESTEN")
    with pytest.raises(PermissionDenied):
        services.finding_create(survey=ours, actor=client_user, description="x")
