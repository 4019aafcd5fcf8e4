"""The reminder e-mails: rendered from templates/reminders/ in the recipient's language
(bokmål unless they chose English), as text and HTML."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from reminders.models import SentReminder
from reminders.selectors import DueReminder

_TEMPLATES = {
    SentReminder.Kind.EXPIRY: "reminders/expiry",
    SentReminder.Kind.OVERDUE: "reminders/overdue",
}


def _link(reminder: DueReminder) -> str:
    """Where the recipient acts: the certificate, or the case (staff) / the start page."""
    if reminder.kind == SentReminder.Kind.EXPIRY:
        path = reverse("certificates:detail", args=[reminder.certificate.pk])
    elif reminder.recipient.is_staff_member:
        path = reverse("companies:detail", args=[reminder.company.pk])
    else:
        path = reverse("home")
    return settings.SITE_URL + path


def reminder_render(reminder: DueReminder) -> tuple[str, str, str]:
    """Subject, plain text and HTML of one reminder, in the language the recipient chose."""
    base = _TEMPLATES[reminder.kind]
    context = {
        "reminder": reminder,
        "recipient": reminder.recipient,
        "company": reminder.company,
        "certificate": reminder.certificate,
        "days_left": reminder.days_left,
        "items": reminder.items,
        "link": _link(reminder),
        "as_advisor": reminder.recipient.is_staff_member,
    }
    with translation.override(reminder.recipient.language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{base}_subject.txt", context)
        text = render_to_string(f"{base}.txt", context)
        html = render_to_string(f"{base}.html", context)
    return " ".join(subject.split()), text.strip() + "\n", html


def reminder_message(row: SentReminder, *, connection=None) -> EmailMultiAlternatives:
    """The e-mail of a recorded reminder, exactly as it was rendered when decided."""
    message = EmailMultiAlternatives(
        subject=row.subject, body=row.body_text, to=[row.email], connection=connection
    )
    message.attach_alternative(row.body_html, "text/html")
    return message
