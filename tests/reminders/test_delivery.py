"""The hourly job: dry run, failed sends retried, never a duplicate, bounded queries."""

import datetime as dt
import smtplib
from io import StringIO

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import CommandError, call_command
from django.utils import timezone

from reminders.models import SentReminder
from reminders.selectors import MAX_ATTEMPTS, reminders_due
from reminders.services import SENT, SKIPPED, reminder_deliver, reminders_record
from tests.factories import TODAY, ActionItemFactory, CompanyFactory, MembershipFactory
from tests.reminders.builders import expiring

pytestmark = pytest.mark.django_db


def run(*args, on=TODAY) -> str:
    out = StringIO()
    call_command("send_reminders", "--today", on.isoformat(), *args, stdout=out, stderr=out)
    return out.getvalue()


@pytest.fixture
def smtp_down(monkeypatch):
    """Every send fails as if the SMTP server refused the connection, until restored."""
    real_send = EmailMultiAlternatives.send

    def refuse(self, fail_silently=False):
        raise smtplib.SMTPConnectError(421, "Service not available")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    return lambda: monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)


def test_dry_run_prints_and_sends_nothing(company, client_user):
    certificate = expiring(company, days_left=30)
    output = run("--dry-run")
    expected = (
        f"ville sendt: rita@example.no: Egen Bedrift AS: 30-dagerspåminnelse for "
        f"{certificate.number} (gyldig til {certificate.valid_until:%d.%m.%Y})"
    )
    assert expected in output
    assert "ville sendt: kari@example.no" in output
    assert mail.outbox == []
    assert not SentReminder.objects.exists()


def test_dry_run_after_a_real_run_has_nothing_new(company):
    expiring(company, days_left=30)
    run()
    assert "0 ny(e), 0 til nytt forsøk" in run("--dry-run")


def test_a_failed_send_is_tried_again_next_run_and_sent_once(company, smtp_down):
    expiring(company, days_left=30)
    output = run()
    assert "ikke sendt (prøves igjen): rita@example.no" in output
    row = SentReminder.objects.get()
    assert row.sent_at is None
    assert row.attempts == 1
    assert "SMTPConnectError" in row.last_error
    assert mail.outbox == []

    smtp_down()  # the server is back an hour later
    assert "1 sendt" in run()
    run()
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert (row.attempts, row.last_error) == (2, "")
    assert row.sent_at is not None


def test_retried_the_next_day_with_the_message_decided_on(company, smtp_down):
    expiring(company, days_left=30)
    run()
    smtp_down()
    run(on=TODAY + dt.timedelta(days=1))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.endswith("utløper om 30 dager")


def test_the_job_stops_early_while_the_server_is_down(advisor, smtp_down):
    for n in range(5):
        expiring(CompanyFactory(advisor=advisor, name=f"Firma {n} AS"), days_left=30)
    run()
    assert SentReminder.objects.filter(attempts=1).count() == 3
    assert SentReminder.objects.filter(attempts=0).count() == 2


def test_gives_up_after_max_attempts(company):
    expiring(company, days_left=30)
    reminders_record(on=TODAY)
    SentReminder.objects.update(attempts=MAX_ATTEMPTS, last_error="SMTPRecipientsRefused")
    run()
    assert mail.outbox == []


def test_a_claimed_reminder_is_left_to_the_run_that_holds_it(company):
    expiring(company, days_left=30)
    reminders_record(on=TODAY)
    row = SentReminder.objects.get()
    SentReminder.objects.update(claimed_until=timezone.now() + dt.timedelta(minutes=10))
    assert reminder_deliver(reminder=row) == SKIPPED
    SentReminder.objects.update(claimed_until=timezone.now() - dt.timedelta(minutes=1))
    assert reminder_deliver(reminder=row) == SENT
    assert reminder_deliver(reminder=row) == SKIPPED
    assert len(mail.outbox) == 1


def test_recording_twice_records_once(company):
    expiring(company, days_left=30)
    reminders_record(on=TODAY)
    reminders_record(on=TODAY)
    assert SentReminder.objects.count() == 1


def test_the_unique_constraint_stops_a_second_record_of_the_same_decision(company):
    expiring(company, days_left=30)
    due = reminders_due(on=TODAY)
    reminders_record(on=TODAY)
    assert reminders_due(on=TODAY) == []
    assert len(due) == 1


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError, match="not a date"):
        call_command("send_reminders", "--today", "2026-02-30")


def test_without_today_it_runs_on_the_local_date(company):
    expiring(company, days_left=7)
    call_command("send_reminders", stdout=StringIO())
    assert SentReminder.objects.get().on_date == TODAY


def _portfolio(advisor, size: int) -> None:
    for n in range(size):
        company = CompanyFactory(advisor=advisor, name=f"Firma {n} AS")
        MembershipFactory(company=company)
        MembershipFactory(company=company)
        expiring(company, days_left=(7, 30, 60)[n % 3])
        ActionItemFactory(company=company, due_date=TODAY - dt.timedelta(days=2))


@pytest.mark.parametrize("size", [1, 12])
def test_deciding_takes_a_fixed_number_of_queries(advisor, size, django_assert_num_queries):
    _portfolio(advisor, size)
    with django_assert_num_queries(8):
        due = reminders_due(on=TODAY)
    assert len(due) == size * 3 * 2
