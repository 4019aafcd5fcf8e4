"""Deciding, recording and delivering reminders.

The decision and its record are one transaction (``reminders_record``); delivery is a
separate step per recorded row (``reminder_deliver``), after that transaction has
committed. A row is claimed before its mail goes out and marked sent after, so:

- a run repeated the same hour or day decides nothing new (unique constraints), and a
  row already sent is never sent again;
- a send that fails (the SMTP server down, a refused address) leaves the row unsent, its
  error and attempt count recorded, and the next hourly run tries it again;
- two runs at once cannot both send one row: the claim is a conditional UPDATE that only
  one of them wins.

The one gap left is a process killed between the SMTP server's "accepted" and the
marking of the row: its claim runs out and the mail goes once more. A duplicate in that
rare case is better than a reminder silently lost.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from reminders.messages import reminder_message, reminder_render
from reminders.models import SentReminder
from reminders.selectors import reminders_due, reminders_pending

logger = logging.getLogger("hms.reminders")

CLAIM_TIME = timedelta(minutes=30)  # shorter than the hour between runs
STOP_AFTER_FAILURES = 3  # in a row: the server is down, the rest waits for the next run

SENT = "sent"
FAILED = "failed"
SKIPPED = "skipped"  # sent already, or another run holds it


@dataclass
class SendReport:
    recorded: int = 0
    sent: list[SentReminder] = field(default_factory=list)
    failed: list[SentReminder] = field(default_factory=list)


def reminders_record(*, on: date) -> int:
    """Decide the reminders due on ``on`` and record each one, rendered; returns how many.

    Decided and recorded in one transaction; a concurrent run that recorded the same
    reminder first wins, and this one's duplicate is dropped by the unique constraints.
    """
    with transaction.atomic():
        rows = []
        for reminder in reminders_due(on=on):
            subject, text, html = reminder_render(reminder)
            rows.append(
                SentReminder(
                    kind=reminder.kind,
                    company=reminder.company,
                    certificate=reminder.certificate,
                    threshold_days=reminder.threshold_days,
                    on_date=on,
                    recipient=reminder.recipient,
                    email=reminder.recipient.email,
                    subject=subject,
                    body_text=text,
                    body_html=html,
                )
            )
        SentReminder.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def reminder_deliver(*, reminder: SentReminder, connection=None) -> str:
    """Send one recorded reminder unless it is sent or being sent: SENT, FAILED or SKIPPED."""
    now = timezone.now()
    claimed = (
        SentReminder.objects.filter(pk=reminder.pk, sent_at__isnull=True)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .update(claimed_until=now + CLAIM_TIME, attempts=F("attempts") + 1)
    )
    if not claimed:
        return SKIPPED
    try:
        reminder_message(reminder, connection=connection).send()
    except Exception as error:
        logger.warning("reminder %s to %s not sent: %s", reminder.pk, reminder.email, error)
        SentReminder.objects.filter(pk=reminder.pk).update(
            claimed_until=None, last_error=f"{type(error).__name__}: {error}"[:2000]
        )
        reminder.refresh_from_db()
        return FAILED
    SentReminder.objects.filter(pk=reminder.pk).update(
        sent_at=timezone.now(), claimed_until=None, last_error=""
    )
    reminder.refresh_from_db()
    logger.info("reminder %s sent to %s: %s", reminder.pk, reminder.email, reminder.subject)
    return SENT


def reminders_send(*, on: date) -> SendReport:
    """What the hourly job does: record today's reminders, then deliver every pending one."""
    report = SendReport(recorded=reminders_record(on=on))
    connection = get_connection()
    failures_in_a_row = 0
    for reminder in reminders_pending():
        outcome = reminder_deliver(reminder=reminder, connection=connection)
        if outcome == SENT:
            report.sent.append(reminder)
            failures_in_a_row = 0
        elif outcome == FAILED:
            report.failed.append(reminder)
            failures_in_a_row += 1
            if failures_in_a_row >= STOP_AFTER_FAILURES:
                break
    return report
