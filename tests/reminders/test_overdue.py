"""The daily digest of action items past their due date."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from reminders.models import SentReminder
from surveys.models import ActionItem
from tests.factories import TODAY, ActionItemFactory

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def run(on=TODAY) -> None:
    call_command("send_reminders", "--today", on.isoformat(), stdout=StringIO())


def overdue(company, *, days: int, **extra) -> ActionItem:
    return ActionItemFactory(company=company, due_date=TODAY - dt.timedelta(days=days), **extra)


@pytest.fixture
def late_items(company):
    return [
        overdue(company, days=3, measure="Skifte lysarmatur", status=ActionItem.Status.OPEN),
        overdue(company, days=1, measure="Montere rekkverk", status=ActionItem.Status.IN_PROGRESS),
    ]


def test_one_digest_per_recipient_listing_every_late_item(company, client_user, late_items):
    overdue(company, days=5, status=ActionItem.Status.DONE, measure="Ferdig tiltak")
    overdue(
        company,
        days=5,
        status=ActionItem.Status.NOT_APPLICABLE,
        status_reason="Maskinen er solgt",
        measure="Uaktuelt tiltak",
    )
    ActionItemFactory(company=company, due_date=TODAY, measure="Frist i dag")
    run()
    assert sorted(m.to[0] for m in mail.outbox) == ["kari@example.no", "rita@example.no"]
    message = mail.outbox[0]
    assert message.subject == "Egen Bedrift AS: 2 tiltak har passert fristen"
    assert "Skifte lysarmatur" in message.body
    assert "Montere rekkverk" in message.body
    assert f"frist {TODAY - 3 * DAY:%d.%m.%Y}" in message.body
    for absent in ("Ferdig tiltak", "Uaktuelt tiltak", "Frist i dag"):
        assert absent not in message.body
    assert "Skifte lysarmatur" in message.alternatives[0][0]


def test_the_digest_goes_once_a_day(company, late_items):
    run()
    run()
    assert len(mail.outbox) == 1
    assert SentReminder.objects.get().kind == SentReminder.Kind.OVERDUE


def test_an_unchanged_list_is_not_repeated_the_next_day(company, late_items):
    run()
    run(TODAY + DAY)
    assert len(mail.outbox) == 1


def test_a_newly_late_item_brings_a_new_digest(company, late_items):
    run()
    ActionItemFactory(company=company, due_date=TODAY, measure="Nytt sent tiltak")
    run(TODAY + DAY)
    assert len(mail.outbox) == 2
    assert "Nytt sent tiltak" in mail.outbox[1].body
    assert "Skifte lysarmatur" in mail.outbox[1].body


def test_still_late_a_week_later_brings_a_new_digest(company, late_items):
    run()
    for day in range(1, 8):
        run(TODAY + day * DAY)
    assert len(mail.outbox) == 2
    assert SentReminder.objects.order_by("on_date").last().on_date == TODAY + 7 * DAY


def test_nothing_once_the_items_are_done(company, late_items):
    ActionItem.objects.update(status=ActionItem.Status.DONE)
    run()
    assert mail.outbox == []


def test_each_company_has_its_own_digest(company, other_company, late_items):
    overdue(other_company, days=2, measure="Annens tiltak")
    run()
    by_recipient = {m.to[0]: m.body for m in mail.outbox}
    assert "Annens tiltak" in by_recipient["otto@example.no"]
    assert "Annens tiltak" not in by_recipient["rita@example.no"]
    assert "Skifte lysarmatur" not in by_recipient["otto@example.no"]


def test_an_advisor_is_sent_to_the_company_page_and_a_client_to_the_start_page(
    company, client_user, late_items
):
    run()
    by_recipient = {m.to[0]: m.body for m in mail.outbox}
    assert f"/virksomheter/{company.pk}/" in by_recipient["rita@example.no"]
    assert "Følg opp tiltakene med virksomheten." in by_recipient["rita@example.no"]
    assert "/virksomheter/" not in by_recipient["kari@example.no"]
    assert "avtal en ny frist med rådgiveren" in by_recipient["kari@example.no"]
