"""``manage.py send_reminders [--dry-run] [--today YYYY-MM-DD]``: the hourly reminder job.

Safe to run every hour (see ``reminders.services``): each reminder is decided once and
sent once; a failed send is tried again on the next run. ``--today`` runs the job as on
another day, for tests and for catching up by hand.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders.selectors import reminders_due, reminders_pending
from reminders.services import reminders_send


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today: not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = (
        "Sender påminnelser på e-post: sertifikater som utløper om 60, 30 og 7 dager, "
        "og tiltak over frist. Trygt å kjøre hver time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Vis hva som ville blitt sendt; send ingenting."
        )
        parser.add_argument("--today", type=_date, help="Kjør som på denne datoen (YYYY-MM-DD).")

    def handle(self, *args, dry_run=False, today=None, **options):
        on = today or timezone.localdate()
        if dry_run:
            self._dry_run(on)
            return
        report = reminders_send(on=on)
        for reminder in report.sent:
            self.stdout.write(f"sendt: {reminder.email}: {reminder.subject}")
        for reminder in report.failed:
            self.stderr.write(
                f"ikke sendt (prøves igjen): {reminder.email}: {reminder.subject}: "
                f"{reminder.last_error}"
            )
        self.stdout.write(
            f"{on:%d.%m.%Y}: {report.recorded} ny(e) påminnelse(r), "
            f"{len(report.sent)} sendt, {len(report.failed)} feilet."
        )

    def _dry_run(self, on: date) -> None:
        due = reminders_due(on=on)
        for reminder in due:
            certificate = reminder.certificate
            what = (
                f"{reminder.threshold_days}-dagerspåminnelse for {certificate.number} "
                f"(gyldig til {certificate.valid_until:%d.%m.%Y})"
                if certificate is not None
                else f"{len(reminder.items)} tiltak over frist"
            )
            self.stdout.write(
                f"ville sendt: {reminder.recipient.email}: {reminder.company.name}: {what}"
            )
        pending = list(reminders_pending())
        for row in pending:
            self.stdout.write(f"ville prøvd igjen: {row.email}: {row.subject}")
        self.stdout.write(
            f"{on:%d.%m.%Y} (prøvekjøring): {len(due)} ny(e), {len(pending)} til nytt forsøk."
        )
