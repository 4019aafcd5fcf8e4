"""Invoicing: a page a clerk can use, exported through the project's spreadsheet module."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from certificates import services, views
from certificates.invoicing import last_month
from tests.certificates.scenarios import class_b_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(issuer, today):
    free = services.certificate_issue(
        case=class_b_case(today=today, name="Fri AS", follow_up_agreement=True),
        klass="B",
        actor=issuer,
    )
    paying = services.certificate_issue(
        case=class_b_case(today=today, name="=Betaler AS", follow_up_agreement=False),
        klass="B",
        actor=issuer,
    )
    return free, paying


def _period(today):
    return {"start": today.isoformat(), "end": today.isoformat()}


def _csv(client, params):
    response = client.get(reverse("certificates:invoicing"), {**params, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    return response.content.decode("utf-8-sig").strip().splitlines()


def test_the_issuers_menu_and_the_dashboard_link_to_it(client, issuer):
    client.force_login(issuer)
    url = reverse("certificates:invoicing")
    assert url in client.get(reverse("certificates:issuing_queue")).content.decode()
    assert url in client.get(reverse("dashboard:home")).content.decode()


def test_only_issuers(client, advisor):
    client.force_login(advisor)
    assert client.get(reverse("certificates:invoicing")).status_code == 403
    assert reverse("certificates:invoicing") not in client.get(reverse("home")).content.decode()


def test_the_period_defaults_to_last_month(client, issuer):
    today = timezone.localdate()
    start, end = last_month(today)
    assert (
        start.day == 1
        and end.month == start.month
        and end + dt.timedelta(days=1) == today.replace(day=1)
    )
    client.force_login(issuer)
    html = client.get(reverse("certificates:invoicing")).content.decode()
    assert f'value="{start.isoformat()}"' in html
    assert f'value="{end.isoformat()}"' in html


def test_the_first_and_last_days_python_has_are_a_period_too(client, issuer):
    """Their midnights in Oslo are outside what UTC can hold: this was a 500 (schemathesis)."""
    client.force_login(issuer)
    for start, end in (("0001-01-01", "0001-01-03"), ("9999-12-30", "9999-12-31")):
        response = client.get(reverse("certificates:invoicing"), {"start": start, "end": end})
        assert response.status_code == 200


def test_last_month_in_january_is_december():
    assert last_month(dt.date(2027, 1, 15)) == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))


def test_the_csv_has_readable_routes_status_and_defused_names(client, issuer, today, issued):
    client.force_login(issuer)
    lines = _csv(client, _period(today))
    assert lines[0] == (
        "Sertifikatnummer;Utstedt;Virksomhet;Organisasjonsnummer;Klasse;Ordning;Gebyr (kr);"
        "Status;Erstattet/tilbakekalt;Utstedt av"
    )
    assert len(lines) == 3
    body = "\n".join(lines)
    assert "Fri AS" in body and "Oppfølgingsavtale (ingen ekstra kostnad);0,00;Gyldig" in body
    assert "'=Betaler AS" in body
    assert "Egne kartlegginger verifisert av oss (gebyr);2500,00;Gyldig" in body
    assert today.strftime("%d.%m.%Y") in body


def test_the_xlsx_has_the_same_rows_with_real_dates_and_amounts(client, issuer, today, issued):
    client.force_login(issuer)
    response = client.get(reverse("certificates:invoicing"), {**_period(today), "format": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Sertifikatnummer" and len(rows) == 3
    paying = next(row for row in rows if row[2] == "=Betaler AS")
    assert paying[5] == "Egne kartlegginger verifisert av oss (gebyr)"
    assert float(paying[6]) == 2500.0
    assert paying[1].date() == today
    assert sheet.cell(row=rows.index(paying) + 1, column=3).data_type == "s"


def test_a_reissue_is_never_billed_twice(client, issuer, today, issued):
    _free, paying = issued
    new = services.certificate_reissue(certificate=paying, reason="Navnebytte", actor=issuer)
    client.force_login(issuer)
    lines = _csv(client, _period(today))
    old_line = next(line for line in lines if line.startswith(paying.number))
    new_line = next(line for line in lines if line.startswith(new.number))
    assert ";2500,00;Erstattet;" in old_line and f"Erstattet av {new.number}" in old_line
    assert ";0,00;Gyldig;" in new_line and f"Erstatter {paying.number}" in new_line
    fees = [line.split(";")[6] for line in lines[1:]]
    assert sorted(fees) == ["0,00", "0,00", "2500,00"]


def test_a_revoked_certificate_is_flagged(client, issuer, today, issued):
    _free, paying = issued
    services.certificate_revoke(certificate=paying, reason="Feil", actor=issuer)
    client.force_login(issuer)
    line = next(line for line in _csv(client, _period(today)) if line.startswith(paying.number))
    assert ";Tilbakekalt;Tilbakekalt;" in line


def test_the_page_lists_the_rows_with_a_total(client, issuer, today, issued):
    client.force_login(issuer)
    html = client.get(reverse("certificates:invoicing"), _period(today)).content.decode()
    for certificate in issued:
        assert certificate.number in html
    assert "2500,00" in html
    assert "format=xlsx" in html and "format=csv" in html


def test_a_reversed_period_explains_the_error(client, issuer):
    client.force_login(issuer)
    response = client.get(
        reverse("certificates:invoicing"), {"start": "2026-12-01", "end": "2026-11-01"}
    )
    assert "må være før" in response.content.decode()


def test_there_is_one_csv_writer():
    assert not hasattr(views, "_csv_safe")
    assert "csv" not in views.__dict__


@pytest.mark.parametrize("count", [1, 6])
def test_the_page_costs_the_same_whatever_the_number_of_rows(
    client, issuer, today, count, django_assert_max_num_queries
):
    for _ in range(count):
        services.certificate_issue(case=class_b_case(today=today), klass="B", actor=issuer)
    client.force_login(issuer)
    with django_assert_max_num_queries(3):  # measured: session, user, the rows
        response = client.get(reverse("certificates:invoicing"), _period(today))
    assert response.content.decode().count('data-status="valid"') == count
