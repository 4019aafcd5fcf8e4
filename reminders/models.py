"""The record of every reminder decided on, and whether it has been delivered.

A row is written in the same transaction as the decision to send it, and the unique
constraints make that decision once-only: a certificate's 60/30/7-day reminder once per
recipient, an overdue-items digest once per company, day and recipient. The message is
rendered into the row when it is decided, so a retry sends exactly what was decided and the
row shows who was told what, and when.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from companies.models import Company


class SentReminder(models.Model):
    class Kind(models.TextChoices):
        EXPIRY = "EXPIRY", _("Sertifikatet utløper")
        OVERDUE = "OVERDUE", _("Tiltak over frist")

    kind = models.CharField(_("type"), max_length=8, choices=Kind.choices)
    company = models.ForeignKey(
        Company, verbose_name=_("virksomhet"), on_delete=models.CASCADE, related_name="+"
    )
    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("sertifikat"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    threshold_days = models.PositiveSmallIntegerField(_("dager før utløp"), null=True, blank=True)
    on_date = models.DateField(_("gjelder dato"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mottaker"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    email = models.EmailField(_("e-postadresse"))
    subject = models.CharField(_("emne"), max_length=250)
    body_text = models.TextField(_("tekst"))
    body_html = models.TextField(_("HTML"))
    created_at = models.DateTimeField(_("besluttet"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    last_error = models.TextField(_("siste feil"), blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("sendt påminnelse")
        verbose_name_plural = _("sendte påminnelser")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["sent_at", "attempts"])]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "certificate", "threshold_days", "recipient"],
                condition=models.Q(kind="EXPIRY"),
                name="reminder_expiry_once_per_threshold",
            ),
            models.UniqueConstraint(
                fields=["kind", "company", "on_date", "recipient"],
                condition=models.Q(kind="OVERDUE"),
                name="reminder_overdue_once_per_day",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="EXPIRY")
                | models.Q(certificate__isnull=False, threshold_days__isnull=False),
                name="reminder_expiry_names_certificate_and_threshold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.email} ({self.on_date:%d.%m.%Y})"
