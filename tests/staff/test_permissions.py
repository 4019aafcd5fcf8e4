"""Every case page against the role × own/other-company matrix."""

import pytest

from certificates.models import CertificationCase, Confirmation
from tests.factories import TODAY, CaseFactory, ConfirmationFactory
from tests.staff.matrix import Endpoint, check_matrix, snapshot, url

pytestmark = pytest.mark.django_db


def _case(company, **fields):
    return CaseFactory(company=company, year=TODAY.year, **fields)


def _confirmation(company):
    return ConfirmationFactory(
        case=_case(company), kind=Confirmation.Kind.LEGAL_CONTRACTS, confirmed_by=company.advisor
    )


CONFIRMATION = {"text": "Kontrollert stikkprøver", "confirmed_on": TODAY.isoformat()}

ENDPOINTS = [
    Endpoint("detail", lambda c: (url("cases:detail", _case(c).pk), {}), post_ok=False),
    Endpoint(
        "send_to_issuing",
        lambda c: (url("cases:send_to_issuing", _case(c).pk), {}),
        get_ok=False,
    ),
    Endpoint(
        "reopen",
        lambda c: (url("cases:reopen", _case(c, status=CertificationCase.Status.READY).pk), {}),
        get_ok=False,
    ),
    Endpoint(
        "confirmation_record",
        lambda c: (
            url("cases:confirmation_record", _case(c).pk, Confirmation.Kind.LEGAL_CONTRACTS),
            CONFIRMATION,
        ),
    ),
    Endpoint(
        "confirmation_withdraw",
        lambda c: (
            url(
                "cases:confirmation_withdraw",
                _confirmation(c).case_id,
                Confirmation.Kind.LEGAL_CONTRACTS,
            ),
            {},
        ),
    ),
]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_role_matrix(client, endpoint, company, other_company, advisor, issuer, client_user):
    check_matrix(client, endpoint, own=company, other=other_company, advisor=advisor, issuer=issuer)


def test_reopen_by_the_responsible_advisor(client, advisor, company):
    case = _case(company, status=CertificationCase.Status.READY)
    client.force_login(advisor)
    client.post(url("cases:reopen", case.pk))
    case.refresh_from_db()
    assert case.status == CertificationCase.Status.OPEN


def test_other_advisor_cannot_send_another_advisors_case(client, other_advisor, company, advisor):
    case = _case(company)
    client.force_login(other_advisor)
    before = snapshot()
    assert client.post(url("cases:send_to_issuing", case.pk)).status_code == 404
    assert snapshot() == before
