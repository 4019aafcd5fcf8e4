"""Every form: valid input saves; invalid input shows a Norwegian error and saves nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from surveys.models import ActionItem, Area, Finding, Hazard, RiskAssessment, SafetyRound, Survey
from tests.factories import (
    TODAY,
    ActionItemFactory,
    CaseFactory,
    CompanyFactory,
    FindingFactory,
    RiskAssessmentFactory,
    SurveyFactory,
)
from tests.staff.matrix import snapshot

pytestmark = pytest.mark.django_db

SURVEY = {
    "kind": Survey.Kind.PSYCHOSOCIAL,
    "performed_on": "2026-10-01",
    "provider": Survey.Provider.EXTERNAL,
    "summary": "Medarbeidersamtaler i alle avdelinger",
    "has_written_report": "on",
    "formal_conversations": "on",
}
ITEM = {
    "area": Area.PSYCHOSOCIAL,
    "measure": "Lederopplæring i konflikthåndtering",
    "responsible": "Daglig leder",
    "due_date": "2027-03-01",
    "status": ActionItem.Status.OPEN,
}


@pytest.fixture
def logged_in(client, advisor):
    client.force_login(advisor)
    return client


def _post_invalid(client, url, data, message):
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshot() == before
    return response


def test_survey_valid_saves(logged_in, company, advisor):
    case = CaseFactory(company=company, year=TODAY.year)
    response = logged_in.post(
        reverse("surveys:survey_create", args=[company.pk]), SURVEY, follow=True
    )
    survey = Survey.objects.get()
    assert survey.performed_on == dt.date(2026, 10, 1)
    assert survey.formal_conversations and not survey.report_reviewed
    assert "Kartleggingen er registrert." in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("cases:detail", args=[case.pk])


def test_survey_dated_in_the_future_is_refused(logged_in, company):
    _post_invalid(
        logged_in,
        reverse("surveys:survey_create", args=[company.pk]),
        SURVEY | {"performed_on": (TODAY + dt.timedelta(days=1)).isoformat()},
        "Datoen kan ikke være etter dagens dato.",
    )


def test_survey_date_in_a_nonsense_year_is_refused(logged_in, company):
    _post_invalid(
        logged_in,
        reverse("surveys:survey_create", args=[company.pk]),
        SURVEY | {"performed_on": "1026-10-01"},
        "Datoen må være mellom år 2000 og 2100.",
    )


def test_survey_date_input_is_a_date_picker(logged_in, company):
    survey = SurveyFactory(company=company, performed_on=dt.date(2026, 8, 16))
    html = logged_in.get(reverse("surveys:survey_update", args=[survey.pk])).content.decode()
    assert 'type="date"' in html
    assert 'value="2026-08-16"' in html


def test_survey_change_is_recorded_with_the_user(logged_in, company, advisor):
    survey = SurveyFactory(company=company, performed_on=dt.date(2026, 8, 16))
    logged_in.post(
        reverse("surveys:survey_update", args=[survey.pk]),
        SURVEY | {"summary": "Oppdatert sammendrag"},
    )
    survey.refresh_from_db()
    assert survey.summary == "Oppdatert sammendrag"
    assert survey.history.first().history_user == advisor
    assert survey.history.first().history_type == "~"


def test_verify_survey(logged_in, company, advisor):
    survey = SurveyFactory(
        company=company, provider=Survey.Provider.EXTERNAL, performed_on=dt.date(2026, 10, 1)
    )
    verify = reverse("surveys:survey_verify", args=[survey.pk])
    _post_invalid(logged_in, verify, {"verified_on": "2026-09-01"}, "før kartleggingen")
    logged_in.post(verify, {"verified_on": "2026-11-20"})
    survey.refresh_from_db()
    assert survey.verified_on == dt.date(2026, 11, 20)
    assert survey.verified_by == advisor


def test_finding(logged_in, company):
    survey = SurveyFactory(company=company)
    create = reverse("surveys:finding_create", args=[survey.pk])
    _post_invalid(logged_in, create, {"description": "", "severity": "LOW"}, "Feltet er påkrevet.")
    logged_in.post(create, {"description": "Trekk fra vindu", "severity": "LOW"})
    finding = Finding.objects.get()
    assert finding.survey == survey
    logged_in.post(
        reverse("surveys:finding_update", args=[finding.pk]),
        {"description": "Kraftig trekk", "severity": "HIGH"},
    )
    finding.refresh_from_db()
    assert finding.severity == "HIGH"


def _formset(*hazards):
    data = {"farer-TOTAL_FORMS": "3", "farer-INITIAL_FORMS": "0"}
    for i, hazard in enumerate(hazards):
        data |= {f"farer-{i}-{k}": v for k, v in hazard.items()}
    return data


def test_risk_assessment_with_hazards(logged_in, company):
    create = reverse("surveys:risk_assessment_create", args=[company.pk])
    assert 'name="farer-0-probability"' in logged_in.get(create).content.decode()
    data = {"performed_on": "2026-11-01", "title": "Lager og truck"}
    logged_in.post(
        create,
        data
        | _formset(
            {"description": "Påkjørsel av truck", "probability": "2", "consequence": "5"},
            {"description": "Tunge løft", "probability": "4", "consequence": "2"},
        ),
    )
    assessment = RiskAssessment.objects.get()
    assert sorted(h.score for h in assessment.hazards.all()) == [8, 10]


@pytest.mark.parametrize("probability", ["6", "0", "-1"])
def test_probability_outside_1_to_5_is_refused(logged_in, company, probability):
    message = "Velg et tall fra 1 til 5."
    data = {"performed_on": "2026-11-01", "title": "Lager"}
    hazard = {"description": "Fall", "probability": probability, "consequence": "3"}
    _post_invalid(
        logged_in,
        reverse("surveys:risk_assessment_create", args=[company.pk]),
        data | _formset(hazard),
        message,
    )
    assessment = RiskAssessmentFactory(company=company)
    _post_invalid(
        logged_in,
        reverse("surveys:hazard_create", args=[assessment.pk]),
        {"description": "Fall", "probability": "3", "consequence": probability},
        message,
    )
    assert not Hazard.objects.exists()


def test_safety_round(logged_in, company):
    create = reverse("surveys:safety_round_create", args=[company.pk])
    _post_invalid(
        logged_in,
        create,
        {"performed_on": "2027-01-01", "location": "Byggeplass"},
        "Datoen kan ikke være etter dagens dato.",
    )
    logged_in.post(create, {"performed_on": "2026-11-24", "location": "Byggeplass Bjørvika"})
    assert SafetyRound.objects.get().location == "Byggeplass Bjørvika"


def test_action_item_valid_saves(logged_in, company, advisor):
    survey = SurveyFactory(company=company)
    finding = FindingFactory(survey=survey)
    create = reverse("surveys:action_item_create", args=[company.pk])
    logged_in.post(create, ITEM | {"finding": finding.pk})
    item = ActionItem.objects.get()
    assert item.survey == survey  # the finding's survey, so it counts as its action plan
    assert item.due_date == dt.date(2027, 3, 1)
    assert item.history.first().history_user == advisor


def test_action_item_due_date_in_a_nonsense_year_is_refused(logged_in, company):
    _post_invalid(
        logged_in,
        reverse("surveys:action_item_create", args=[company.pk]),
        ITEM | {"due_date": "20227-03-01"},
        "Oppgi en gyldig dato.",
    )
    _post_invalid(
        logged_in,
        reverse("surveys:action_item_create", args=[company.pk]),
        ITEM | {"due_date": "2207-03-01"},
        "Datoen må være mellom år 2000 og 2100.",
    )


def test_not_applicable_without_reason_is_refused(logged_in, company):
    _post_invalid(
        logged_in,
        reverse("surveys:action_item_create", args=[company.pk]),
        ITEM | {"status": ActionItem.Status.NOT_APPLICABLE, "status_reason": ""},
        "Skriv en begrunnelse når tiltaket settes til «Ikke aktuelt».",
    )
    item = ActionItemFactory(company=company)
    _post_invalid(
        logged_in,
        reverse("surveys:action_item_status", args=[item.pk]),
        {"status": ActionItem.Status.NOT_APPLICABLE, "reason": "  "},
        "Skriv en begrunnelse når tiltaket settes til «Ikke aktuelt».",
    )
    logged_in.post(
        reverse("surveys:action_item_status", args=[item.pk]),
        {"status": ActionItem.Status.NOT_APPLICABLE, "reason": "Maskinen er solgt"},
    )
    item.refresh_from_db()
    assert item.status == ActionItem.Status.NOT_APPLICABLE


def test_action_item_cannot_link_another_companys_survey(logged_in, company):
    foreign = SurveyFactory(company=CompanyFactory())
    response = _post_invalid(
        logged_in,
        reverse("surveys:action_item_create", args=[company.pk]),
        ITEM | {"survey": foreign.pk},
        "Velg et gyldig valg.",
    )
    assert str(foreign) not in response.content.decode()


def test_action_item_edit_keeps_status_out_of_the_form(logged_in, company):
    item = ActionItemFactory(company=company, status=ActionItem.Status.DONE)
    update = reverse("surveys:action_item_update", args=[item.pk])
    assert 'name="status"' not in logged_in.get(update).content.decode()
    data = {k: v for k, v in ITEM.items() if k != "status"}
    logged_in.post(update, data | {"measure": "Nytt tiltak"})
    item.refresh_from_db()
    assert item.measure == "Nytt tiltak"
    assert item.status == ActionItem.Status.DONE


def test_delete_asks_first(logged_in, company, advisor):
    survey = SurveyFactory(company=company)
    delete = reverse("surveys:survey_delete", args=[survey.pk])
    page = logged_in.get(delete).content.decode()
    assert "Slette kartlegging?" in page
    assert "Ja, slett" in page
    assert Survey.objects.exists()
    response = logged_in.post(delete, follow=True)
    assert "Kartleggingen er slettet." in response.content.decode()
    assert not Survey.objects.exists()
