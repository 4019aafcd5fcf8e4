"""A form sent twice at the same moment has one effect; the other request is told it is done.

Two threads post the same form at once (a double click, two tabs, two colleagues): the
services lock the row (``select_for_update``) and re-check its state inside the
transaction, so the second waits for the first, sees the step done and answers with the
"already done" page linking to the result — never a 5xx.

The property is PostgreSQL's row locking, which CI runs the suite on as well as SQLite;
as in ``test_numbering_postgres``, on SQLite this module has nothing to test.
"""

import datetime as dt
import re
import threading

import pytest
from django.core import mail
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse

from accounts import services as account_services
from accounts.models import User
from certificates import services
from certificates.models import Certificate, CertificationCase, CertificationEvent
from tests.certificates.scenarios import class_b_case
from tests.factories import CaseFactory, CertificateFactory, CompanyFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locking is PostgreSQL's (run with DATABASE_URL)",
    ),
]

RACERS = 3


def _race(user, url, data) -> list:
    """POST ``data`` to ``url`` from RACERS threads released at once; their responses."""
    clients = []
    for _ in range(RACERS):
        client = Client()
        if user is not None:
            client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(RACERS)
    responses, errors = [], []

    def post(client):
        try:
            barrier.wait(timeout=10)
            responses.append(client.post(url, data))
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=post, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(responses) == RACERS
    return responses


def _outcomes(responses, racers=RACERS) -> tuple[list, list]:
    """(the successes, the "already done" pages); nothing else, and no 5xx, is allowed."""
    assert all(r.status_code < 500 for r in responses), [r.status_code for r in responses]
    done = [r for r in responses if b"data-already-done" in r.content]
    succeeded = [r for r in responses if r.status_code == 302]
    assert len(done) + len(succeeded) == racers, [r.status_code for r in responses]
    return succeeded, done


def test_issue(issuer, today):
    case = class_b_case(today=today)
    responses = _race(issuer, reverse("certificates:issue", args=[case.pk]), {"klass": "B"})
    succeeded, done = _outcomes(responses)
    certificate = Certificate.objects.get(case=case)
    assert len(succeeded) == 1 and len(done) == RACERS - 1
    for page in done:
        assert "Saken er allerede utstedt." in page.content.decode()
        assert certificate.get_absolute_url() in page.content.decode()
    assert CertificationEvent.objects.filter(kind="ISSUED", case=case).count() == 1


def test_revoke(issuer, today):
    certificate = services.certificate_issue(
        case=class_b_case(today=today), klass="B", actor=issuer
    )
    url = reverse("certificates:revoke", args=[certificate.pk])
    succeeded, done = _outcomes(_race(issuer, url, {"reason": "Avviklet"}))
    assert len(succeeded) == 1
    assert all("allerede tilbakekalt" in page.content.decode() for page in done)
    assert CertificationEvent.objects.filter(kind="REVOKED", certificate=certificate).count() == 1


def test_reissue(issuer, today):
    certificate = services.certificate_issue(
        case=class_b_case(today=today), klass="B", actor=issuer
    )
    url = reverse("certificates:reissue", args=[certificate.pk])
    succeeded, done = _outcomes(_race(issuer, url, {"reason": "Navnebytte"}))
    assert len(succeeded) == 1
    new = Certificate.objects.get(supersedes=certificate)
    assert Certificate.objects.filter(case=certificate.case).count() == 2
    for page in done:
        assert new.get_absolute_url() in page.content.decode()


def test_send_to_issuing(advisor, today):
    case = class_b_case(today=today, status=CertificationCase.Status.OPEN, advisor=advisor)
    url = reverse("cases:send_to_issuing", args=[case.pk])
    succeeded, done = _outcomes(_race(advisor, url, {}))
    # The winner is redirected back to the case, like the losers' pages link to it.
    assert len(done) == RACERS - len(succeeded) and len(succeeded) >= 1
    assert CertificationEvent.objects.filter(kind="SENT_TO_ISSUING", case=case).count() == 1
    assert all("allerede sendt til utstedelse" in page.content.decode() for page in done)


def test_reopen(advisor, today):
    case = class_b_case(today=today, advisor=advisor)
    url = reverse("cases:reopen", args=[case.pk])
    _succeeded, done = _outcomes(_race(advisor, url, {}))
    assert CertificationEvent.objects.filter(kind="REOPENED", case=case).count() == 1
    assert all("allerede åpen" in page.content.decode() for page in done)


def test_accept_an_invitation(issuer, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    company = CompanyFactory()
    account_services.invitation_create(company=company, email="ny@kunde.no", actor=issuer)
    path = re.search(r"(/invitasjon/[^/\s]+/)", mail.outbox[-1].body).group(1)
    password = "Fjellvann-og-blåbær-42"
    data = {
        "first_name": "Nora",
        "last_name": "Ny",
        "username": "ny@kunde.no",
        "password1": password,
        "password2": password,
    }
    responses = _race(None, path, data)
    # A request that arrives after the winner committed finds a used link (410, as for any
    # reused link); one that waited for the winner's lock is told the invitation is accepted.
    used = [r for r in responses if r.status_code == 410 and "allerede brukt" in r.content.decode()]
    succeeded, done = _outcomes([r for r in responses if r not in used], racers=RACERS - len(used))
    assert len(succeeded) == 1
    assert User.objects.filter(email="ny@kunde.no").count() == 1
    assert all("allerede godtatt" in page.content.decode() for page in done)


def test_issuing_while_the_superseded_certificate_is_revoked(issuer, today):
    """Issue (locks case and company, then the running certificate) beside a revoke of
    that certificate (locks it, then inserts an event naming the company): both finish."""
    case = class_b_case(today=today)
    old = CertificateFactory(
        case=CaseFactory(company=case.company, year=today.year - 1),
        valid_from=today - dt.timedelta(days=300),
        valid_until=today + dt.timedelta(days=64),
    )
    client = Client()
    client.force_login(issuer)
    barrier = threading.Barrier(2)
    responses, errors = [], []

    def post(url, data):
        try:
            barrier.wait(timeout=10)
            responses.append(client.post(url, data))
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(
            target=post, args=(reverse("certificates:issue", args=[case.pk]), {"klass": "B"})
        ),
        threading.Thread(
            target=post, args=(reverse("certificates:revoke", args=[old.pk]), {"reason": "Feil"})
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(r.status_code for r in responses) == [302, 302]
    old.refresh_from_db()
    assert old.is_revoked
    assert Certificate.objects.filter(case=case).count() == 1
