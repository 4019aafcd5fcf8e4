"""Certification cases, the confirmations the criteria ask of our staff, and certificates."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from stdnum.no import orgnr

from certificates import validity
from certificates.validity import certificate_status
from companies.models import Company

CLASS_CHOICES = [("B", "B"), ("A", "A"), ("A+", "A+")]


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
    """The statuses of ``Certificate.status_on`` as filters; both read the same four facts."""

    def in_force(self, on):
        """Valid on ``on``: in its period, not revoked, not superseded by a newer one."""
        return self.filter(
            revoked_at__isnull=True,
            superseded_by__isnull=True,
            valid_from__lte=on,
            valid_until__gte=on,
        )

    def superseded(self):
        return self.filter(superseded_by__isnull=False)

    def revoked(self):
        """Revoked and not replaced (a reissued certificate reads as superseded)."""
        return self.filter(revoked_at__isnull=False, superseded_by__isnull=True)

    def expired(self, on):
        return self.filter(revoked_at__isnull=True, superseded_by__isnull=True, valid_until__lt=on)

    def with_status(self, status: str, on):
        """Certificates whose ``status_on(on)`` is ``status``."""
        if status == validity.VALID:
            return self.in_force(on)
        if status == validity.SUPERSEDED:
            return self.superseded()
        if status == validity.REVOKED:
            return self.revoked()
        if status == validity.EXPIRED:
            return self.expired(on)
        if status == validity.NOT_YET_VALID:
            return self.filter(
                revoked_at__isnull=True, superseded_by__isnull=True, valid_from__gt=on
            )
        raise ValueError(f"unknown certificate status: {status!r}")

    def running_for(self, company, on):
        """The company's certificates a new one issued on ``on`` supersedes."""
        return self.filter(
            company=company,
            revoked_at__isnull=True,
            superseded_by__isnull=True,
            valid_until__gte=on,
        )

    def expiring(self, on, *, within_days: int):
        """In force on ``on`` with the last valid day at most ``within_days`` later."""
        return self.in_force(on).filter(valid_until__lte=on + timedelta(days=within_days))


class Certificate(models.Model):
    """An issued certificate, with the decision it rests on frozen beside it.

    The company's identity (name, organisation number, address) is frozen too, as printed
    on the PDF: the public pages show what was certified, never the live company row.
    """

    class Route(models.TextChoices):
        FOLLOW_UP = "FOLLOW_UP", _("Oppfølgingsavtale (ingen ekstra kostnad)")
        VERIFIED = "VERIFIED", _("Egne kartlegginger verifisert av oss (gebyr)")

    class Status(models.TextChoices):
        """What ``status_on`` answers; the one list of labels every page shows."""

        VALID = validity.VALID, _("Gyldig")
        EXPIRED = validity.EXPIRED, _("Utløpt")
        REVOKED = validity.REVOKED, _("Tilbakekalt")
        SUPERSEDED = validity.SUPERSEDED, _("Erstattet")
        NOT_YET_VALID = validity.NOT_YET_VALID, _("Ikke gyldig ennå")

    case = models.ForeignKey(
        CertificationCase, on_delete=models.PROTECT, related_name="certificates"
    )
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="certificates")
    number = models.CharField(_("sertifikatnummer"), max_length=20, unique=True)
    company_name = models.CharField(_("sertifisert navn"), max_length=200)
    organisation_number = models.CharField(_("sertifisert organisasjonsnummer"), max_length=9)
    company_address = models.CharField(_("sertifisert adresse"), max_length=300, blank=True)
    klass = models.CharField(_("klasse"), max_length=2, choices=CLASS_CHOICES)
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
    # The English original, stored and hashed beside the bokmål one at issuing; blank on
    # certificates issued before it was (their English copy is rendered on download).
    pdf_en = models.FileField(_("PDF (engelsk)"), upload_to="certificates/%Y/", blank=True)
    pdf_en_sha256 = models.CharField(_("SHA-256 (engelsk)"), max_length=64, blank=True)
    revoked_at = models.DateTimeField(_("tilbakekalt"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tilbakekalt av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revocation_reason = models.TextField(_("årsak til tilbakekalling"), blank=True)
    superseded_by = models.OneToOneField(
        "self",
        verbose_name=_("erstattet av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
    )
    history = HistoricalRecords()
    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikater")
        ordering = ["-issued_at"]
        # The public register's name search has a trigram index on PostgreSQL, made by
        # migration 0007 in SQL of its own (not here: SQLite could not build it). The
        # register's order has a btree: a broad search ("Bygg") or none walks it and stops
        # at the first page, where the trigram index found every match and sorted them.
        indexes = [
            models.Index(fields=["company", "valid_until"]),
            models.Index(fields=["company_name", "-valid_from"], name="certificate_register_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(klass__in=[value for value, _label in CLASS_CHOICES]),
                name="certificate_klass_is_a_class",
            ),
        ]

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

    @property
    def status(self) -> str:
        """Today's status (Europe/Oslo): what every page that shows a status shows."""
        return self.status_on(timezone.localdate())

    @property
    def status_label(self) -> str:
        return str(self.Status(self.status).label)

    @property
    def organisation_number_display(self) -> str:
        """The certified organisation number as printed: «923 609 016»."""
        return orgnr.format(self.organisation_number)

    def identity_differs_from(self, company: Company) -> bool:
        """True when the company's name or address has changed since this was issued."""
        return (self.company_name, self.company_address) != (company.name, company.address)


class CertificationEvent(models.Model):
    """One step of issuing, recorded as it happens: who did what, when and why.

    Written by the service in the same transaction as the change it records (the pattern
    of Zulip's RealmAuditLog), so the history page tells these steps as they were, not
    reconstructed by comparing versions of the rows they changed.
    """

    class Kind(models.TextChoices):
        SENT_TO_ISSUING = "SENT_TO_ISSUING", _("Sendt til utstedelse")
        REOPENED = "REOPENED", _("Tatt tilbake fra utstedelse")
        ISSUED = "ISSUED", _("Sertifikat utstedt")
        SUPERSEDED = "SUPERSEDED", _("Sertifikat erstattet av nytt")
        REVOKED = "REVOKED", _("Sertifikat tilbakekalt")
        REISSUED = "REISSUED", _("Sertifikat utstedt på nytt")
        CLOSED = "CLOSED", _("Sak avsluttet")

    company = models.ForeignKey(
        Company, verbose_name=_("virksomhet"), on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        CertificationCase,
        verbose_name=_("sak"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("sertifikat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    other_certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("tilhørende sertifikat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Det erstattede sertifikatet, eller det som erstattet dette."),
    )
    kind = models.CharField(_("hendelse"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utført av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    reason = models.TextField(_("begrunnelse"), blank=True)
    klass = models.CharField(_("klasse"), max_length=2, choices=CLASS_CHOICES, blank=True)
    eligible_class = models.CharField(
        _("oppnåelig klasse"), max_length=2, choices=CLASS_CHOICES, blank=True
    )
    fee = models.DecimalField(_("gebyr"), max_digits=10, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("hendelse")
        verbose_name_plural = _("hendelser")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["company", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d.%m.%Y}"


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
