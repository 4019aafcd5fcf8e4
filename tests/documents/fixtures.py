"""Fixtures shared by the client-portal, upload and invitation tests.

``timezone.localdate()`` is frozen at ``tests.factories.TODAY`` (25.11.2026), the date
the factories date everything from.
"""

import pytest

from tests.factories import ClientUserFactory, MembershipFactory
from tests.staff.fixtures import (  # noqa: F401 - the advisor-page fixtures, shared
    advisor,
    client_user,
    company,
    issuer,
    other_advisor,
    other_company,
    today,
)


@pytest.fixture
def other_client(other_company):  # noqa: F811 - pytest passes the fixture
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
