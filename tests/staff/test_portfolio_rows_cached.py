"""A portfolio row is rendered once for what it shows: a change to the row is a new row."""

import datetime as dt

import pytest

from companies.services import company_update
from surveys.services import action_item_set_status
from tests.factories import TODAY, ActionItemFactory, IssuerFactory

pytestmark = pytest.mark.django_db
PORTFOLIO = "/portefolje/"


def _page(client) -> str:
    return client.get(PORTFOLIO).content.decode()


def test_a_renamed_company_and_a_closed_overdue_item_show_at_once(client, advisor, company):
    item = ActionItemFactory(company=company, due_date=TODAY - dt.timedelta(days=2))
    client.force_login(advisor)
    before = _page(client)
    assert "Egen Bedrift AS" in before and 'class="has-overdue"' in before

    company_update(company=company, actor=IssuerFactory(), name="Nytt Navn AS")
    action_item_set_status(item=item, status="DONE", reason="", actor=advisor)

    after = _page(client)
    assert "Nytt Navn AS" in after and "Egen Bedrift AS" not in after
    assert 'class="has-overdue"' not in after


def test_the_same_row_in_english_is_not_the_bokmal_one(client, advisor, company):
    client.force_login(advisor)
    bokmal = _page(client)
    client.cookies["django_language"] = "en"
    english = _page(client)
    assert "Ingen gyldig" in bokmal
    assert "Ingen gyldig" not in english and "None valid" in english


def test_an_issuer_sees_the_advisor_column_an_advisor_does_not(client, advisor, company):
    client.force_login(advisor)
    as_advisor = _page(client)
    client.force_login(IssuerFactory())
    as_issuer = _page(client)
    assert "<td>Rita Rådgiver</td>" in as_issuer
    assert "<td>Rita Rådgiver</td>" not in as_advisor


def test_a_company_without_an_advisor_has_the_column_for_an_issuer_only(client, advisor, company):
    company.advisor = None
    company.save(update_fields=["advisor"])
    issuer = IssuerFactory()
    client.force_login(issuer)
    as_issuer = _page(client)
    assert "<td>–</td>" in as_issuer
