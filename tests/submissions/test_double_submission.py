"""A form sent twice (a double click, a resend on a slow line) takes effect once."""

import pytest
from django.urls import reverse

from submissions.models import FormSubmission
from surveys.models import ActionItem
from tests.factories import AdvisorFactory, CompanyFactory

TOKEN = "0123456789abcdef0123456789abcdef"


def item_data(**extra):
    return {
        "area": "physical",
        "measure": "Skifte lysarmatur over arbeidsbenk",
        "responsible": "Kari Nordmann",
        "due_date": "2027-03-01",
        "status": "OPEN",
        "_submission": TOKEN,
    } | extra


@pytest.fixture
def advisor_company(db):
    advisor = AdvisorFactory()
    return advisor, CompanyFactory(advisor=advisor)


def create_url(company):
    return reverse("surveys:action_item_create", args=[company.pk])


def test_the_same_form_sent_three_times_makes_one_action_item(client, advisor_company):
    advisor, company = advisor_company
    client.force_login(advisor)

    responses = [client.post(create_url(company), item_data()) for _ in range(3)]

    assert ActionItem.objects.filter(company=company).count() == 1
    assert {r.status_code for r in responses} == {302}
    assert len({r["Location"] for r in responses}) == 1
    page = client.get(responses[-1]["Location"], follow=True)
    assert "Skjemaet var allerede sendt" in page.content.decode()


def test_two_forms_shown_separately_make_two_items(client, advisor_company):
    advisor, company = advisor_company
    client.force_login(advisor)

    client.post(create_url(company), item_data())
    client.post(create_url(company), item_data(_submission="f" * 32))

    assert ActionItem.objects.filter(company=company).count() == 2


def test_a_form_with_errors_can_be_corrected_and_sent_with_the_same_token(client, advisor_company):
    advisor, company = advisor_company
    client.force_login(advisor)

    refused = client.post(create_url(company), item_data(measure=""))
    accepted = client.post(create_url(company), item_data())

    assert refused.status_code == 200
    assert accepted.status_code == 302
    assert ActionItem.objects.filter(company=company).count() == 1


def test_one_users_token_does_not_block_another_user(client, advisor_company):
    advisor, company = advisor_company
    colleague = AdvisorFactory()
    other_company = CompanyFactory(advisor=colleague)
    client.force_login(advisor)
    client.post(create_url(company), item_data())

    client.force_login(colleague)
    client.post(create_url(other_company), item_data())

    assert ActionItem.objects.filter(company=other_company).count() == 1


def test_a_malformed_token_is_ignored_not_stored(client, advisor_company):
    advisor, company = advisor_company
    client.force_login(advisor)

    client.post(create_url(company), item_data(_submission="x' OR 1=1 --"))

    assert ActionItem.objects.filter(company=company).count() == 1
    assert not FormSubmission.objects.exists()
