"""One way to save with the acting user: the audit trail names who saved or deleted."""

import pytest

from hms_cert.history import delete_with_history, save_with_history
from tests.factories import AdvisorFactory, CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_save_is_recorded_as_the_actors_and_writes_only_the_fields_named():
    company = CompanyFactory(name="Før AS", address="Gata 1")
    advisor = AdvisorFactory()
    company.name = "Etter AS"
    company.address = "Not written"
    save_with_history(company, actor=advisor, update_fields=["name"])

    company.refresh_from_db()
    assert (company.name, company.address) == ("Etter AS", "Gata 1")
    newest = company.history.first()
    assert newest.history_user == advisor
    assert newest.name == "Etter AS"


def test_a_delete_is_recorded_as_the_actors():
    membership = MembershipFactory()
    advisor = AdvisorFactory()
    pk = membership.pk
    delete_with_history(membership, actor=advisor)

    newest = type(membership).history.filter(id=pk).first()
    assert newest.history_type == "-"
    assert newest.history_user == advisor
