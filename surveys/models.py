"""What is recorded about a company's work environment, counted by date by the rules.

Stored choice values equal the rules engine's values (``hms_rules``), so building
the facts of a case needs no mapping.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from companies.models import Company
from hms_cert.choices import ChoiceLabels


class Area(models.TextChoices):
    PHYSICAL = "physical", _("Fysisk")
    PSYCHOSOCIAL = "psychosocial", _("Psykososialt")


class Survey(ChoiceLabels, models.Model):
    """A physical or psychosocial survey (kartlegging) of the work environment."""

    class Kind(models.TextChoices):
        PHYSICAL = "physical", _("Fysisk kartlegging")
        PSYCHOSOCIAL = "psychosocial", _("Psykososial kartlegging")

    class Provider(models.TextChoices):
        BEDRIFTSTJENESTEN = "BEDRIFTSTJENESTEN", _("Bedriftstjenesten AS")
        EXTERNAL = "EXTERNAL", _("Virksomheten selv eller andre")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="surveys")
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    performed_on = models.DateField(_("gjennomført"))
    provider = models.CharField(
        _("utført av"), max_length=20, choices=Provider.choices, default=Provider.BEDRIFTSTJENESTEN
    )
    summary = models.TextField(_("sammendrag"), blank=True)
    has_written_report = models.BooleanField(_("skriftlig rapport foreligger"), default=False)
    report_reviewed = models.BooleanField(_("rapporten er gjennomgått"), default=False)
    formal_conversations = models.BooleanField(
        _("gjennomført med formaliserte arbeidsmiljø-/medarbeidersamtaler"), default=False
    )
    no_new_survey_needed = models.BooleanField(
        _("ingen grunn til ny kartlegging etter 12 måneder"), default=False
    )
    no_significant_deviations = models.BooleanField(
        _("ingen vesentlige avvik avdekket"), default=False
    )
    verified_on = models.DateField(_("verifisert dato"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verifisert av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kartlegging")
        verbose_name_plural = _("kartlegginger")
        ordering = ["-performed_on", "-id"]
        indexes = [models.Index(fields=["company", "kind", "performed_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.performed_on:%d.%m.%Y}"

    @property
    def is_ours(self) -> bool:
        return self.provider == self.Provider.BEDRIFTSTJENESTEN


class Finding(ChoiceLabels, models.Model):
    """One thing a survey found (avvik/funn)."""

    class Severity(models.TextChoices):
        LOW = "LOW", _("Lav")
        MEDIUM = "MEDIUM", _("Middels")
        HIGH = "HIGH", _("Høy")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="findings")
    description = models.TextField(_("hva"))
    location = models.CharField(_("hvor"), max_length=200, blank=True)
    severity = models.CharField(
        _("alvorlighet"), max_length=8, choices=Severity.choices, default=Severity.MEDIUM
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funn")
        verbose_name_plural = _("funn")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description[:60]


class RiskAssessment(models.Model):
    """A documented risk assessment; its hazards are scored on a 5 × 5 matrix."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="risk_assessments")
    performed_on = models.DateField(_("gjennomført"))
    title = models.CharField(_("tema"), max_length=200)
    notes = models.TextField(_("merknader"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risikovurdering")
        verbose_name_plural = _("risikovurderinger")
        ordering = ["-performed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} {self.performed_on:%d.%m.%Y}"


class Hazard(models.Model):
    """One hazard of a risk assessment: probability × consequence, each 1–5."""

    risk_assessment = models.ForeignKey(
        RiskAssessment, on_delete=models.CASCADE, related_name="hazards"
    )
    description = models.CharField(_("fare"), max_length=300)
    probability = models.PositiveSmallIntegerField(
        _("sannsynlighet (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    consequence = models.PositiveSmallIntegerField(
        _("konsekvens (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    measure = models.CharField(_("tiltak"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fare")
        verbose_name_plural = _("farer")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(probability__gte=1, probability__lte=5),
                name="hazard_probability_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(consequence__gte=1, consequence__lte=5),
                name="hazard_consequence_1_5",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def score(self) -> int:
        return self.probability * self.consequence


class SafetyRound(models.Model):
    """A documented HSE inspection (vernerunde), e.g. of work outside the own premises."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="safety_rounds")
    performed_on = models.DateField(_("gjennomført"))
    location = models.CharField(_("sted"), max_length=200)
    notes = models.TextField(_("merknader"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vernerunde")
        verbose_name_plural = _("vernerunder")
        ordering = ["-performed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.location} {self.performed_on:%d.%m.%Y}"


class ActionItemQuerySet(models.QuerySet):
    """Where "overdue" is defined: past its due date and not finished."""

    @staticmethod
    def overdue_condition(on, *, through: str = "") -> models.Q:
        """The overdue filter as a Q, over a relation (``through="action_items"``) if given."""
        prefix = f"{through}__" if through else ""
        return models.Q(
            **{
                f"{prefix}status__in": ActionItem.UNFINISHED,
                f"{prefix}due_date__lt": on,
            }
        )

    def overdue(self, on):
        return self.filter(self.overdue_condition(on))


class ActionItem(ChoiceLabels, models.Model):
    """One line of an action plan (tiltak i handlingsplan)."""

    class Status(models.TextChoices):
        OPEN = "OPEN", _("Ikke startet")
        IN_PROGRESS = "IN_PROGRESS", _("Under utbedring")
        DONE = "DONE", _("Utført")
        NOT_APPLICABLE = "NOT_APPLICABLE", _("Ikke aktuelt")

    # Not finished: what an advisor must still chase.
    UNFINISHED = (Status.OPEN, Status.IN_PROGRESS)

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="action_items")
    survey = models.ForeignKey(
        Survey,
        verbose_name=_("kartlegging"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        help_text=_("Kartleggingen handlingsplanen følger av."),
    )
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("funn"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    area = models.CharField(_("område"), max_length=16, choices=Area.choices)
    measure = models.TextField(_("tiltak"))
    responsible = models.CharField(_("ansvarlig"), max_length=120)
    due_date = models.DateField(_("frist"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    status_reason = models.TextField(
        _("begrunnelse"), blank=True, help_text=_("Påkrevd når tiltaket settes til «Ikke aktuelt».")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["company", "status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="NOT_APPLICABLE") | ~models.Q(status_reason=""),
                name="action_item_not_applicable_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.measure[:60]

    def is_overdue(self, on) -> bool:
        """Past its due date and not finished (``ActionItemQuerySet.overdue`` in the database)."""
        return self.status in self.UNFINISHED and self.due_date < on
