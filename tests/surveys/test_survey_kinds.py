"""A survey's form shows, and its services accept, only the fields of the survey's kind."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from surveys import services
from surveys.models import Survey
from tests.factories import TODAY, PsychosocialSurveyFactory, SurveyFactory
from tests.staff.matrix import snapshot

pytestmark = pytest.mark.django_db

PSYCHOSOCIAL_ONLY = ("report_reviewed", "formal_conversations", "no_new_survey_needed")
PHYSICAL = {
    "performed_on": TODAY.isoformat(),
    "provider": Survey.Provider.BEDRIFTSTJENESTEN,
    "summary": "Verksted og lager",
    "has_written_report": "on",
}


@pytest.fixture
def logged_in(client, advisor):
    client.force_login(advisor)
    return client


def _create_url(company, kind=None):
    url = reverse("surveys:survey_create", args=[company.pk])
    return f"{url}?type={kind}" if kind else url


def test_the_physical_form_has_no_psychosocial_fields(logged_in, company):
    html = logged_in.get(_create_url(company, "physical")).content.decode()
    assert "Ny fysisk kartlegging" in html
    assert 'name="has_written_report"' in html
    assert 'name="kind"' not in html
    for name in PSYCHOSOCIAL_ONLY:
        assert f'name="{name}"' not in html


def test_the_psychosocial_form_has_them(logged_in, company):
    html = logged_in.get(_create_url(company, "psychosocial")).content.decode()
    assert "Ny psykososial kartlegging" in html
    for name in PSYCHOSOCIAL_ONLY:
        assert f'name="{name}"' in html


def test_the_form_with_a_choice_of_kind_marks_them_for_the_script(logged_in, company):
    html = logged_in.get(_create_url(company)).content.decode()
    assert "data-kind-choice" in html
    assert html.count('data-kind-only="psychosocial"') == len(PSYCHOSOCIAL_ONLY)


def test_a_physical_survey_is_saved_from_its_own_form(logged_in, company):
    logged_in.post(_create_url(company, "physical"), PHYSICAL | {"formal_conversations": "on"})
    survey = Survey.objects.get()
    assert survey.kind == Survey.Kind.PHYSICAL
    assert not survey.formal_conversations  # not a field of this form: ignored


def test_a_physical_survey_with_psychosocial_fields_is_refused(logged_in, company):
    before = snapshot()
    data = PHYSICAL | {"kind": "physical", "formal_conversations": "on", "report_reviewed": "on"}
    response = logged_in.post(_create_url(company), data)
    assert response.status_code == 200
    assert response.content.decode().count("Gjelder bare psykososiale kartlegginger.") == 2
    assert snapshot() == before


def test_a_psychosocial_survey_keeps_them(logged_in, company):
    data = PHYSICAL | {"formal_conversations": "on", "no_new_survey_needed": "on"}
    logged_in.post(_create_url(company, "psychosocial"), data)
    survey = Survey.objects.get()
    assert survey.kind == Survey.Kind.PSYCHOSOCIAL
    assert survey.formal_conversations and survey.no_new_survey_needed


def test_the_service_refuses_them_for_a_physical_survey(company, advisor):
    with pytest.raises(ValidationError) as error:
        services.survey_create(
            company=company,
            actor=advisor,
            kind="physical",
            performed_on=TODAY,
            no_new_survey_needed=True,
        )
    assert "no_new_survey_needed" in error.value.message_dict
    assert not Survey.objects.exists()


def test_changing_a_survey_to_physical_with_them_set_is_refused(company, advisor):
    survey = PsychosocialSurveyFactory(company=company)
    with pytest.raises(ValidationError):
        services.survey_update(survey=survey, actor=advisor, kind="physical")
    survey.refresh_from_db()
    assert survey.kind == Survey.Kind.PSYCHOSOCIAL


def test_a_physical_survey_is_updated_as_before(company, advisor):
    survey = SurveyFactory(company=company)
    services.survey_update(survey=survey, actor=advisor, summary="Ny tekst")
    survey.refresh_from_db()
    assert survey.summary == "Ny tekst"
