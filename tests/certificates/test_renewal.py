"""Renewal: next year's case starts from this year's; what still holds is not retyped."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from certificates import services
from certificates.models import CertificationCase, Confirmation
from tests.certificates.scenarios import class_a_case, class_b_case
from tests.factories import ActionItemFactory, ConfirmationFactory, SurveyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(issuer, today):
    """Last year's case, issued 300 days ago (so its certificate runs out in 65 days)."""
    issued_on = today - dt.timedelta(days=300)
    case = class_a_case(today=issued_on)
    case.year = issued_on.year
    case.save(update_fields=["year"])
    certificate = services.certificate_issue(case=case, klass="A", actor=issuer, on=issued_on)
    return certificate


def test_renewal_opens_next_years_case_linked_to_this_one(issued, advisor):
    case = services.case_renew(previous_case=issued.case, actor=advisor)
    assert (case.year, case.previous, case.status) == (
        issued.case.year + 1,
        issued.case,
        CertificationCase.Status.OPEN,
    )
    assert services.case_renew(previous_case=issued.case, actor=advisor) == case


def test_confirmations_do_not_carry_over_but_open_items_do(issued, advisor):
    open_item = issued.company.action_items.get()  # recorded before last year's issue
    done_item = ActionItemFactory(company=issued.company, status="DONE")
    done_item.created_at = issued.issued_at - dt.timedelta(days=1)
    done_item.save(update_fields=["created_at"])
    case = services.case_renew(previous_case=issued.case, actor=advisor)

    assert issued.case.confirmations.exists()
    assert not case.confirmations.exists()
    changes = services_changes(case)
    assert changes.carried_over == [open_item]
    assert changes.confirmations_last_year == issued.case.confirmations.count()


def services_changes(case):
    from certificates.renewal import renewal_changes

    return renewal_changes(case)


def test_the_new_case_shows_what_is_new_changed_and_carried_over(client, issued, issuer, today):
    old_survey = issued.company.surveys.get(kind="physical")
    case = services.case_renew(previous_case=issued.case, actor=issuer)
    old_survey.summary = "Oppdatert etter befaring"
    old_survey.save(update_fields=["summary"])
    new_survey = SurveyFactory(company=issued.company, performed_on=today)

    changes = services_changes(case)
    assert new_survey in changes.new
    assert old_survey in changes.changed
    assert old_survey not in changes.new

    client.force_login(issuer)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Fornyelse av saken fra" in page
    assert "må registreres på nytt" in page


def test_open_renewals_opens_cases_within_60_days_once(issued, today):
    far = class_b_case(today=today)
    services.certificate_issue(case=far, klass="B", actor=issued.issued_by)

    call_command("open_renewals")  # 65 days left: not yet
    assert not CertificationCase.objects.filter(previous=issued.case).exists()

    issued.valid_until = today + dt.timedelta(days=60)
    issued.save(update_fields=["valid_until"])
    call_command("open_renewals")
    call_command("open_renewals")
    assert CertificationCase.objects.filter(previous=issued.case).count() == 1
    assert not CertificationCase.objects.filter(previous=far).exists()


def test_no_renewal_for_a_revoked_certificate(issued, issuer, today):
    issued.valid_until = today + dt.timedelta(days=30)
    issued.save(update_fields=["valid_until"])
    services.certificate_revoke(certificate=issued, reason="Avviklet", actor=issuer)
    assert services.renewals_open_due(on=today) == []


def test_issuing_next_years_certificate_closes_last_years_case(issued, issuer, today):
    case = services.case_renew(previous_case=issued.case, actor=issuer)
    ConfirmationFactory(case=case, kind=Confirmation.Kind.PSYCHOSOCIAL_IMPROVEMENT)
    case.company.action_items.update(status="DONE")
    services.case_send_to_issuing(case=case, actor=issuer)
    services.certificate_issue(case=case, klass="B", actor=issuer)
    issued.case.refresh_from_db()
    issued.refresh_from_db()
    assert issued.case.status == CertificationCase.Status.CLOSED
    assert issued.superseded_by is not None
