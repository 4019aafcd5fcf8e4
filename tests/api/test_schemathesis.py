"""Every operation of the API, fuzzed against its own OpenAPI schema (schemathesis).

The schema is loaded from the WSGI app (/api/schema/), and each operation is called with
generated input, with an issuer's read-write key (so the key-only operations are reached
past authentication) and with data behind some ids. Any 5xx, or a response that does not
match the schema, fails the test. The examples per operation are bounded so that the
whole run stays well under a minute.
"""

import pytest
import schemathesis
from django.core.cache import caches
from hypothesis import HealthCheck, settings

from api.models import ApiKey
from hms_cert.wsgi import application
from tests.api.conftest import make_key
from tests.factories import ActionItemFactory, CertificateFactory, IssuerFactory

EXAMPLES = 25


# Loaded when the module is collected: building the schema reads no database. (The lazy
# ``schemathesis.pytest.from_fixture`` reads a pytest internal that pytest 9 no longer has.)
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def issuer_key(transactional_db, settings):
    settings.API_PUBLIC_RATE = "100000/min"
    caches["api_throttle"].clear()
    certificate = CertificateFactory()
    ActionItemFactory(company=certificate.company)
    _key, secret = make_key(IssuerFactory(), access=ApiKey.Access.READ_WRITE)
    return secret


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_matches_its_schema(case, issuer_key):
    case.call_and_validate(headers={"Authorization": f"Api-Key {issuer_key}"})
