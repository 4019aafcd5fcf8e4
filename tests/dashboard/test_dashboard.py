"""The issuers' dashboard at /oversikt/."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.decisions import case_facts_changed
from certificates.models import CertificationCase
from dashboard.selectors import certificates_per_class_per_year
from tests.certificates.scenarios import class_b_case
from tests.factories import (
    TODAY,
    AdvisorFactory,
    CaseFactory,
    CertificateFactory,
    CompanyFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:home")


def certificate(company, *, valid_from, klass="A", **extra):
    """A certificate from ``valid_from`` for a year, on its own case of that year."""
    case = CaseFactory(company=company, year=valid_from.year, status="ISSUED")
    return CertificateFactory(
        case=case,
        klass=klass,
        valid_from=valid_from,
        valid_until=valid_from.replace(year=valid_from.year + 1) - dt.timedelta(days=1),
        **extra,
    )


def expiring_in(company, days: int, **extra):
    until = TODAY + dt.timedelta(days=days)
    return certificate(
        company, valid_from=until.replace(year=until.year - 1) + dt.timedelta(days=1), **extra
    )


def test_the_url():
    assert URL == "/oversikt/"


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["advisor", "client_user"])
def test_only_issuers(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403


def test_issuer_sees_it_and_the_nav_link(client, issuer):
    client.force_login(issuer)
    response = client.get(URL)
    assert response.status_code == 200
    assert f'href="{URL}"' in response.content.decode()


def test_the_nav_link_is_for_issuers_only(client, advisor):
    client.force_login(advisor)
    response = client.get(reverse("companies:portfolio"))
    assert f'href="{URL}"' not in response.content.decode()


def test_cases_ready_for_issuing_link_to_issuing(client, issuer):
    ready = class_b_case(today=TODAY, name="Klar Bedrift AS")
    CaseFactory(company=CompanyFactory(name="Åpen Bedrift AS"))
    client.force_login(issuer)
    response = client.get(URL)
    assert [case.company.name for case, _ in response.context["data"].ready] == ["Klar Bedrift AS"]
    page = response.content.decode()
    assert reverse("certificates:issue", args=[ready.pk]) in page
    assert "Åpen Bedrift AS" not in page


def test_certificates_expiring_within_90_days(client, issuer, company, other_company):
    soon = expiring_in(company, 10, klass="A+")
    edge = expiring_in(other_company, 90)
    expiring_in(CompanyFactory(name="Senere AS"), 91)
    expiring_in(CompanyFactory(name="Tilbakekalt AS"), 20, revoked_at=timezone.now())
    expiring_in(CompanyFactory(name="Utløpt AS"), -1)
    client.force_login(issuer)
    response = client.get(URL)
    assert response.context["data"].expiring == [soon, edge]
    page = response.content.decode()
    assert reverse("certificates:detail", args=[soon.pk]) in page
    assert f"{soon.valid_until:%d.%m.%Y}" in page
    for absent in ("Senere AS", "Tilbakekalt AS", "Utløpt AS"):
        assert absent not in page


def test_certificates_per_class_per_year(client, issuer, company, other_company):
    certificate(company, valid_from=dt.date(2024, 3, 1), klass="B")
    certificate(company, valid_from=dt.date(2025, 3, 1), klass="A")
    certificate(other_company, valid_from=dt.date(2025, 6, 1), klass="A")
    certificate(other_company, valid_from=dt.date(2026, 6, 1), klass="A+")
    client.force_login(issuer)
    response = client.get(URL)
    assert response.context["data"].per_year == {
        2024: {"B": 1},
        2025: {"A": 2},
        2026: {"A+": 1},
    }
    page = response.content.decode()
    assert '<svg class="hms-chart' in page
    assert 'role="img" aria-labelledby="chart-title chart-desc"' in page
    assert "<title>2025, klasse A: 2</title>" in page
    assert '<table class="table table-stack table-sm w-auto mt-2" id="chart-data">' in page
    assert "<script" not in page.split("<main")[1].split("</main>")[0]


def test_a_reissued_certificate_counts_once(issuer, company):
    """Reissuing revokes the old one and points it to its replacement: one certification."""
    new = certificate(company, valid_from=dt.date(2026, 6, 1))
    CertificateFactory(
        case=new.case,
        valid_from=dt.date(2026, 3, 1),
        valid_until=dt.date(2027, 2, 28),
        revoked_at=timezone.now(),
        superseded_by=new,
    )
    certificate(CompanyFactory(), valid_from=dt.date(2026, 2, 1), revoked_at=timezone.now())
    assert certificates_per_class_per_year(issuer) == {2026: {"A": 2}}


def test_chart_coordinates_are_not_localised(client, issuer, company):
    """Bokmål writes 12,5; SVG needs 12.5."""
    for year in (2023, 2024, 2025):
        certificate(CompanyFactory(), valid_from=dt.date(year, 1, 1), klass="B")
    certificate(company, valid_from=dt.date(2026, 1, 1), klass="A")
    client.force_login(issuer)
    svg = client.get(URL).content.decode().split("<svg")[1].split("</svg>")[0]
    numbers = re.findall(r'\b(?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', svg)
    assert len(numbers) > 20
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", number) for number in numbers), numbers
    assert any("." in number for number in numbers)


def test_no_chart_without_certificates(client, issuer):
    client.force_login(issuer)
    page = client.get(URL).content.decode()
    assert "<svg" not in page
    assert "Ingen sertifikater er utstedt ennå." in page


def test_open_cases_per_advisor(client, issuer, advisor, other_advisor, company, other_company):
    CaseFactory(company=company, year=2026)
    CaseFactory(company=company, year=2025, status=CertificationCase.Status.READY)
    CaseFactory(company=company, year=2024, status=CertificationCase.Status.ISSUED)
    CaseFactory(company=other_company, year=2026, status=CertificationCase.Status.READY)
    CaseFactory(company=CompanyFactory(advisor=None), year=2026)
    AdvisorFactory(username="gone", is_active=False)
    client.force_login(issuer)
    rows = client.get(URL).context["data"].advisors
    counts = {
        (row.advisor.username if row.advisor else None): (row.open_count, row.ready_count)
        for row in rows
    }
    assert counts == {"otto": (0, 1), "rita": (1, 1), None: (1, 0)}


def _busy(size: int) -> None:
    advisors = [AdvisorFactory() for _ in range(3)]
    for n in range(size):
        case = class_b_case(today=TODAY, advisor=advisors[n % 3], name=f"Klar {n} AS")
        certificate(
            case.company, valid_from=dt.date(2021 + n % 4, 1 + n % 12, 1), klass="AB"[n % 2]
        )
        expiring_in(CompanyFactory(advisor=advisors[n % 3]), n % 90)


# Measured: 13 at 2 and at 25 of everything: session, user, the ready queue and its six
# fact queries, expiring, per class per year, advisors, cases without an advisor; and, as
# the first read stores the queue's decisions, the stored decisions, savepoint, lock, the
# write and release (18).
DASHBOARD_MAX_QUERIES = 18


@pytest.mark.parametrize("size", [2, 25])
def test_query_count_does_not_grow(client, issuer, size, django_assert_max_num_queries):
    _busy(size)
    client.force_login(issuer)
    with django_assert_max_num_queries(DASHBOARD_MAX_QUERIES):
        response = client.get(URL)
    assert len(response.context["data"].ready) == size


def test_the_ready_queue_shows_the_stored_decision_until_a_fact_changes(client, issuer):
    """Read, not recomputed: a fact written behind the services' back (no stale mark)
    does not show until the decision is marked stale, as every service and admin edit do."""
    ready = class_b_case(today=TODAY, name="Klar Bedrift AS")
    client.force_login(issuer)
    assert client.get(URL).context["data"].ready[0][1].eligible_class == "B"
    ready.company.surveys.all().delete()  # not through a service: nothing marked
    assert client.get(URL).context["data"].ready[0][1].eligible_class == "B"
    case_facts_changed(company=ready.company)
    assert client.get(URL).context["data"].ready[0][1].eligible_class is None
