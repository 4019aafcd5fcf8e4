"""Certification cases, the confirmations the criteria ask of our staff, and certificates."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from certificates.validity import certificate_status
from companies.models import Company


class CertificationCase(models.Model):
    """One company's certification for one period (year)."""

    class Status(models.TextChoices):
        OPEN = "OPEN", _("Åpen")
        READY = "READY", _("Klar for utstedelse")
        ISSUED = "ISSUED", _("Utstedt")
        CLOSED = "CLOSED", _("Avsluttet")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="cases")
    year = models.PositiveSmallIntegerField(_("år"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    opened_at = models.DateTimeField(_("åpnet"), auto_now_add=True)
    sent_to_issuing_at = models.DateTimeField(_("sendt til utstedelse"), null=True, blank=True)
    sent_to_issuing_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    previous = models.OneToOneField(
        "self",
        verbose_name=_("fjorårets sak"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewal",
        help_text=_("Saken denne fornyer; det som fortsatt gjelder, føres videre fra den."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sertifiseringssak")
        verbose_name_plural = _("sertifiseringssaker")
        ordering = ["-year", "company__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "year"], name="one_case_per_company_and_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company.name} {self.year}"


class Confirmation(models.Model):
    """A statement our staff record because a criterion asks for a person's judgement.

    One row per case and kind: the legal minimum (A3 a–e), psychosocial improvement
    ongoing (A4), the issuer's management-focus note (P2) and a discretionary-B
    justification.
    """

    class Kind(models.TextChoices):
        LEGAL_CONTRACTS = "LEGAL_A", _("a) Skriftlige arbeidsavtaler med alle ansatte")
        LEGAL_EQUIPMENT = "LEGAL_B", _("b) Arbeidsutstyr kontrollert og kontrollen dokumentert")
        LEGAL_SAFETY_REP = "LEGAL_C", _("c) Verneombud (og evt. AMU) valgt og opplært")
        LEGAL_REGULATIONS = "LEGAL_D", _("d) Oppdaterte forskrifter og veiledninger tilgjengelig")
        LEGAL_INTERNAL_CONTROL = "LEGAL_E", _("e) Internkontrollsystem (HMS) finnes")
        PSYCHOSOCIAL_IMPROVEMENT = (
            "PSY_IMPROVEMENT",
            _("Det arbeides kontinuerlig med forbedring av psykososiale forhold"),
        )
        MANAGEMENT_FOCUS = (
            "MANAGEMENT_FOCUS",
            _("Ledelsen har kontinuerlig fokus på HMS, særlig psykososiale forhold"),
        )
        DISCRETIONARY = "DISCRETIONARY", _("Begrunnelse for skjønnsmessig klasse B")

    LEGAL_KINDS = (
        Kind.LEGAL_CONTRACTS,
        Kind.LEGAL_EQUIPMENT,
        Kind.LEGAL_SAFETY_REP,
        Kind.LEGAL_REGULATIONS,
        Kind.LEGAL_INTERNAL_CONTROL,
    )
    TEXT_REQUIRED = (Kind.MANAGEMENT_FOCUS, Kind.DISCRETIONARY)
    ISSUER_ONLY = (Kind.MANAGEMENT_FOCUS,)

    case = models.ForeignKey(
        CertificationCase, on_delete=models.CASCADE, related_name="confirmations"
    )
    kind = models.CharField(_("bekreftelse"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("merknad"), blank=True)
    confirmed_on = models.DateField(_("dato"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bekreftet av"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bekreftelse")
        verbose_name_plural = _("bekreftelser")
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="one_confirmation_per_kind"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


def new_verification_code() -> str:
    """An unguessable code for the public verification URL (not the certificate number)."""
    return secrets.token_urlsafe(18)


class CertificateQuerySet(models.QuerySet):
    def in_force(self, on):
        """Valid on ``on``: in its period, not revoked, not superseded by a newer one."""
        return self.filter(
            revoked_at__isnull=True,
            superseded_by__isnull=True,
            valid_from__lte=on,
            valid_until__gte=on,
        )

    def expiring(self, on, *, within_days: int):
        """In force on ``on`` with the last valid day at most ``within_days`` later."""
        return self.in_force(on).filter(valid_until__lte=on + timedelta(days=within_days))


class Certificate(models.Model):
    """An issued certificate, with the decision it rests on frozen beside it."""

    class Route(models.TextChoices):
        FOLLOW_UP = "FOLLOW_UP", _("Oppfølgingsavtale (ingen ekstra kostnad)")
        VERIFIED = "VERIFIED", _("Egne kartlegginger verifisert av oss (gebyr)")

    case = models.ForeignKey(
        CertificationCase, on_delete=models.PROTECT, related_name="certificates"
    )
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="certificates")
    number = models.CharField(_("sertifikatnummer"), max_length=20, unique=True)
    klass = models.CharField(_("klasse"), max_length=2)
    valid_from = models.DateField(_("gyldig fra"))
    valid_until = models.DateField(_("gyldig til"))
    issued_at = models.DateTimeField(_("utstedt"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utstedt av"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    verification_code = models.CharField(max_length=32, unique=True, default=new_verification_code)
    rule_set = models.CharField(_("regelsett"), max_length=20)
    assessment_date = models.DateField(_("vurderingsdato"))
    decision = models.JSONField(_("beslutning"))
    facts = models.JSONField(_("fakta"))
    route = models.CharField(_("ordning"), max_length=12, choices=Route.choices)
    fee = models.DecimalField(_("gebyr"), max_digits=10, decimal_places=2, default=0)
    pdf = models.FileField(_("PDF"), upload_to="certificates/%Y/", blank=True)
    pdf_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    revoked_at = models.DateTimeField(_("tilbakekalt"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.TextField(_("årsak til tilbakekalling"), blank=True)
    superseded_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )
    history = HistoricalRecords()
    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikater")
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["company", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.number} ({self.klass})"

    def get_absolute_url(self) -> str:
        return reverse("certificates:detail", args=[self.pk])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def status_on(self, on) -> str:
        """valid | expired | revoked | superseded | not_yet_valid on the given date."""
        return certificate_status(
            valid_from=self.valid_from,
            valid_until=self.valid_until,
            revoked=self.is_revoked,
            superseded=self.superseded_by_id is not None,
            on=on,
        )


class CertificateNumberSequence(models.Model):
    """The last certificate number drawn in a year; locked row by row while issuing.

    Drawing inside the issuing transaction means a failed issue rolls its number back:
    no gaps, and ``select_for_update`` makes concurrent issuers wait for each other.
    """

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("nummerserie")
        verbose_name_plural = _("nummerserier")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class StoredDecision(models.Model):
    """The rules engine's decision on a company's case of the year, kept until it can change.

    Written only by ``certificates.decisions``: a read recomputes it when ``stale`` (a
    service changed a fact of the case: ``case_facts_changed``) or when ``on`` has reached
    ``stable_until``. ``facts`` are the facts it was decided on (so a read on a later day of
    the same window decides again without reading the fact tables); ``eligible_class`` is
    what the portfolio's class filter asks of the database.
    """

    company = models.OneToOneField(
        Company, on_delete=models.CASCADE, primary_key=True, related_name="stored_decision"
    )
    year = models.PositiveSmallIntegerField()  # the year of the case it decides
    assessment_date = models.DateField()
    stable_until = models.DateField(null=True, blank=True)  # None: nothing dated changes it
    stale = models.BooleanField(default=False)
    eligible_class = models.CharField(max_length=2, blank=True)  # "" = no class
    discretionary = models.BooleanField(default=False)
    first_missing = models.CharField(max_length=4, blank=True)  # a criterion code, or ""
    facts = models.JSONField()
    decision = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["eligible_class"], name="stored_decision_class")]

    def __str__(self) -> str:
        return f"{self.company_id} {self.assessment_date}: {self.eligible_class or '-'}"

    def valid_on(self, on) -> bool:
        """Whether this decision is the decision on ``on`` (else it must be recomputed)."""
        return (
            not self.stale
            and self.year == on.year
            and self.assessment_date <= on
            and (self.stable_until is None or on < self.stable_until)
        )
