"""The public register pages without counting its rows, and searches through its index."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates.models import Certificate
from certificates.selectors import public_register
from tests.factories import CaseFactory, CertificateFactory, CompanyFactory

pytestmark = pytest.mark.django_db
REGISTER = reverse("certificates:register")


def _certificates(n, today, name="Bedrift {n:02d} AS"):
    for i in range(n):
        company = CompanyFactory(name=name.format(n=i))
        CertificateFactory(
            case=CaseFactory(company=company, year=today.year),
            company_name=company.name,
            organisation_number=company.organisation_number,
            klass="B",
            valid_from=today,
            valid_until=today + dt.timedelta(days=364),
        )


@pytest.mark.parametrize("n", [3, 60])
def test_a_register_page_is_one_query_whatever_the_number_of_certificates(client, today, n):
    _certificates(n, today)
    client.get(REGISTER)  # sessions, content types: the first request only
    with CaptureQueriesContext(connection) as queries:
        response = client.get(REGISTER, {"q": "bedrift"})
    assert response.status_code == 200
    register = [q["sql"] for q in queries if "certificates_certificate" in q["sql"]]
    assert len(register) == 1  # the page's rows, plus one to know there is a next page
    assert "COUNT(" not in register[0].upper()
    assert '"decision"' not in register[0]  # not the frozen decision nor the facts
    assert len(response.context["page"]) == min(n, 25)


def test_the_register_pages_forward_and_back(client, today):
    _certificates(30, today)
    first = client.get(REGISTER, {"q": "Bedrift"}).content.decode()
    assert "Bedrift 00 AS" in first and "Bedrift 25 AS" not in first
    assert "q=Bedrift&amp;side=2" in first and "Forrige" not in first
    second = client.get(REGISTER, {"q": "Bedrift", "side": 2}).content.decode()
    assert "Bedrift 25 AS" in second and "Bedrift 29 AS" in second
    assert "Side 2" in second and "side=1" in second and "side=3" not in second


@pytest.mark.parametrize("side", ["0", "x", "999", "99999999999999999999999"])
def test_a_page_that_is_not_there_shows_the_first(client, today, side):
    _certificates(3, today)
    response = client.get(REGISTER, {"side": side})
    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert "Bedrift 00 AS" in response.content.decode()


def test_the_name_search_is_case_blind_and_finds_inside_the_name(client, today):
    _certificates(2, today, name="Fjord Rør {n} AS")
    _certificates(1, today, name="Dal Data {n} AS")
    html = client.get(REGISTER, {"q": "rør"}).content.decode()
    assert "Fjord Rør 0 AS" in html and "Fjord Rør 1 AS" in html
    assert "Dal Data 0 AS" not in html


def test_the_name_search_uses_the_trigram_index_on_postgresql_only(today):
    """PostgreSQL: the plan can use it; SQLite: migration 0007 left nothing behind."""
    _certificates(3, today)
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
            assert "certificate_name_trgm" not in {row[0] for row in cursor.fetchall()}
            return
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: make the choice
    searched = Certificate.objects.filter(company_name__icontains="edrift")  # the lookup
    assert "certificate_name_trgm" in searched.explain()
    assert "bedrift 01 as" in {c.company_name.lower() for c in public_register("EDRIFT", today)}
