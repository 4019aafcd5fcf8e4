"""Parallel POSTs against a SQLite *file* database, as ``make run`` serves it.

Run by ``test_sqlite_concurrency`` in a subprocess (the test suite's own SQLite database is
in memory, where locking works differently): ``python -m tests.production.sqlite_race DIR``.
It migrates ``DIR/db.sqlite3`` (a fresh file, or a copy of the suite's migrated template
given in HMS_TEST_DB_TEMPLATE, 7 CPU-seconds less), builds the cases, fires each kind of
POST from several threads at once (a double click, or five) and prints one JSON line: the
statuses per kind and what was saved.
"""

import datetime as dt
import json
import os
import shutil
import sys
import threading
from pathlib import Path

CLICKS = 4


def _setup(folder: Path) -> None:
    if os.environ.get("HMS_TEST_DB_TEMPLATE"):
        shutil.copyfile(os.environ["HMS_TEST_DB_TEMPLATE"], folder / "db.sqlite3")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'db.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "hms_cert.settings"
    os.environ["DEBUG"] = "true"  # as `make run` has it (plain HTTP, unhashed static files)
    os.environ["EMAIL_URL"] = "memorymail://"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["LOG_LEVEL"] = "ERROR"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _race(make_client, method_path_data) -> list[int]:
    """CLICKS threads, each with its own client and connection, released together."""
    from django.db import connection

    start = threading.Barrier(CLICKS)
    statuses = []

    def click():
        client = make_client()
        start.wait()
        try:
            path, data = method_path_data
            statuses.append(client.post(path, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(CLICKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


def main(folder: Path) -> None:
    _setup(folder)
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import Invitation, User
    from accounts.tokens import hash_token, new_token
    from certificates.models import Certificate
    from certificates.services import certificate_issue
    from tests.certificates.scenarios import class_b_case
    from tests.factories import IssuerFactory

    issuer = IssuerFactory()
    today = timezone.localdate()

    def staff():
        client = Client()
        client.force_login(issuer)
        return client

    to_issue = class_b_case(today=today)
    to_revoke = certificate_issue(case=class_b_case(today=today), klass="B", actor=issuer)
    token = new_token()
    Invitation.objects.create(
        email="ny@example.no",
        company=to_issue.company,
        invited_by=issuer,
        token_hash=hash_token(token),
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    accept = {
        "first_name": "Nina",
        "last_name": "Ny",
        "username": "nina",
        "password1": "Et langt passord 2026",
        "password2": "Et langt passord 2026",
    }
    result = {
        "issue": _race(staff, (reverse("certificates:issue", args=[to_issue.pk]), {"klass": "B"})),
        "revoke": _race(
            staff,
            (reverse("certificates:revoke", args=[to_revoke.pk]), {"reason": "Feil utstedt"}),
        ),
        "accept": _race(Client, (reverse("accounts:invitation_accept", args=[token]), accept)),
        "certificates_of_case": Certificate.objects.filter(case=to_issue).count(),
        "revoked": Certificate.objects.filter(pk=to_revoke.pk, revoked_at__isnull=False).count(),
        "users_named_nina": User.objects.filter(username="nina").count(),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
