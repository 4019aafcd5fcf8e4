"""Fixtures shared by the advisor-page tests (cases, companies, surveys).

``TODAY`` is frozen: the pages ask ``timezone.localdate()``, and the factories date
everything relative to ``tests.factories.TODAY``.
"""

import pytest
from django.utils import timezone

from tests.factories import (
    TODAY,
    AdvisorFactory,
    CaseFactory,
    ClientUserFactory,
    CompanyFactory,
    IssuerFactory,
    MembershipFactory,
)

_real_localdate = timezone.localdate


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """``timezone.localdate()`` answers TODAY (25.11.2026) throughout the test."""

    def localdate(value=None, timezone=None):
        return TODAY if value is None else _real_localdate(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return TODAY


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
