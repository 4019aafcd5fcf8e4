"""Fixtures of the production-readiness tests: the database "going down" on demand."""

from contextlib import contextmanager

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from tests.db_template import template_used
from tests.factories import AdvisorFactory, IssuerFactory


@pytest.fixture
def migrated_template(db):
    """The suite's migrated SQLite template (tests/db_template.py), or None on PostgreSQL.

    For a subprocess to start from a copy of it and migrate that (nothing left to apply)
    instead of migrating an empty file. ``db``: the worker's own test database, and with it
    the template, is set up first; the test itself uses a database of its own.
    """
    return template_used()


@contextmanager
def database_down(monkeypatch):
    """Every new cursor fails as it would with the server gone ("connection refused").

    Django reaches the database only through ``_cursor()`` (queries, savepoints, the health
    probe), so this is the whole database going away, not one function patched.
    """

    def refused(self, name=None):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(BaseDatabaseWrapper, "_cursor", refused)
        yield


@pytest.fixture
def advisor(db):
    return AdvisorFactory(username="rita")


@pytest.fixture
def issuer(db):
    return IssuerFactory(username="ulf", first_name="Ulf", last_name="Utsteder")
