"""Fixtures shared by the client-portal, upload and invitation tests.

``timezone.localdate()`` is frozen at ``tests.factories.TODAY`` (25.11.2026), the date
the factories date everything from.
"""

import pytest
from django.utils import timezone

from tests.factories import (
    TODAY,
    AdvisorFactory,
    ClientUserFactory,
    CompanyFactory,
    IssuerFactory,
    MembershipFactory,
)

_real_localdate = timezone.localdate


@pytest.fixture(autouse=True)
def today(monkeypatch):
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
    user = ClientUserFactory(username="kari", first_name="Kari", last_name="Kunde")
    MembershipFactory(company=company, user=user)
    return user


@pytest.fixture
def other_client(other_company):
    user = ClientUserFactory(username="per", first_name="Per", last_name="Annen")
    MembershipFactory(company=other_company, user=user)
    return user


@pytest.fixture
def media_files(settings):
    """Every file stored under MEDIA_ROOT, as paths relative to it."""

    def files():
        root = settings.MEDIA_ROOT
        if not root.exists():
            return []
        return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())

    return files
