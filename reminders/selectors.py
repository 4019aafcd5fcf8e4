"""Which reminders are due on a date, to whom, and which recorded ones still wait for delivery.

Expiry: a certificate is reminded of 60, 30 and 7 days before its last valid day. A run on
day D sends the most urgent threshold that D has reached, so a job that was down while the
60-day point passed still sends it (once) — but if the 30-day point has passed too, only
the 30-day reminder goes out: a stale "60 days left" would be wrong. Revoked and superseded
certificates are never reminded, nor one whose company already holds a newer certificate
running on from the day after it expires.

Overdue action items: one digest per company and recipient, not one mail per item, so a
client with eight late items gets one mail listing them instead of eight. It goes out the
day something new has passed its due date (or on the first run), and again each week while
items stay overdue; never twice the same day. A daily copy of an unchanged list would teach
people to ignore it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from certificates.models import Certificate
from companies.models import Company, Membership
from reminders.models import SentReminder
from surveys.models import ActionItem

EXPIRY_THRESHOLDS = (60, 30, 7)
OVERDUE_REPEAT_DAYS = 7
MAX_ATTEMPTS = 48  # two days of hourly runs; then the row stays as failed, for a person to see


@dataclass(frozen=True)
class DueReminder:
    """One reminder to one recipient; not yet recorded."""

    kind: str
    company: Company
    recipient: User
    on: date
    certificate: Certificate | None = None
    threshold_days: int | None = None
    items: tuple[ActionItem, ...] = field(default=())

    @property
    def days_left(self) -> int | None:
        if self.certificate is None:
            return None
        return (self.certificate.valid_until - self.on).days


def expiry_threshold(days_left: int) -> int | None:
    """The most urgent threshold reached with ``days_left`` days to go, if any.

    45 → 60, 30 → 30, 29 → 30, 7 → 7, 0 → 7; 61 and anything negative → None.
    """
    if days_left < 0:
        return None
    reached = [threshold for threshold in EXPIRY_THRESHOLDS if days_left <= threshold]
    return min(reached, default=None)


def recipients_by_company(companies: dict[int, Company]) -> dict[int, list[User]]:
    """The responsible advisor, then the company's client users: active, with an e-mail.

    ``companies`` maps pk to company, with ``advisor`` selected.
    """
    recipients: dict[int, list[User]] = defaultdict(list)
    for company in companies.values():
        advisor = company.advisor
        if advisor is not None and advisor.is_active and advisor.email:
            recipients[company.pk].append(advisor)
    members = (
        Membership.objects.filter(
            company_id__in=companies, user__is_active=True, user__role=User.Role.CLIENT
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__email", "user_id")
    )
    for membership in members:
        if all(user.pk != membership.user_id for user in recipients[membership.company_id]):
            recipients[membership.company_id].append(membership.user)
    return recipients


def _covered_later(certificate: Certificate, successors: list[Certificate]) -> bool:
    """A newer certificate, not revoked, runs on from the day after this one's last day."""
    day_after = certificate.valid_until + timedelta(days=1)
    return any(
        other.pk != certificate.pk and other.valid_from <= day_after <= other.valid_until
        for other in successors
    )


def _expiry_due(on: date) -> list[tuple[Certificate, int]]:
    candidates = list(
        Certificate.objects.expiring(on, within_days=max(EXPIRY_THRESHOLDS)).order_by(
            "valid_until", "pk"
        )
    )
    successors = defaultdict(list)
    later = Certificate.objects.filter(
        company_id__in={c.company_id for c in candidates},
        revoked_at__isnull=True,
        valid_until__gt=on,
    )
    for other in later:
        successors[other.company_id].append(other)
    due = []
    for certificate in candidates:
        threshold = expiry_threshold((certificate.valid_until - on).days)
        if threshold is not None and not _covered_later(
            certificate, successors[certificate.company_id]
        ):
            due.append((certificate, threshold))
    return due


def _overdue_due(on: date) -> dict[int, list[ActionItem]]:
    items = ActionItem.objects.overdue(on).order_by("company_id", "due_date", "pk")
    by_company = defaultdict(list)
    for item in items:
        by_company[item.company_id].append(item)
    last_digest = dict(
        SentReminder.objects.filter(
            kind=SentReminder.Kind.OVERDUE, company_id__in=by_company, on_date__lt=on
        )
        .values("company_id")
        .annotate(last=Max("on_date"))
        .values_list("company_id", "last")
    )
    due = {}
    for company_id, company_items in by_company.items():
        last = last_digest.get(company_id)
        newly_overdue = last is None or any(item.due_date >= last for item in company_items)
        if newly_overdue or (on - last).days >= OVERDUE_REPEAT_DAYS:
            due[company_id] = company_items
    return due


def _already_recorded(on: date) -> set[tuple]:
    """Keys of what is recorded already, as (kind, certificate/company id, threshold/date, user)."""
    recorded = set()
    expiry = SentReminder.objects.filter(
        kind=SentReminder.Kind.EXPIRY,
        certificate__valid_until__gte=on,
    ).values_list("certificate_id", "threshold_days", "recipient_id")
    for certificate_id, threshold, user_id in expiry:
        recorded.add((SentReminder.Kind.EXPIRY, certificate_id, threshold, user_id))
    overdue = SentReminder.objects.filter(kind=SentReminder.Kind.OVERDUE, on_date=on).values_list(
        "company_id", "recipient_id"
    )
    for company_id, user_id in overdue:
        recorded.add((SentReminder.Kind.OVERDUE, company_id, on, user_id))
    return recorded


def reminder_key(reminder: DueReminder) -> tuple:
    if reminder.kind == SentReminder.Kind.EXPIRY:
        subject, detail = reminder.certificate.pk, reminder.threshold_days
    else:
        subject, detail = reminder.company.pk, reminder.on
    return (reminder.kind, subject, detail, reminder.recipient.pk)


def reminders_due(*, on: date) -> list[DueReminder]:
    """Every reminder that should go out on ``on`` and has not been recorded yet.

    A fixed number of queries, whatever the number of certificates, items or users.
    """
    expiring = _expiry_due(on)
    overdue = _overdue_due(on)
    company_ids = {certificate.company_id for certificate, _ in expiring} | set(overdue)
    companies = Company.objects.select_related("advisor").in_bulk(company_ids)
    recipients = recipients_by_company(companies)
    due = []
    for certificate, threshold in expiring:
        for user in recipients[certificate.company_id]:
            due.append(
                DueReminder(
                    kind=SentReminder.Kind.EXPIRY,
                    company=companies[certificate.company_id],
                    recipient=user,
                    on=on,
                    certificate=certificate,
                    threshold_days=threshold,
                )
            )
    for company_id, items in overdue.items():
        for user in recipients[company_id]:
            due.append(
                DueReminder(
                    kind=SentReminder.Kind.OVERDUE,
                    company=companies[company_id],
                    recipient=user,
                    on=on,
                    items=tuple(items),
                )
            )
    recorded = _already_recorded(on)
    return [reminder for reminder in due if reminder_key(reminder) not in recorded]


def reminders_pending(*, now=None):
    """Recorded reminders not delivered yet (a failed send waits here for the next run)."""
    now = now or timezone.now()
    return (
        SentReminder.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .exclude(claimed_until__gt=now)
        .order_by("created_at", "pk")
    )
