"""The case page and its cached parts (records sections, walks and rounds, trail) are never
stale and never leak.

Every change is made through its service (or the admin), as users make it; after each one
the page served with whatever the caches hold (the whole page in ``pages``, its parts in
``case_page``) must equal the page rendered with both emptied. A part that a change forgot
to mark (``companies.freshness.case_page_changed``), or a value the whole page's key
leaves out, would be served from before the change and fail the comparison.
"""

import datetime as dt
import random
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.functional import empty

from certificates import services as certificate_services
from surveys import services
from surveys.models import ActionItem, Area, Survey
from tests.certificates.scenarios import class_b_case
from tests.factories import (
    TODAY,
    CaseFactory,
    ClientUserFactory,
    CompanyFactory,
    MembershipFactory,
)
from tests.staff.world import World, english_client

pytestmark = pytest.mark.django_db

_VARYING = re.compile(r'(name="csrfmiddlewaretoken" value=|nonce=)"[^"]*"')


def _clear():
    caches["case_page"].clear()
    caches["case_pages"].clear()


@pytest.fixture(autouse=True)
def empty_cache():
    _clear()
    yield
    _clear()


def _url(case, **query):
    url = reverse("cases:detail", args=[case.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return _VARYING.sub(r"\1-", response.content.decode())


def _fresh(client, url) -> str:
    _clear()
    return _html(client, url)


def _viewers(client, advisor, issuer, case):
    """(client, url) for each way the page varies: role, language, what-if date."""
    as_issuer = Client()
    as_issuer.force_login(issuer)
    client.force_login(advisor)
    later = (TODAY + dt.timedelta(days=200)).isoformat()
    return [
        (client, _url(case)),
        (english_client(advisor), _url(case)),
        (client, _url(case, dato=later)),
        (as_issuer, _url(case)),
    ]


@pytest.mark.parametrize("seed", [1, 2])
def test_after_any_change_the_page_equals_one_rendered_afresh(
    client, advisor, issuer, client_user, company, case, seed
):
    rng = random.Random(seed)
    world = World(rng, advisor, issuer, client_user, company, case)
    viewers = _viewers(client, advisor, issuer, case)
    changes = [rng.choice(World.CHANGES) for _ in range(15)]
    for step, change in enumerate(changes):
        viewer, url = rng.choice(viewers)
        _html(viewer, url)  # what the cache holds before the change
        getattr(world, change)()
        served = _html(viewer, url)
        assert served == _fresh(viewer, url), f"step {step}: {change} ({url})"


def test_every_kind_of_change_is_seen(client, advisor, issuer, client_user, company, case):
    """Each change once, in order, on the advisor's page (the seeds above draw at random)."""
    world = World(random.Random(0), advisor, issuer, client_user, company, case)
    client.force_login(advisor)
    for change in World.CHANGES:
        before = _html(client, _url(case))
        getattr(world, change)()
        served = _html(client, _url(case))
        assert served == _fresh(client, _url(case)), change
        if change not in ("survey_verify", "send_to_issuing_or_reopen"):
            assert served != before, f"{change} changed nothing the page shows"


def test_the_what_if_date_and_the_language_are_their_own_entries(client, advisor, company, case):
    """An item due in 10 days is overdue on a date 20 days on, in English "Overdue"."""
    services.action_item_create(
        company=company,
        actor=advisor,
        area=Area.PHYSICAL,
        measure="Rydde lageret",
        responsible="Kari",
        due_date=TODAY + dt.timedelta(days=10),
        status=ActionItem.Status.IN_PROGRESS,
    )
    client.force_login(advisor)
    later = (TODAY + dt.timedelta(days=20)).isoformat()
    today_nb = _html(client, _url(case))
    later_nb = _html(client, _url(case, dato=later))
    later_en = _html(english_client(advisor), _url(case, dato=later))
    assert "action-item overdue" not in today_nb
    assert "action-item overdue" in later_nb and ">Forfalt<" in later_nb
    assert ">Overdue<" in later_en
    assert _html(client, _url(case)) == today_nb == _fresh(client, _url(case))


def test_issuing_and_revoking_show_at_once(client, issuer, today):
    """The certificates section is kept too: an issue and a revocation raise the revision."""
    case = class_b_case(today=today, name="Sertifisert AS")
    client.force_login(issuer)
    assert "Virksomheten har ingen sertifikater ennå." in _html(client, _url(case))
    certificate = certificate_services.certificate_issue(case=case, klass="B", actor=issuer)
    issued = _html(client, _url(case))
    assert certificate.number in issued
    assert issued == _fresh(client, _url(case))
    certificate_services.certificate_revoke(certificate=certificate, reason="Feil", actor=issuer)
    revoked = _html(client, _url(case))
    assert revoked != issued
    assert revoked == _fresh(client, _url(case))


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# A miss reads 19-20 queries (the confirmations, the records sections' 8 lists and the
# certificates; the rounds and the checklist walks; the trail's records and users, and an
# object a change names); a hit 6: the session and user, the case, the stored decision,
# the revision and the trail's keys. A hit of the parts alone (the page not kept, e.g. for
# another user) reads the same 6.
CASE_PAGE_MISS_QUERIES = 20
CASE_PAGE_HIT_QUERIES = 6


def test_a_hit_reads_fewer_queries_and_as_many_for_a_small_and_a_large_company(
    client, advisor, issuer, client_user, company, case
):
    World(random.Random(0), advisor, issuer, client_user, company, case)
    large = CaseFactory(company=CompanyFactory(advisor=advisor))
    member = MembershipFactory(company=large.company, user=ClientUserFactory()).user
    world = World(random.Random(1), advisor, issuer, member, large.company, large)
    for change in World.CHANGES * 2:
        getattr(world, change)()
    client.force_login(advisor)
    for subject in (case, large):
        client.get(_url(subject))  # stores the decision
        _clear()
        miss = _queries(client, _url(subject))
        assert _queries(client, _url(subject)) == CASE_PAGE_HIT_QUERIES < miss
        assert miss <= CASE_PAGE_MISS_QUERIES
        assert client.get(_url(subject)).context is None  # the whole page: no template
        caches["case_pages"].clear()
        assert _queries(client, _url(subject)) == CASE_PAGE_HIT_QUERIES
        caches["case_pages"].clear()
        response = client.get(_url(subject))
        assert response.context["records"]._wrapped is empty  # a hit never reads them
        assert response.context["questionnaire_rounds"]._wrapped is empty


def test_cached_parts_never_cross_companies_or_roles(
    client, advisor, other_advisor, issuer, client_user, company, case, other_case
):
    world = World(random.Random(0), advisor, issuer, client_user, company, case)
    world.survey_create()
    secret = Survey.objects.filter(company=company).order_by("pk").last().summary
    client.force_login(advisor)
    assert secret in _html(client, _url(case))  # now in the cache

    client.force_login(other_advisor)
    assert client.get(_url(case)).status_code == 404
    other = _html(client, _url(other_case))
    assert secret not in other
    assert other == _fresh(client, _url(other_case))

    client.force_login(client_user)
    assert client.get(_url(case)).status_code in (403, 404)

    client.force_login(issuer)
    cached = _html(client, _url(case))
    assert secret in cached
    assert cached == _fresh(client, _url(case))


def test_checklist_walks_and_questionnaire_rounds_show_at_once(
    client, advisor, client_user, company, case
):
    """The walks are kept under the trail's key (their and their documents' history), the
    rounds under the revision (a round's start and close raise it)."""
    from documents.models import Document
    from documents.services import document_reject
    from fieldwork import services as fieldwork_services
    from questionnaires import services as questionnaire_services
    from tests.fieldwork.helpers import finished

    client.force_login(advisor)
    url = _url(case)
    seen = [_html(client, url)]

    def shown_at_once(text: str) -> None:
        served = _html(client, url)
        assert text in served
        assert served == _fresh(client, url)
        assert served not in seen
        seen.append(served)
        _html(client, url)  # kept again for the next change

    inspection = finished(company, client_user)
    shown_at_once("Rapport (PDF)")
    document = Document.objects.get(survey=inspection.survey)
    document_reject(document=document, actor=advisor, comment="Verneombudet må delta.")
    shown_at_once("Verneombudet må delta.")
    fieldwork_services.inspection_reopen(inspection=inspection, actor=client_user)
    shown_at_once("sendt tilbake, åpnet for retting")

    round_ = questionnaire_services.round_start(
        company=company, actor=advisor, employee_count=5, closes_on=TODAY + dt.timedelta(days=14)
    )
    shown_at_once(f"Spørreundersøkelse startet {TODAY:%d.%m.%Y}")
    questionnaire_services.round_close(round_=round_, actor=advisor)
    shown_at_once("· stengt")


def test_the_next_day_the_page_is_assessed_on_that_day(client, advisor, company, case):
    """The whole page is kept under today's date too: tomorrow it says tomorrow, also on
    a "what if" date (which names today)."""
    what_if = _url(case, dato=(TODAY + dt.timedelta(days=30)).isoformat())
    client.force_login(advisor)
    assert f"Vurdering i dag, {TODAY:%d.%m.%Y}" in _html(client, _url(case))
    assert f"Dette er ikke dagens status ({TODAY:%d.%m.%Y})" in _html(client, what_if)
    tomorrow = TODAY + dt.timedelta(days=1)
    noon = dt.datetime.combine(tomorrow, dt.time(12), tzinfo=ZoneInfo("Europe/Oslo"))
    with time_machine.travel(noon, tick=False):
        client.force_login(advisor)  # yesterday's session has run out
        served = _html(client, _url(case))
        assert f"Vurdering i dag, {tomorrow:%d.%m.%Y}" in served
        assert served == _fresh(client, _url(case))
        served = _html(client, what_if)
        assert f"Dette er ikke dagens status ({tomorrow:%d.%m.%Y})" in served
        assert served == _fresh(client, what_if)
