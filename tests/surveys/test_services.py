import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from surveys import services
from surveys.models import ActionItem, Area, Hazard, RiskAssessment, Survey
from tests.factories import (
    TODAY,
    ActionItemFactory,
    CompanyFactory,
    FindingFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db

SURVEY = {
    "kind": Survey.Kind.PHYSICAL,
    "performed_on": TODAY - dt.timedelta(days=10),
    "provider": Survey.Provider.EXTERNAL,
    "has_written_report": True,
}
ITEM = {
    "area": Area.PHYSICAL,
    "measure": "Montere rekkverk",
    "responsible": "Per",
    "due_date": TODAY + dt.timedelta(days=30),
}


def test_survey_create_records_who_in_the_audit_trail(company, advisor):
    survey = services.survey_create(company=company, actor=advisor, **SURVEY)
    assert survey.company == company
    record = survey.history.first()
    assert record.history_type == "+"
    assert record.history_user == advisor


def test_survey_update_writes_only_changed_fields_and_records_who(company, advisor, issuer):
    survey = services.survey_create(company=company, actor=advisor, **SURVEY)
    services.survey_update(survey=survey, actor=issuer, summary="Støy i verkstedet")
    survey.refresh_from_db()
    assert survey.summary == "Støy i verkstedet"
    assert survey.history.count() == 2
    assert survey.history.first().history_user == issuer


def test_survey_update_starts_from_the_stored_row(company, advisor):
    """A form has already changed the instance in memory; the change must still be saved."""
    survey = services.survey_create(company=company, actor=advisor, **SURVEY)
    survey.summary = "Endret i minnet"
    services.survey_update(survey=survey, actor=advisor, summary="Endret i minnet")
    survey.refresh_from_db()
    assert survey.summary == "Endret i minnet"


def test_a_survey_may_not_be_dated_in_the_future(company, advisor):
    with pytest.raises(ValidationError) as error:
        services.survey_create(
            company=company, actor=advisor, **(SURVEY | {"performed_on": TODAY + dt.timedelta(1)})
        )
    assert error.value.message_dict["performed_on"] == ["Datoen kan ikke være etter dagens dato."]
    assert not Survey.objects.exists()


def test_survey_verify(company, advisor):
    survey = services.survey_create(company=company, actor=advisor, **SURVEY)
    services.survey_verify(survey=survey, actor=advisor, on=TODAY)
    survey.refresh_from_db()
    assert survey.verified_on == TODAY
    assert survey.verified_by == advisor
    assert survey.history.first().history_user == advisor


def test_survey_verify_refuses_our_own_surveys_and_impossible_dates(company, advisor):
    ours = SurveyFactory(company=company)
    with pytest.raises(ValidationError, match="verifisert ved at de er våre"):
        services.survey_verify(survey=ours, actor=advisor, on=TODAY)
    external = services.survey_create(company=company, actor=advisor, **SURVEY)
    with pytest.raises(ValidationError, match="før kartleggingen"):
        services.survey_verify(survey=external, actor=advisor, on=TODAY - dt.timedelta(days=20))
    with pytest.raises(ValidationError, match="etter dagens dato"):
        services.survey_verify(survey=external, actor=advisor, on=TODAY + dt.timedelta(days=1))
    external.refresh_from_db()
    assert external.verified_on is None


def test_survey_delete_is_recorded_with_who(company, advisor):
    survey = SurveyFactory(company=company)
    FindingFactory(survey=survey)
    item = ActionItemFactory(company=company, survey=survey)
    services.survey_delete(survey=survey, actor=advisor)
    assert not Survey.objects.exists()
    deleted = Survey.history.filter(history_type="-").get()
    assert deleted.history_user == advisor
    item.refresh_from_db()
    assert item.survey is None


def test_risk_assessment_with_hazards_is_all_or_nothing(company, advisor):
    hazards = [
        {"description": "Fall", "probability": 2, "consequence": 5, "measure": ""},
        {"description": "Støy", "probability": 6, "consequence": 1, "measure": ""},
    ]
    with pytest.raises(ValidationError):
        services.risk_assessment_create(
            company=company,
            actor=advisor,
            hazards=hazards,
            performed_on=TODAY,
            title="Verksted",
            notes="",
        )
    assert not RiskAssessment.objects.exists()
    assert not Hazard.objects.exists()
    hazards[1]["probability"] = 3
    assessment = services.risk_assessment_create(
        company=company, actor=advisor, hazards=hazards, performed_on=TODAY, title="Verksted"
    )
    assert [h.score for h in assessment.hazards.order_by("id")] == [10, 3]
    assert assessment.hazards.first().history.first().history_user == advisor


def test_safety_round_in_the_future_is_refused(company, advisor):
    with pytest.raises(ValidationError, match="etter dagens dato"):
        services.safety_round_create(
            company=company, actor=advisor, performed_on=TODAY + dt.timedelta(1), location="Lager"
        )


def test_action_item_due_date_must_be_a_sane_year(company, advisor):
    with pytest.raises(ValidationError) as error:
        services.action_item_create(
            company=company, actor=advisor, **(ITEM | {"due_date": dt.date(3026, 1, 1)})
        )
    assert error.value.message_dict["due_date"] == ["Datoen må være mellom år 2000 og 2100."]
    assert not ActionItem.objects.exists()


def test_not_applicable_needs_a_reason(company, advisor):
    data = ITEM | {"status": ActionItem.Status.NOT_APPLICABLE, "status_reason": "  "}
    with pytest.raises(ValidationError) as error:
        services.action_item_create(company=company, actor=advisor, **data)
    assert "begrunnelse" in error.value.message_dict["status_reason"][0]
    assert not ActionItem.objects.exists()


def test_the_survey_of_an_action_item_must_be_the_same_company(company, advisor):
    foreign = SurveyFactory(company=CompanyFactory())
    with pytest.raises(ValidationError) as error:
        services.action_item_create(company=company, actor=advisor, survey=foreign, **ITEM)
    assert error.value.message_dict["survey"] == ["Kartleggingen tilhører en annen virksomhet."]
    foreign_finding = FindingFactory(survey=foreign)
    with pytest.raises(ValidationError, match="Funnet tilhører en annen virksomhet"):
        services.action_item_create(company=company, actor=advisor, finding=foreign_finding, **ITEM)
    assert not ActionItem.objects.exists()


def test_an_item_answering_a_finding_joins_that_surveys_action_plan(company, advisor):
    survey = SurveyFactory(company=company)
    finding = FindingFactory(survey=survey)
    item = services.action_item_create(company=company, actor=advisor, finding=finding, **ITEM)
    assert item.survey == survey
    other_survey = SurveyFactory(company=company)
    with pytest.raises(ValidationError, match="hører til en annen kartlegging"):
        services.action_item_update(item=item, actor=advisor, survey=other_survey)


def test_set_status(company, advisor, issuer):
    item = services.action_item_create(company=company, actor=advisor, **ITEM)
    with pytest.raises(ValidationError):
        services.action_item_set_status(
            item=item, status=ActionItem.Status.NOT_APPLICABLE, reason="", actor=issuer
        )
    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN
    services.action_item_set_status(
        item=item,
        status=ActionItem.Status.NOT_APPLICABLE,
        reason=" Maskinen er solgt ",
        actor=issuer,
    )
    item.refresh_from_db()
    assert item.status == ActionItem.Status.NOT_APPLICABLE
    assert item.status_reason == "Maskinen er solgt"
    assert item.history.first().history_user == issuer


def test_unknown_fields_are_a_programming_error(company, advisor):
    with pytest.raises(TypeError):
        services.survey_create(company=company, actor=advisor, verified_on=TODAY, **SURVEY)
