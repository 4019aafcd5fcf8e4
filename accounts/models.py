from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in: one of our advisors, our issuing staff, or a client user."""

    class Role(models.TextChoices):
        ADVISOR = "ADVISOR", _("Rådgiver")
        ISSUER = "ISSUER", _("Administrasjon (utsteder)")
        CLIENT = "CLIENT", _("Kundebruker")

    role = models.CharField(_("rolle"), max_length=16, choices=Role.choices, default=Role.CLIENT)
    phone = models.CharField(
        _("telefon"),
        max_length=20,
        blank=True,
        help_text=_("Vises for kundene som kontaktinformasjon til rådgiveren deres."),
    )
    language = models.CharField(
        _("språk"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Språket brukeren har valgt; e-post til brukeren skrives på det."),
    )

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")

    @property
    def is_advisor(self) -> bool:
        return self.role == self.Role.ADVISOR

    @property
    def is_issuer(self) -> bool:
        return self.role == self.Role.ISSUER or self.is_superuser

    @property
    def is_client(self) -> bool:
        return self.role == self.Role.CLIENT and not self.is_superuser

    @property
    def is_staff_member(self) -> bool:
        """Our own people (advisors, issuers, superusers), as opposed to client users."""
        return self.is_advisor or self.is_issuer

    @property
    def display_name(self) -> str:
        """The name shown wherever a person is named: the full name, else the username."""
        return self.get_full_name() or self.get_username()


class Invitation(models.Model):
    """A one-time, expiring invitation of a client user to one company.

    Only the SHA-256 of the token is stored: the token itself exists in the e-mail
    alone, so a copy of the database gives nobody a working link.
    """

    email = models.EmailField(_("e-post"))
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("virksomhet"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    invited_by = models.ForeignKey(
        User, verbose_name=_("invitert av"), on_delete=models.PROTECT, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("sendt"), auto_now_add=True)
    expires_at = models.DateTimeField(_("utløper"))
    accepted_at = models.DateTimeField(_("godtatt"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        verbose_name=_("godtatt av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    language = models.CharField(
        _("språk"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Språket e-posten skrives på; den nye brukeren får det som sitt språk."),
    )

    class Meta:
        verbose_name = _("invitasjon")
        verbose_name_plural = _("invitasjoner")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["company", "email"])]

    def __str__(self) -> str:
        return f"{self.email} → {self.company_id}"

    def is_usable(self, now) -> bool:
        """Not yet accepted, not withdrawn and not expired at ``now``."""
        return self.accepted_at is None and self.revoked_at is None and now < self.expires_at


class MailThrottleHit(models.Model):
    """One e-mail sent on someone's request (a password reset, an invitation), for throttling.

    In the database rather than a per-process cache, so the limit holds across gunicorn
    workers and machines. ``key_hash`` is the SHA-256 of the address or client IP, so the
    table holds no e-mail address or IP in the clear; rows older than the window are
    deleted as new ones are written (accounts/throttling.py).
    """

    scope = models.CharField(max_length=32)
    key_hash = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["scope", "key_hash", "at"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.key_hash[:8]} {self.at:%Y-%m-%d %H:%M}"
