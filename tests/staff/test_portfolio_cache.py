"""The portfolio page is kept until something it shows can change, and never longer.

Every change is made through its service (or the admin), as users make it; after each one
the page served with whatever the cache holds must equal the page rendered with the cache
emptied, for an advisor and an issuer, filtered and not, in bokmål and English. A change
that neither raised the company's revision nor touched the company row would be served
from before it and fail the comparison.
"""

import datetime as dt
import random
import re
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates import services as certificate_services
from companies import services as company_services
from tests.certificates.scenarios import class_b_case
from tests.factories import (
    TODAY,
    ActionItemFactory,
    AdvisorFactory,
    CompanyFactory,
    valid_organisation_number,
)
from tests.staff.world import World, english_client

pytestmark = pytest.mark.django_db

PORTFOLIO = reverse("companies:portfolio")
_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=|nonce=)"[^"]*"')


def _html(client, query="") -> str:
    response = client.get(PORTFOLIO + query)
    assert response.status_code == 200
    return _TOKEN.sub(r"\1-", response.content.decode())


def _fresh(client, query="") -> str:
    caches["pages"].clear()
    return _html(client, query)


class PortfolioWorld(World):
    """The case page's changes, and those only the portfolio shows."""

    def __init__(self, rng, advisor, issuer, client_user, company, case, other_advisor):
        super().__init__(rng, advisor, issuer, client_user, company, case)
        self.other_advisor = other_advisor
        self.without_case = CompanyFactory(advisor=advisor, name="Uten Sak AS")

    def case_open(self):
        certificate_services.case_get_or_open(
            company=self.without_case, year=TODAY.year, actor=self.advisor
        )

    def company_reassigned(self):
        self.without_case.refresh_from_db()
        to = self.other_advisor if self.without_case.advisor == self.advisor else self.advisor
        company_services.company_update(company=self.without_case, actor=self.issuer, advisor=to)

    def company_created(self):
        company_services.company_create(
            actor=self.issuer,
            name=self._text("Ny Bedrift"),
            organisation_number=valid_organisation_number(90_000 + self.n),
            advisor=self.advisor,
        )

    def advisor_created(self):
        """An issuer filters by advisor: a new one is a new choice."""
        AdvisorFactory(first_name=self._text("Rådgiver"))

    CHANGES = (
        *World.CHANGES,
        "case_open",
        "company_reassigned",
        "company_created",
        "advisor_created",
    )


def _viewers(client, advisor, issuer):
    """(client, query) for each way the page varies: role, filter, language."""
    as_issuer = Client()
    as_issuer.force_login(issuer)
    client.force_login(advisor)
    return [
        (client, ""),
        (client, "?klasse=B"),
        (client, "?forfalt=on"),
        (english_client(advisor), ""),
        (as_issuer, ""),
        (as_issuer, f"?radgiver={advisor.pk}"),
    ]


@pytest.mark.parametrize("seed", [1, 2])
def test_after_any_change_the_portfolio_equals_one_rendered_afresh(
    client, advisor, other_advisor, issuer, client_user, company, case, seed
):
    rng = random.Random(seed)
    world = PortfolioWorld(rng, advisor, issuer, client_user, company, case, other_advisor)
    viewers = _viewers(client, advisor, issuer)
    for step in range(15):
        change = rng.choice(PortfolioWorld.CHANGES)
        viewer, query = rng.choice(viewers)
        _html(viewer, query)  # what the cache holds before the change
        getattr(world, change)()
        assert _html(viewer, query) == _fresh(viewer, query), f"step {step}: {change} {query}"


def test_every_kind_of_change_is_seen(
    client, advisor, other_advisor, issuer, client_user, company, case
):
    """Each change once, in order, on every kind of page (the seeds above draw at random)."""
    world = PortfolioWorld(
        random.Random(0), advisor, issuer, client_user, company, case, other_advisor
    )
    viewers = _viewers(client, advisor, issuer)
    for change in PortfolioWorld.CHANGES:
        for viewer, query in viewers:
            _html(viewer, query)
        getattr(world, change)()
        served = [_html(viewer, query) for viewer, query in viewers]
        fresh = [_fresh(viewer, query) for viewer, query in viewers]
        for (_, query), page, expected in zip(viewers, served, fresh, strict=True):
            assert page == expected, f"{change} {query}"


def test_issuing_and_revoking_show_at_once(client, issuer, today):
    case = class_b_case(today=today, name="Sertifisert AS")
    client.force_login(issuer)
    assert "Ingen gyldig" in _html(client)
    certificate = certificate_services.certificate_issue(case=case, klass="B", actor=issuer)
    issued = _html(client)
    assert "Ingen gyldig" not in issued
    assert issued == _fresh(client)
    certificate_services.certificate_revoke(certificate=certificate, reason="Feil", actor=issuer)
    revoked = _html(client)
    assert "Ingen gyldig" in revoked
    assert revoked == _fresh(client)


def test_the_next_day_is_a_page_of_its_own(client, advisor, company, case):
    """Overdue items and certificates in force change with the day, not with a service."""
    item = ActionItemFactory(company=company, due_date=TODAY + dt.timedelta(days=3))
    client.force_login(advisor)
    today = _html(client)
    assert 'class="has-overdue"' not in today
    oslo = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    after_due = dt.datetime.combine(item.due_date + dt.timedelta(days=1), dt.time(12), oslo)
    with time_machine.travel(after_due, tick=False):
        client.force_login(advisor)  # the session of four days ago has expired
        later = _html(client)
        assert later == _fresh(client)
    assert 'class="has-overdue"' in later and later != today


def test_a_kept_page_reads_three_queries_and_renders_nothing(client, advisor, company, case):
    client.force_login(advisor)
    first = client.get(PORTFOLIO)
    assert first.templates  # rendered
    with CaptureQueriesContext(connection) as queries:
        kept = client.get(PORTFOLIO)
    assert kept.status_code == 200
    assert not kept.templates  # nothing rendered: the page was kept
    assert len(queries) == 3  # session, user, the portfolio's version


def test_one_advisors_page_is_never_served_to_another(client, advisor, other_advisor, company):
    client.force_login(advisor)
    own = _html(client)
    assert company.name in own
    client.force_login(other_advisor)
    other = _html(client)
    assert company.name not in other
    assert other == _fresh(client)
