"""Two issuers clicking at once on PostgreSQL draw two consecutive numbers.

The property is PostgreSQL's row locking (``select_for_update``); CI runs the suite on
PostgreSQL as well as on SQLite, and on SQLite this module has nothing to test.
"""

import threading

import pytest
from django.db import close_old_connections, connection

from certificates import services
from certificates.models import Certificate
from tests.certificates.scenarios import class_b_case

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locking is PostgreSQL's (run with DATABASE_URL)",
    ),
]


def test_two_concurrent_issues_draw_two_consecutive_numbers(issuer, today):
    cases = [class_b_case(today=today) for _ in range(2)]
    barrier = threading.Barrier(2)
    errors = []

    def issue(case):
        try:
            barrier.wait(timeout=10)
            services.certificate_issue(case=case, klass="B", actor=issuer)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=issue, args=(case,)) for case in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert numbers == [f"HMS-{today.year}-00001", f"HMS-{today.year}-00002"]
