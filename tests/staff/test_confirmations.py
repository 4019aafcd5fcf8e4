import datetime as dt

import pytest

from certificates.models import CertificationCase, Confirmation
from tests.factories import TODAY, ConfirmationFactory
from tests.staff.matrix import snapshot, url

pytestmark = pytest.mark.django_db


def _record(case, kind):
    return url("cases:confirmation_record", case.pk, kind)


def test_advisor_records_the_legal_minimum_with_date_and_who(client, advisor, case):
    client.force_login(advisor)
    response = client.post(
        _record(case, Confirmation.Kind.LEGAL_EQUIPMENT),
        {"text": "", "confirmed_on": (TODAY - dt.timedelta(days=2)).isoformat()},
        follow=True,
    )
    confirmation = Confirmation.objects.get(case=case)
    assert confirmation.kind == Confirmation.Kind.LEGAL_EQUIPMENT
    assert confirmation.confirmed_by == advisor
    assert confirmation.confirmed_on == TODAY - dt.timedelta(days=2)
    html = response.content.decode()
    assert "Bekreftelsen er registrert." in html
    assert "23.11.2026" in html
    assert "Rita Rådgiver" in html


def test_discretionary_justification_needs_a_text(client, advisor, case):
    client.force_login(advisor)
    response = client.post(
        _record(case, Confirmation.Kind.DISCRETIONARY),
        {"text": " ", "confirmed_on": TODAY.isoformat()},
    )
    assert response.status_code == 200
    assert "Skriv en begrunnelse." in response.content.decode()
    assert not Confirmation.objects.exists()


def test_future_confirmation_date_is_refused(client, advisor, case):
    client.force_login(advisor)
    response = client.post(
        _record(case, Confirmation.Kind.LEGAL_CONTRACTS),
        {"confirmed_on": (TODAY + dt.timedelta(days=1)).isoformat()},
    )
    assert "Datoen kan ikke være etter dagens dato." in response.content.decode()
    assert not Confirmation.objects.exists()


def test_management_focus_is_for_the_issuer_only(client, advisor, issuer, case):
    kind = Confirmation.Kind.MANAGEMENT_FOCUS
    data = {"text": "Månedlige HMS-møter i ledergruppen", "confirmed_on": TODAY.isoformat()}
    client.force_login(advisor)
    assert client.get(_record(case, kind)).status_code == 403
    assert client.post(_record(case, kind), data).status_code == 403
    assert not Confirmation.objects.exists()
    page = client.get(url("cases:detail", case.pk)).content.decode()
    assert "Bare administrasjonen" in page
    client.force_login(issuer)
    assert client.post(_record(case, kind), data).status_code == 302
    assert Confirmation.objects.get().confirmed_by == issuer


def test_unknown_kind_is_404(client, advisor, case):
    client.force_login(advisor)
    assert client.get(_record(case, "NOPE")).status_code == 404


def test_withdraw_asks_first_then_removes_and_keeps_history(client, advisor, case):
    confirmation = ConfirmationFactory(
        case=case, kind=Confirmation.Kind.PSYCHOSOCIAL_IMPROVEMENT, confirmed_by=advisor
    )
    withdraw = url("cases:confirmation_withdraw", case.pk, confirmation.kind)
    client.force_login(advisor)
    page = client.get(withdraw)
    assert "Trekke tilbake bekreftelse?" in page.content.decode()
    assert Confirmation.objects.exists()
    response = client.post(withdraw, follow=True)
    assert "Bekreftelsen er trukket tilbake." in response.content.decode()
    assert not Confirmation.objects.exists()
    assert Confirmation.history.filter(history_type="-").get().history_user == advisor


def test_an_issued_case_cannot_be_changed(client, advisor, company):
    from tests.factories import CaseFactory

    case = CaseFactory(company=company, status=CertificationCase.Status.ISSUED)
    client.force_login(advisor)
    before = snapshot()
    response = client.post(
        _record(case, Confirmation.Kind.LEGAL_CONTRACTS), {"confirmed_on": TODAY.isoformat()}
    )
    assert "kan ikke endres" in response.content.decode()
    assert snapshot() == before
