"""Fixtures shared by the advisor-page tests (cases, companies, surveys).

``TODAY`` is frozen: the pages ask ``timezone.localdate()``, and the factories date
everything relative to ``tests.factories.TODAY``.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories import (
    TODAY,
    AdvisorFactory,
    CaseFactory,
    ClientUserFactory,
    CompanyFactory,
    IssuerFactory,
    MembershipFactory,
)


@pytest.fixture(autouse=True)
def today():
    """The clock stands at TODAY (25.11.2026), 12:00 in Oslo, and ticks on from there.

    time-machine moves every clock (``now()``, ``localdate()``, ``date.today()``), so a
    timestamp and a date taken in the same test agree.
    """
    noon = dt.datetime.combine(TODAY, dt.time(12), tzinfo=ZoneInfo("Europe/Oslo"))
    with time_machine.travel(noon, tick=True):
        yield TODAY


@pytest.fixture
def advisor(db):
    return AdvisorFactory(username="rita", first_name="Rita", last_name="Rådgiver")


@pytest.fixture
def other_advisor(db):
    return AdvisorFactory(username="otto", first_name="Otto", last_name="Annen")


@pytest.fixture
def issuer(db):
    return IssuerFactory(username="ulf", first_name="Ulf", last_name="Utsteder")


@pytest.fixture
def company(advisor):
    return CompanyFactory(name="Egen Bedrift AS", advisor=advisor)


@pytest.fixture
def other_company(other_advisor):
    return CompanyFactory(name="Annens Bedrift AS", advisor=other_advisor)


@pytest.fixture
def client_user(company):
    """A client user who is a member of ``company`` itself: still no advisor pages."""
    user = ClientUserFactory(username="kari", first_name="Kari", last_name="Kunde")
    return MembershipFactory(company=company, user=user).user


@pytest.fixture
def case(company):
    return CaseFactory(company=company, year=TODAY.year)


@pytest.fixture
def other_case(other_company):
    return CaseFactory(company=other_company, year=TODAY.year)
