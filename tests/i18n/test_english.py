"""A client user switches the interface to English and back, as the language menu does."""

import re

import pytest
from django.urls import reverse

from surveys.models import ActionItem
from tests.factories import (
    ActionItemFactory,
    AdvisorFactory,
    CaseFactory,
    ClientUserFactory,
    CompanyFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    return CompanyFactory(name="Berg Regnskap AS")


@pytest.fixture
def worker(company):
    user = ClientUserFactory(username="arbeider", first_name="Ana", last_name="Silva")
    MembershipFactory(user=user, company=company)
    return user


@pytest.fixture
def item(company):
    return ActionItemFactory(
        company=company, measure="Montere rekkverk", status=ActionItem.Status.OPEN
    )


def choose(client, language, next_url="/"):
    """The footer's language menu: a POST to set_language, which redirects back."""
    response = client.post(reverse("set_language"), {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    return response


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_bokmal_is_the_default(client, worker, item):
    client.force_login(worker)

    html = page(client, reverse("portal:dashboard"))

    assert '<html lang="nb">' in html
    assert "Min side – Berg Regnskap AS" in html
    assert "Tiltak i handlingsplanen" in html


def test_a_client_switches_min_side_to_english(client, worker, item):
    client.force_login(worker)

    choose(client, "en", reverse("portal:dashboard"))
    html = page(client, reverse("portal:dashboard"))

    assert '<html lang="en">' in html
    assert "My page – Berg Regnskap AS" in html
    assert "Action items in the action plan" in html
    assert "Not started" in html  # the item's status: a model choice
    assert "Log out" in html
    for norwegian in ("Min side", "Tiltak i handlingsplanen", "Ikke startet", "Logg ut"):
        assert norwegian not in html


def test_the_login_page_in_english_and_the_choice_survives_logging_in(client, worker):
    choose(client, "en", reverse("login"))

    html = page(client, reverse("login"))
    assert "Log in" in html
    assert "Forgotten your password?" in html
    assert "Logg inn" not in html

    response = client.post(
        reverse("login"),
        {"username": "arbeider", "password": "hemmelig-passord-1", "next": "/min-side/"},
    )
    assert response.status_code == 302
    assert "My page – Berg Regnskap AS" in page(client, "/min-side/")


@pytest.mark.parametrize(
    ("accept_language", "expected", "unexpected"),
    [
        ("en-GB,en;q=0.9", "Logg inn", "Log in"),  # an English browser: still bokmål
        ("nb-NO,nb;q=0.9,en;q=0.5", "Logg inn", "Log in"),
        ("pl-PL,pl;q=0.9", "Logg inn", "Log in"),
    ],
)
def test_before_choosing_the_interface_is_bokmal_whatever_the_browser(
    client, accept_language, expected, unexpected
):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=accept_language).content.decode()

    assert expected in html
    assert unexpected not in html


def test_form_errors_and_messages_are_in_english(client, worker, item):
    client.force_login(worker)
    choose(client, "en", reverse("portal:dashboard"))
    url = reverse("portal:action_item_update", args=[item.pk])

    response = client.post(url, {"status": "NOT_APPLICABLE", "reason": " "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Give a reason when the action item is set to “Not applicable”." in html
    assert "Skriv en begrunnelse" not in html

    response = client.post(
        url, {"status": "DONE", "comment": "Rekkverket er montert."}, follow=True
    )
    html = response.content.decode()
    assert "The action item has been updated." in html
    assert "Done" in html  # the new status
    assert "Tiltaket er oppdatert." not in html


def test_switching_back_to_bokmal_shows_norwegian_again(client, worker, item):
    client.force_login(worker)
    choose(client, "en", reverse("portal:dashboard"))
    assert "My page" in page(client, reverse("portal:dashboard"))

    choose(client, "nb", reverse("portal:dashboard"))
    html = page(client, reverse("portal:dashboard"))

    assert '<html lang="nb">' in html
    assert "Min side – Berg Regnskap AS" in html
    assert "My page" not in html


def test_plural_forms_in_english(client, company):
    """One employee, two employees: English has two forms, like bokmål."""
    advisor = AdvisorFactory(username="rita")
    company.advisor = advisor
    company.employee_count = 1
    company.save()
    case = CaseFactory(company=company)
    client.force_login(advisor)
    choose(client, "en")

    html = page(client, reverse("cases:detail", args=[case.pk]))
    assert re.search(r"\b1 employee\b(?!s)", html)

    company.employee_count = 2
    company.save()
    assert "2 employees" in page(client, reverse("cases:detail", args=[case.pk]))


def test_a_client_who_chose_english_reads_the_criteria_in_english(client, worker, company):
    CaseFactory(company=company)
    client.force_login(worker)
    choose(client, "en", reverse("portal:dashboard"))

    html = page(client, reverse("portal:dashboard"))

    assert "Verified physical survey in the last 12 months" in html
    assert "Certified in class A or higher the previous year" in html
    assert "Verifisert fysisk kartlegging siste 12 måneder" not in html


def test_every_text_of_the_engine_has_an_english_form():
    from hms_rules.texts import MESSAGES

    for key, (bokmal, english) in MESSAGES.items():
        assert bokmal.strip(), key
        assert english.strip(), key
        assert not set("æøåÆØÅ") & set(english), key
        assert bokmal.count("{") == english.count("{"), key


NO_SURVEY_EN = "No verified physical survey is recorded"
NO_SURVEY_NB = "Ingen verifisert fysisk kartlegging er registrert"


def test_a_client_who_chose_english_reads_what_is_missing_in_english(client, worker, company):
    CaseFactory(company=company)
    client.force_login(worker)
    assert NO_SURVEY_NB in page(client, reverse("portal:dashboard"))

    choose(client, "en", reverse("portal:dashboard"))
    html = page(client, reverse("portal:dashboard"))
    assert NO_SURVEY_EN in html
    assert NO_SURVEY_NB not in html


def test_the_case_page_and_the_portfolio_show_the_reasons_in_english(client, company):
    advisor = AdvisorFactory()
    company.advisor = advisor
    company.save()
    case = CaseFactory(company=company)
    client.force_login(advisor)
    choose(client, "en")

    html = page(client, reverse("cases:detail", args=[case.pk]))
    assert "Verified physical survey in the last 12 months" in html
    assert NO_SURVEY_EN in html
    assert NO_SURVEY_NB not in html

    portfolio = page(client, reverse("companies:portfolio"))
    assert NO_SURVEY_EN in portfolio  # the portfolio's "next missing"
    assert NO_SURVEY_NB not in portfolio
