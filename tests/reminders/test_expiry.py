"""Reminders of certificates running out: when, to whom, once."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from reminders.models import SentReminder
from reminders.selectors import expiry_threshold
from tests.factories import (
    TODAY,
    AdvisorFactory,
    CertificateFactory,
    ClientUserFactory,
    CompanyFactory,
    MembershipFactory,
)
from tests.reminders.builders import expiring

pytestmark = pytest.mark.django_db


def run(on=TODAY, *args) -> str:
    out = StringIO()
    call_command("send_reminders", "--today", on.isoformat(), *args, stdout=out, stderr=out)
    return out.getvalue()


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.mark.parametrize(
    ("days_left", "threshold"),
    [
        (61, None),
        (60, 60),
        (45, 60),
        (31, 60),
        (30, 30),
        (8, 30),
        (7, 7),
        (1, 7),
        (0, 7),
        (-1, None),
    ],
)
def test_the_most_urgent_threshold_reached(days_left, threshold):
    assert expiry_threshold(days_left) == threshold


@pytest.mark.parametrize("days_left", [60, 30, 7])
def test_reminded_at_exactly_the_threshold(company, days_left):
    certificate = expiring(company, days_left=days_left)
    run()
    assert len(mail.outbox) == 1
    row = SentReminder.objects.get()
    assert (row.kind, row.certificate, row.threshold_days) == ("EXPIRY", certificate, days_left)
    assert row.sent_at is not None


def test_not_reminded_a_day_before_the_first_threshold(company):
    expiring(company, days_left=61)
    run()
    assert mail.outbox == []


def test_run_twice_sends_once(company, client_user):
    expiring(company, days_left=60)
    run()
    run()
    run(TODAY + dt.timedelta(days=1))
    assert recipients() == ["kari@example.no", "rita@example.no"]
    assert SentReminder.objects.count() == 2


def test_each_threshold_once_over_the_year(company):
    certificate = expiring(company, days_left=70)
    for day in range(71):
        run(TODAY + dt.timedelta(days=day))
    thresholds = [row.threshold_days for row in SentReminder.objects.order_by("on_date")]
    assert thresholds == [60, 30, 7]
    assert [row.on_date for row in SentReminder.objects.order_by("on_date")] == [
        certificate.valid_until - dt.timedelta(days=days) for days in (60, 30, 7)
    ]
    assert len(mail.outbox) == 3


def test_missed_runs_catch_up_with_the_latest_threshold_only(company):
    """Down from 65 to 25 days before expiry: the 30-day reminder once, not the 60 too."""
    expiring(company, days_left=25)
    run()
    run()
    assert [row.threshold_days for row in SentReminder.objects.all()] == [30]
    assert len(mail.outbox) == 1
    assert "utløper om 25 dager" in mail.outbox[0].subject


def test_catch_up_of_the_60_day_reminder_when_still_before_30(company):
    expiring(company, days_left=45)
    run()
    assert [row.threshold_days for row in SentReminder.objects.all()] == [60]


def test_nothing_for_a_revoked_certificate(company):
    expiring(company, days_left=30, revoked_at=timezone.now(), revocation_reason="Feil")
    run()
    assert mail.outbox == []
    assert not SentReminder.objects.exists()


def test_nothing_for_a_superseded_certificate(company):
    newer = CertificateFactory(
        case__company=company, valid_from=TODAY, valid_until=TODAY + dt.timedelta(days=364)
    )
    expiring(company, days_left=30, superseded_by=newer)
    run()
    assert mail.outbox == []


def test_nothing_when_a_newer_certificate_runs_on_after_expiry(company):
    old = expiring(company, days_left=30)
    CertificateFactory(
        case__company=company,
        case__year=TODAY.year + 1,
        valid_from=old.valid_until + dt.timedelta(days=1),
        valid_until=old.valid_until + dt.timedelta(days=365),
    )
    run()
    assert mail.outbox == []


def test_a_revoked_newer_certificate_does_not_cover(company):
    old = expiring(company, days_left=30)
    CertificateFactory(
        case__company=company,
        case__year=TODAY.year + 1,
        valid_from=old.valid_until + dt.timedelta(days=1),
        valid_until=old.valid_until + dt.timedelta(days=365),
        revoked_at=timezone.now(),
    )
    run()
    assert len(mail.outbox) == 1


def test_nothing_for_an_expired_certificate(company):
    expiring(company, days_left=-1)
    run()
    assert mail.outbox == []


def test_the_right_recipients(company, client_user, other_company):
    """The advisor and active members with an e-mail; nobody of another company."""
    MembershipFactory(company=company, user=ClientUserFactory(username="borte", is_active=False))
    MembershipFactory(company=company, user=ClientUserFactory(username="uten", email=""))
    MembershipFactory(company=other_company, user=ClientUserFactory(username="naboen"))
    MembershipFactory(company=company, user=AdvisorFactory(username="feilrolle"))
    expiring(company, days_left=7)
    run()
    assert recipients() == ["kari@example.no", "rita@example.no"]
    assert all(len(message.to) == 1 for message in mail.outbox)


def test_a_user_of_two_companies_is_told_about_each(company, client_user, other_company):
    MembershipFactory(company=other_company, user=client_user)
    expiring(company, days_left=7)
    expiring(other_company, days_left=30)
    run()
    to_kari = [message.subject for message in mail.outbox if message.to == ["kari@example.no"]]
    assert len(to_kari) == 2


def test_an_inactive_advisor_gets_nothing(client_user):
    company = client_user.memberships.get().company
    company.advisor.is_active = False
    company.advisor.save()
    expiring(company, days_left=30)
    run()
    assert recipients() == ["kari@example.no"]


def test_a_company_without_advisor_still_reminds_its_members(client_user):
    company = client_user.memberships.get().company
    company.advisor = None
    company.save()
    expiring(company, days_left=30)
    run()
    assert recipients() == ["kari@example.no"]


def test_the_mail_is_bokmal_text_and_html(advisor):
    company = CompanyFactory(name="Bygg & Anlegg AS", advisor=advisor)
    certificate = expiring(company, days_left=30, klass="A+")
    run()
    message = mail.outbox[0]
    assert message.subject == "HMS-sertifikatet til Bygg & Anlegg AS utløper om 30 dager"
    assert "Hei Rita Rådgiver," in message.body
    assert f"{certificate.number} (klasse A+) for Bygg & Anlegg AS" in message.body
    assert f"gyldig til og med {certificate.valid_until:%d.%m.%Y}" in message.body
    assert f"/sertifikater/{certificate.pk}/" in message.body
    assert "&amp;" not in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Bygg &amp; Anlegg AS" in html
    assert 'href="http' in html


def test_one_day_left_is_singular(company):
    expiring(company, days_left=1)
    run()
    assert mail.outbox[0].subject.endswith("utløper om 1 dag")


def test_the_record_says_who_when_and_what(company):
    certificate = expiring(company, days_left=60)
    run()
    row = SentReminder.objects.get()
    assert row.recipient == company.advisor
    assert row.email == "rita@example.no"
    assert row.company == company
    assert row.on_date == TODAY
    assert certificate.number in row.body_text
    assert row.subject == mail.outbox[0].subject
    assert row.attempts == 1
    assert row.last_error == ""


def test_the_last_day_says_today(company):
    expiring(company, days_left=0)
    run()
    assert mail.outbox[0].subject == "HMS-sertifikatet til Egen Bedrift AS utløper i dag"


def test_each_recipient_reads_the_reminder_in_the_language_they_chose(company):
    english = ClientUserFactory(email="erik@example.no", language="en")
    norwegian = ClientUserFactory(email="nora@example.no", language="nb")
    MembershipFactory(user=english, company=company)
    MembershipFactory(user=norwegian, company=company)
    certificate = expiring(company, days_left=30)

    run()

    by_address = {message.to[0]: message for message in mail.outbox}
    assert f"HMS certificate {certificate.number}" in by_address["erik@example.no"].body
    assert f"HMS-sertifikat {certificate.number}" in by_address["nora@example.no"].body
    assert f"HMS-sertifikat {certificate.number}" in by_address[company.advisor.email].body
