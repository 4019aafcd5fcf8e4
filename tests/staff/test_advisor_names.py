"""Advisors are listed by name, not username, where staff choose one."""

import re

import pytest
from django.urls import reverse

from tests.factories import AdvisorFactory

pytestmark = pytest.mark.django_db


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


def test_the_portfolio_filter_names_the_advisors(client, issuer):
    AdvisorFactory(username="rita.r", first_name="Rita", last_name="Rådgiver")
    AdvisorFactory(username="u1234", first_name="", last_name="")
    client.force_login(issuer)
    html = client.get(reverse("companies:portfolio")).content.decode()
    options = _options(html, "radgiver")
    assert "Rita Rådgiver" in options
    assert "rita.r" not in options
    assert "u1234" in options  # no name: the username, as display_name says


def test_the_company_form_names_the_advisors(client, issuer):
    AdvisorFactory(username="rita.r", first_name="Rita", last_name="Rådgiver")
    client.force_login(issuer)
    html = client.get(reverse("companies:create")).content.decode()
    options = _options(html, "advisor")
    assert "Rita Rådgiver" in options
    assert "rita.r" not in options
