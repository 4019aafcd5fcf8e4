"""Admin edits of a case's facts reach the portfolio at once: they mark the stored decision
stale, as the services do, so its class is not the one from before the edit."""

import datetime as dt

import pytest
from django.urls import reverse

from certificates.models import StoredDecision
from tests.factories import (
    TODAY,
    ActionItemFactory,
    FindingFactory,
    RiskAssessmentFactory,
    SurveyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
PORTFOLIO = reverse("companies:portfolio")


@pytest.fixture
def superuser():
    return UserFactory(username="root", role="ISSUER", is_staff=True, is_superuser=True)


@pytest.fixture
def survey(company, case):
    """The one physical survey of a class B company (with a finding, for the inline)."""
    survey = SurveyFactory(company=company)
    FindingFactory(survey=survey)
    ActionItemFactory(company=company, survey=survey)
    RiskAssessmentFactory(company=company)
    return survey


def _names(client, **query):
    return {row.company.name for row in client.get(PORTFOLIO, query).context["rows"]}


def _change_form_data(response) -> dict:
    """What the admin's change form would post back unchanged, inlines included."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None and value is not False:
                data[form.add_prefix(name)] = value
    return data


def test_an_admin_edit_of_a_survey_changes_the_portfolio_class(
    client, advisor, superuser, company, survey
):
    client.force_login(advisor)
    assert company.name in _names(client, klasse="B")  # stored now, valid until it changes
    client.force_login(superuser)
    url = reverse("admin:surveys_survey_change", args=[survey.pk])
    data = _change_form_data(client.get(url))
    data["performed_on"] = (TODAY - dt.timedelta(days=500)).isoformat()  # out of B1's window
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert StoredDecision.objects.get(pk=company.pk).stale
    client.force_login(advisor)
    assert company.name not in _names(client, klasse="B")
    assert company.name in _names(client, klasse="none")


def test_the_admin_delete_action_changes_the_portfolio_class(
    client, advisor, superuser, company, survey
):
    client.force_login(advisor)
    assert company.name in _names(client, klasse="B")
    client.force_login(superuser)
    response = client.post(
        reverse("admin:surveys_survey_changelist"),
        {"action": "delete_selected", "_selected_action": [survey.pk], "post": "yes"},
    )
    assert response.status_code == 302
    client.force_login(advisor)
    assert company.name in _names(client, klasse="none")


def test_an_admin_edit_of_the_company_marks_its_decision_stale(
    client, advisor, superuser, company, survey
):
    client.force_login(advisor)
    _names(client)
    assert not StoredDecision.objects.get(pk=company.pk).stale
    client.force_login(superuser)
    url = reverse("admin:companies_company_change", args=[company.pk])
    data = _change_form_data(client.get(url)) | {"off_site_work": "on"}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert StoredDecision.objects.get(pk=company.pk).stale
