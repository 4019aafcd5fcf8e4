"""Every survey/action-plan page against the role × own/other-company matrix."""

import datetime as dt

import pytest

from surveys.models import ActionItem, Area, Survey
from tests.factories import (
    TODAY,
    ActionItemFactory,
    FindingFactory,
    HazardFactory,
    RiskAssessmentFactory,
    SafetyRoundFactory,
    SurveyFactory,
)
from tests.staff.matrix import Endpoint, check_matrix, snapshot, url

pytestmark = pytest.mark.django_db

SURVEY = {
    "kind": Survey.Kind.PHYSICAL,
    "performed_on": (TODAY - dt.timedelta(days=5)).isoformat(),
    "provider": Survey.Provider.BEDRIFTSTJENESTEN,
    "has_written_report": "on",
}
FINDING = {"description": "Glatt gulv", "location": "Lager", "severity": "HIGH"}
ASSESSMENT = {"performed_on": TODAY.isoformat(), "title": "Lager"}
HAZARD = {"description": "Fall", "probability": "3", "consequence": "4", "measure": ""}
ROUND = {"performed_on": TODAY.isoformat(), "location": "Byggeplass"}
ITEM = {
    "area": Area.PHYSICAL,
    "measure": "Sklisikre matter",
    "responsible": "Per",
    "due_date": (TODAY + dt.timedelta(days=20)).isoformat(),
    "status": ActionItem.Status.OPEN,
}


def _external(company):
    return SurveyFactory(
        company=company,
        provider=Survey.Provider.EXTERNAL,
        performed_on=TODAY - dt.timedelta(days=20),
    )


def _formset(**fields):
    data = {"farer-TOTAL_FORMS": "1", "farer-INITIAL_FORMS": "0"}
    return data | {f"farer-0-{k}": v for k, v in fields.items()}


ENDPOINTS = [
    Endpoint("survey_create", lambda c: (url("surveys:survey_create", c.pk), SURVEY)),
    Endpoint(
        "survey_update",
        lambda c: (url("surveys:survey_update", SurveyFactory(company=c).pk), SURVEY),
    ),
    Endpoint(
        "survey_verify",
        lambda c: (url("surveys:survey_verify", _external(c).pk), {"verified_on": TODAY}),
    ),
    Endpoint(
        "survey_delete", lambda c: (url("surveys:survey_delete", SurveyFactory(company=c).pk), {})
    ),
    Endpoint(
        "finding_create",
        lambda c: (url("surveys:finding_create", SurveyFactory(company=c).pk), FINDING),
    ),
    Endpoint(
        "finding_update",
        lambda c: (
            url("surveys:finding_update", FindingFactory(survey__company=c).pk),
            FINDING,
        ),
    ),
    Endpoint(
        "finding_delete",
        lambda c: (url("surveys:finding_delete", FindingFactory(survey__company=c).pk), {}),
    ),
    Endpoint(
        "risk_assessment_create",
        lambda c: (
            url("surveys:risk_assessment_create", c.pk),
            ASSESSMENT | _formset(**HAZARD),
        ),
    ),
    Endpoint(
        "risk_assessment_update",
        lambda c: (
            url("surveys:risk_assessment_update", RiskAssessmentFactory(company=c).pk),
            ASSESSMENT,
        ),
    ),
    Endpoint(
        "risk_assessment_delete",
        lambda c: (
            url("surveys:risk_assessment_delete", RiskAssessmentFactory(company=c).pk),
            {},
        ),
    ),
    Endpoint(
        "hazard_create",
        lambda c: (
            url("surveys:hazard_create", RiskAssessmentFactory(company=c).pk),
            HAZARD,
        ),
    ),
    Endpoint(
        "hazard_update",
        lambda c: (
            url("surveys:hazard_update", HazardFactory(risk_assessment__company=c).pk),
            HAZARD,
        ),
    ),
    Endpoint(
        "hazard_delete",
        lambda c: (
            url("surveys:hazard_delete", HazardFactory(risk_assessment__company=c).pk),
            {},
        ),
    ),
    Endpoint("safety_round_create", lambda c: (url("surveys:safety_round_create", c.pk), ROUND)),
    Endpoint(
        "safety_round_update",
        lambda c: (url("surveys:safety_round_update", SafetyRoundFactory(company=c).pk), ROUND),
    ),
    Endpoint(
        "safety_round_delete",
        lambda c: (url("surveys:safety_round_delete", SafetyRoundFactory(company=c).pk), {}),
    ),
    Endpoint("action_item_create", lambda c: (url("surveys:action_item_create", c.pk), ITEM)),
    Endpoint(
        "action_item_update",
        lambda c: (url("surveys:action_item_update", ActionItemFactory(company=c).pk), ITEM),
    ),
    Endpoint(
        "action_item_status",
        lambda c: (
            url("surveys:action_item_status", ActionItemFactory(company=c).pk),
            {"status": ActionItem.Status.DONE, "reason": ""},
        ),
    ),
    Endpoint(
        "action_item_delete",
        lambda c: (url("surveys:action_item_delete", ActionItemFactory(company=c).pk), {}),
    ),
]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_role_matrix(client, endpoint, company, other_company, advisor, issuer, client_user):
    check_matrix(client, endpoint, own=company, other=other_company, advisor=advisor, issuer=issuer)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_the_responsible_advisor_can_post(client, endpoint, company, advisor, client_user):
    own_url, data = endpoint.build(company)
    client.force_login(advisor)
    before = snapshot()
    response = client.post(own_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"].startswith(url("companies:detail", company.pk))
    assert snapshot() != before
