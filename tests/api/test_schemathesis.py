"""Every operation of the API, fuzzed against its own OpenAPI schema (schemathesis).

The schema is loaded from the WSGI app (/api/schema/), and each operation is called with
generated input, with an issuer's read-write key (so the key-only operations are reached
past authentication) and with data behind some ids. Any 5xx, or a response that does not
match the schema, fails the test. The examples per operation are bounded so that the
whole run stays well under a minute.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.cache import caches
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from api.models import ApiKey
from hms_cert.wsgi import application
from tests.api.conftest import make_key
from tests.factories import ActionItemFactory, CertificateFactory, IssuerFactory

EXAMPLES = 20


# Loaded when the module is collected: building the schema reads no database. (The lazy
# ``schemathesis.pytest.from_fixture`` reads a pytest internal that pytest 9 no longer has.)
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
# The current test's key; schemathesis sends it (auth below) except where it tests that
# a missing or wrong key is refused.
_KEY = {}


@schema.auth(refresh_interval=None, retry_on=[])
class ApiKeyAuth:
    def get(self, case, context):
        return _KEY.get("secret", "")

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Api-Key {data}"}


@pytest.fixture
def wsgi_in_test_transaction():
    """The WSGI app is called as a server would; at each request's start and end Django
    closes a connection that is inside a transaction, which would close the test's own
    (PostgreSQL). Django's test client turns the same signal off for the same reason."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def issuer_key(db, settings, wsgi_in_test_transaction):
    settings.API_PUBLIC_RATE = "100000/min"
    settings.API_KEY_RATE = "100000/min"
    caches["api_throttle"].clear()
    certificate = CertificateFactory()
    ActionItemFactory(company=certificate.company)
    _key, _KEY["secret"] = make_key(IssuerFactory(), access=ApiKey.Access.READ_WRITE)
    yield
    _KEY.clear()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_matches_its_schema(case, issuer_key):
    case.call_and_validate()
