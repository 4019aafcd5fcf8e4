"""The register and the portfolio as CSV and XLSX."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from hms_cert.spreadsheets import defuse
from tests.certificates.scenarios import class_b_case
from tests.factories import (
    TODAY,
    ActionItemFactory,
    CaseFactory,
    CertificateFactory,
    CompanyFactory,
)

pytestmark = pytest.mark.django_db


def register_url(fmt):
    return reverse("dashboard:register_export", kwargs={"fmt": fmt})


def portfolio_url(fmt):
    return reverse("dashboard:portfolio_export", kwargs={"fmt": fmt})


def csv_rows(response) -> list[list[str]]:
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def xlsx_sheet(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return workbook.active


def valid_certificate(company, **extra):
    return CertificateFactory(
        case=CaseFactory(company=company, year=2025, status="ISSUED"),
        valid_from=dt.date(2026, 3, 1),
        valid_until=dt.date(2027, 2, 28),
        **extra,
    )


def test_the_urls():
    assert register_url("csv") == "/oversikt/eksport/register.csv"
    assert register_url("xlsx") == "/oversikt/eksport/register.xlsx"
    assert portfolio_url("csv") == "/oversikt/eksport/portefolje.csv"
    assert portfolio_url("xlsx") == "/oversikt/eksport/portefolje.xlsx"


def test_an_unknown_format_is_not_found(client, issuer):
    client.force_login(issuer)
    assert client.get("/oversikt/eksport/register.pdf").status_code == 404


# --- Who may ------------------------------------------------------------------------


@pytest.mark.parametrize("url", [register_url("csv"), portfolio_url("xlsx")])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "url", [register_url("csv"), register_url("xlsx"), portfolio_url("csv"), portfolio_url("xlsx")]
)
def test_a_client_is_refused(client, client_user, url):
    client.force_login(client_user)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("who", ["advisor", "issuer"])
@pytest.mark.parametrize("url", [register_url("csv"), portfolio_url("csv")])
def test_staff_may(client, request, who, url):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url).status_code == 200


# --- The register -------------------------------------------------------------------


@pytest.fixture
def register(company, other_company):
    valid = valid_certificate(company, number="HMS-2026-00001", klass="A+")
    valid_certificate(other_company, number="HMS-2026-00002", revoked_at=timezone.now())
    CertificateFactory(
        case=CaseFactory(company=CompanyFactory(name="Utløpt AS"), year=2025),
        number="HMS-2025-00009",
        valid_from=dt.date(2025, 1, 1),
        valid_until=dt.date(2025, 12, 31),
    )
    return valid


def test_register_csv(client, advisor, register):
    client.force_login(advisor)
    response = client.get(register_url("csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="register-2026-11-25.csv"'
    assert csv_rows(response) == [
        [
            "Sertifikatnummer",
            "Virksomhet",
            "Organisasjonsnummer",
            "Klasse",
            "Gyldig fra",
            "Gyldig til",
        ],
        [
            "HMS-2026-00001",
            "Egen Bedrift AS",
            register.company.organisation_number,
            "A+",
            "01.03.2026",
            "28.02.2027",
        ],
    ]


def test_register_xlsx_opens_with_real_dates(client, issuer, register):
    client.force_login(issuer)
    response = client.get(register_url("xlsx"))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="register-2026-11-25.xlsx"'
    sheet = xlsx_sheet(response)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Sertifikatnummer",
        "Virksomhet",
        "Organisasjonsnummer",
        "Klasse",
        "Gyldig fra",
        "Gyldig til",
    )
    assert len(rows) == 2
    number, name, orgnr, klass, valid_from, valid_until = rows[1]
    assert (number, name, orgnr, klass) == (
        "HMS-2026-00001",
        "Egen Bedrift AS",
        register.company.organisation_number,
        "A+",
    )
    assert (valid_from.date(), valid_until.date()) == (dt.date(2026, 3, 1), dt.date(2027, 2, 28))
    assert sheet["E2"].is_date
    assert sheet["E2"].number_format == "dd.mm.yyyy"


# --- The portfolio ------------------------------------------------------------------


@pytest.fixture
def portfolios(advisor, other_advisor, company, other_company):
    eligible = class_b_case(today=TODAY, advisor=advisor, name="Klasse B AS").company
    valid_certificate(eligible)
    ActionItemFactory(company=company, due_date=TODAY - dt.timedelta(days=3))
    ActionItemFactory(company=company, due_date=TODAY - dt.timedelta(days=1))
    ActionItemFactory(company=company, due_date=TODAY)
    return eligible


def test_an_advisor_exports_only_their_own_companies(client, advisor, portfolios):
    client.force_login(advisor)
    rows = csv_rows(client.get(portfolio_url("csv")))
    assert rows[0] == [
        "Virksomhet",
        "Organisasjonsnummer",
        "Rådgiver",
        "Oppnåelig klasse i dag",
        "Forfalte tiltak",
        "Sertifikatklasse",
        "Sertifikat gyldig til",
    ]
    assert [row[0] for row in rows[1:]] == ["Egen Bedrift AS", "Klasse B AS"]
    assert "Annens Bedrift AS" not in str(rows)


def test_an_issuer_exports_every_company(client, issuer, portfolios):
    client.force_login(issuer)
    rows = csv_rows(client.get(portfolio_url("csv")))
    assert [row[0] for row in rows[1:]] == ["Annens Bedrift AS", "Egen Bedrift AS", "Klasse B AS"]


def test_the_export_agrees_with_the_page(client, advisor, company, portfolios):
    client.force_login(advisor)
    page_rows = {
        row.company.name: row for row in client.get(reverse("companies:portfolio")).context["rows"]
    }
    rows = {row[0]: row for row in csv_rows(client.get(portfolio_url("csv")))[1:]}
    assert rows["Egen Bedrift AS"] == [
        "Egen Bedrift AS",
        company.organisation_number,
        "Rita Rådgiver",
        "Ingen",
        "2",
        "",
        "",
    ]
    assert rows["Klasse B AS"][3:] == ["B", "0", "A", "28.02.2027"]
    for name, row in rows.items():
        page_row = page_rows[name]
        assert row[3] == (page_row.decision.eligible_class or "Ingen")
        assert row[4] == str(page_row.overdue_count)


def test_the_export_keeps_the_page_filter(client, advisor, portfolios):
    client.force_login(advisor)
    rows = csv_rows(client.get(portfolio_url("csv"), {"klasse": "B"}))
    assert [row[0] for row in rows[1:]] == ["Klasse B AS"]
    rows = csv_rows(client.get(portfolio_url("csv"), {"forfalt": "on"}))
    assert [row[0] for row in rows[1:]] == ["Egen Bedrift AS"]


def test_portfolio_xlsx(client, advisor, portfolios):
    client.force_login(advisor)
    response = client.get(portfolio_url("xlsx"))
    assert response["Content-Disposition"] == 'attachment; filename="portefolje-2026-11-25.xlsx"'
    sheet = xlsx_sheet(response)
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows] == ["Virksomhet", "Egen Bedrift AS", "Klasse B AS"]
    assert rows[1][4] == 2
    assert rows[2][6].date() == dt.date(2027, 2, 28)
    assert sheet["G3"].number_format == "dd.mm.yyyy"
    assert rows[1][6] is None


def test_the_portfolio_page_links_to_its_exports(client, advisor, portfolios):
    client.force_login(advisor)
    page = client.get(reverse("companies:portfolio"), {"klasse": "B"}).content.decode()
    assert f'href="{portfolio_url("xlsx")}?klasse=B"' in page


# --- Formula injection --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+47 22 00 00 00", "'+47 22 00 00 00"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Bygg-Service AS", "Bygg-Service AS"),
        ("", ""),
    ],
)
def test_defuse(text, safe):
    assert defuse(text) == safe


@pytest.fixture
def evil(advisor):
    company = CompanyFactory(name='=HYPERLINK("http://angriper.example","Klikk")', advisor=advisor)
    valid_certificate(company)
    return company


def test_formula_injection_is_defused_in_csv(client, advisor, evil):
    client.force_login(advisor)
    for url in (register_url("csv"), portfolio_url("csv")):
        rows = csv_rows(client.get(url))
        names = [row[1] if url == register_url("csv") else row[0] for row in rows[1:]]
        assert names == ['\'=HYPERLINK("http://angriper.example","Klikk")']


def test_formula_injection_is_defused_in_xlsx(client, advisor, evil):
    """A string cell, never a formula, flagged as Excel flags text typed after a '."""
    client.force_login(advisor)
    for url, cell in ((register_url("xlsx"), "B2"), (portfolio_url("xlsx"), "A2")):
        sheet = xlsx_sheet(client.get(url))
        assert sheet[cell].value == evil.name
        assert sheet[cell].data_type == "s"
        assert sheet[cell].quotePrefix is True


# Measured: 16 for the portfolio (session, user, companies, cases, certificates, the
# stored decisions, and as the first read stores them savepoint, lock, six for the facts,
# the write, release) and 3 for the register, at 3 and at 30 companies.
@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize(
    ("url", "max_queries"), [(portfolio_url("xlsx"), 16), (register_url("xlsx"), 3)]
)
def test_query_count_does_not_grow(
    client, advisor, size, url, max_queries, django_assert_max_num_queries
):
    for n in range(size):
        company = class_b_case(today=TODAY, advisor=advisor, name=f"Firma {n:02d} AS").company
        valid_certificate(company)
        ActionItemFactory(company=company, due_date=TODAY - dt.timedelta(days=2))
    client.force_login(advisor)
    with django_assert_max_num_queries(max_queries):
        response = client.get(url)
    assert len(list(xlsx_sheet(response).iter_rows())) == size + 1
