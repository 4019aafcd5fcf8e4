import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import AdvisorFactory, IssuerFactory


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def issuer(db):
    return IssuerFactory(first_name="Ulf", last_name="Utsteder")


@pytest.fixture
def advisor(db):
    return AdvisorFactory()


@pytest.fixture
def next_year(today):
    return today + dt.timedelta(days=365)
