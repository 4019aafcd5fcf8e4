"""Three clicks at once on "Lagre" make one row (PostgreSQL: real concurrent transactions).

SQLite's in-memory test database is one shared-cache connection pool that refuses
concurrent writers outright, so the race itself is run on PostgreSQL (CI runs the suite on
both); tests/submissions/test_double_submission.py checks the same guard sequentially on both.
"""

import threading

import pytest
from django.db import connection
from django.test import Client

from surveys.models import ActionItem
from tests.factories import AdvisorFactory, CompanyFactory
from tests.submissions.test_double_submission import create_url, item_data

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writers need PostgreSQL (run with DATABASE_URL)",
    ),
]


def test_three_concurrent_posts_of_a_create_form_make_one_row():
    advisor = AdvisorFactory()
    company = CompanyFactory(advisor=advisor)
    results = []
    barrier = threading.Barrier(3)

    browsers = []
    for _ in range(3):
        browsers.append(Client())
        browsers[-1].force_login(advisor)

    def post(browser):
        barrier.wait(timeout=30)
        try:
            results.append(browser.post(create_url(company), item_data()).status_code)
        except Exception as error:  # the test reports it, not the thread
            results.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(b,)) for b in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert ActionItem.objects.filter(company=company).count() == 1
    assert results == [302, 302, 302]
