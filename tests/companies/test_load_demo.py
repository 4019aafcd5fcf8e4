from decimal import Decimal

import pytest
from django.core.management import call_command

from accounts.models import User
from certificates.decisions import decisions_on
from certificates.models import Certificate, CertificationCase, StoredDecision
from certificates.selectors import case_decision
from companies.models import Company, Membership
from dashboard.management.commands.load_demo import DEMO_PASSWORD
from tests.factories import TODAY

pytestmark = pytest.mark.django_db


def _decisions():
    cases = CertificationCase.objects.filter(year=TODAY.year).select_related("company")
    return {case.company.name: case_decision(case=case, on=TODAY) for case in cases}


def test_demo_has_every_interesting_state():
    call_command("load_demo")
    decisions = _decisions()
    assert len(decisions) == 13
    expected = {
        "Nybakt Kafé AS": (None, "B1"),
        "Berg Regnskap AS": ("B", "A1"),
        "Lysaker Eiendom AS": ("A", "P1"),
        "Nordlys Barnehage AS": ("A+", None),
        "Vestby Mekaniske AS": (None, "B4"),
        "Hansen & Sønn Elektro AS": (None, "B5"),
        "Solsiden Legesenter AS": ("B", "B1"),
        "Havblikk Hotell AS": (None, "B1"),
        "Grønland Transport AS": ("A", "P1"),
    }
    for name, (klass, missing) in expected.items():
        decision = decisions[name]
        first = decision.first_missing()
        assert (decision.eligible_class, first.code if first else None) == (klass, missing), name
    assert decisions["Solsiden Legesenter AS"].discretionary
    assert decisions["Grønland Transport AS"].waiver_used
    nordlys = CertificationCase.objects.get(company__name="Nordlys Barnehage AS", year=TODAY.year)
    assert nordlys.status == CertificationCase.Status.READY
    last_year = Certificate.objects.get(company__name="Nordlys Barnehage AS")
    assert last_year.klass == "A"
    assert last_year.decision["eligible_class"] == "A"
    assert last_year.valid_from < TODAY <= last_year.valid_until
    # Issued as issuing issues: a number drawn in sequence, route and fee from the agreement.
    for certificate in Certificate.objects.select_related("company"):
        assert certificate.number.startswith(f"HMS-{certificate.valid_from.year}-0000")
        if certificate.company.follow_up_agreement:
            assert (certificate.route, certificate.fee) == ("FOLLOW_UP", Decimal("0.00"))
        else:
            assert (certificate.route, certificate.fee) == ("VERIFIED", Decimal("2500.00"))
    assert Company.objects.filter(advisor__username="radgiver2").count() == 2

    for username in ("admin", "radgiver", "radgiver2", "utsteder", "kunde1", "kunde2"):
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD), username
    assert set(Membership.objects.values_list("user__username", "company__name")) == {
        ("kunde1", "Berg Regnskap AS"),
        ("kunde2", "Nordlys Barnehage AS"),
    }
    assert User.objects.get(username="kunde1").is_client


def test_demo_can_be_loaded_again_and_if_empty_leaves_data_alone():
    call_command("load_demo")
    counts = (Company.objects.count(), Certificate.objects.count(), Membership.objects.count())
    call_command("load_demo")
    call_command("load_demo", "--if-empty")
    assert (
        Company.objects.count(),
        Certificate.objects.count(),
        Membership.objects.count(),
    ) == counts


def test_demo_records_who_made_the_records():
    call_command("load_demo")
    berg = Company.objects.get(name="Berg Regnskap AS")
    assert berg.history.first().history_user.username == "admin"
    survey = berg.surveys.get()
    assert survey.history.first().history_user.username == "radgiver"
    # The second advisor's companies are recorded by her: the services refuse anyone else.
    skansen = Company.objects.get(name="Skansen Bygg AS").surveys.first()
    assert skansen.history.first().history_user.username == "radgiver2"


def test_the_demo_client_has_one_accepted_and_one_pending_upload():
    from documents.models import Document

    call_command("load_demo")
    call_command("load_demo")
    berg = Company.objects.get(name="Berg Regnskap AS")
    statuses = sorted(berg.documents.values_list("status", flat=True))
    assert statuses == [Document.Status.ACCEPTED, Document.Status.PENDING]
    assert all(d.uploaded_by.username == "kunde1" for d in berg.documents.all())


def test_loading_the_demo_again_leaves_no_stored_decision_valid():
    """Its building blocks write records directly: what was stored before must be redone."""
    call_command("load_demo")
    decisions_on(companies=Company.objects.all(), on=TODAY)
    assert not StoredDecision.objects.filter(stale=True).exists()
    call_command("load_demo")
    assert StoredDecision.objects.count() == Company.objects.count()
    assert not StoredDecision.objects.filter(stale=False).exists()
