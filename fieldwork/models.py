"""Checklists as data, and the physical surveys and safety rounds walked with them.

A checklist template is versioned (``hms_cert.versioned``): a template in use is never
edited in place, so an inspection keeps the questions it was answered with. Finishing an
inspection writes the records the rules count (a Survey, its Findings and ActionItems, a
RiskAssessment, a SafetyRound) through ``surveys.services``.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from companies.models import Company
from hms_cert.versioned import Revision, VersionedTemplate
from surveys.models import ActionItem, Finding, RiskAssessment, SafetyRound, Survey


class Kind(models.TextChoices):
    PHYSICAL = "physical", _("Fysisk kartlegging")
    SAFETY_ROUND = "safety_round", _("Vernerunde")


def _translated(obj, field: str) -> str:
    """The English text when English is active and written, else the bokmål one."""
    if (get_language() or "nb").startswith("en"):
        return getattr(obj, f"{field}_en") or getattr(obj, field)
    return getattr(obj, field)


class ChecklistTemplate(VersionedTemplate):
    """One version of a checklist; ``key`` names the checklist across its versions."""

    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("tittel"), max_length=200)
    title_en = models.CharField(_("tittel (engelsk)"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(VersionedTemplate.Meta):
        verbose_name = _("sjekkliste")
        verbose_name_plural = _("sjekklister")

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @property
    def display_title(self) -> str:
        return _translated(self, "title")

    def in_use(self) -> bool:
        return Inspection.objects.filter(template=self).exists()

    def copy_parts(self, revision: Revision) -> None:
        for section in self.sections.prefetch_related("items"):
            new_section = revision.copy(section, template=revision.template)
            for item in section.items.all():
                revision.copy(item, section=new_section)


class ChecklistSection(models.Model):
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveIntegerField(_("rekkefølge"), default=0)
    title = models.CharField(_("tittel"), max_length=200)
    title_en = models.CharField(_("tittel (engelsk)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("seksjon")
        verbose_name_plural = _("seksjoner")
        ordering = ["template", "order", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        return _translated(self, "title")


class ChecklistItem(models.Model):
    class AnswerKind(models.TextChoices):
        OK_DEVIATION = "ok_deviation", _("OK / Avvik / Ikke relevant")

    section = models.ForeignKey(ChecklistSection, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(_("rekkefølge"), default=0)
    question = models.CharField(_("spørsmål"), max_length=300)
    question_en = models.CharField(_("spørsmål (engelsk)"), max_length=300, blank=True)
    guidance = models.TextField(_("veiledning"), blank=True)
    guidance_en = models.TextField(_("veiledning (engelsk)"), blank=True)
    regulation = models.CharField(_("regelverk"), max_length=200, blank=True)
    answer_kind = models.CharField(
        _("svartype"),
        max_length=16,
        choices=AnswerKind.choices,
        default=AnswerKind.OK_DEVIATION,
    )

    class Meta:
        verbose_name = _("sjekkpunkt")
        verbose_name_plural = _("sjekkpunkter")
        ordering = ["section__order", "order", "id"]

    def __str__(self) -> str:
        return self.question

    @property
    def display_question(self) -> str:
        return _translated(self, "question")

    @property
    def display_guidance(self) -> str:
        return _translated(self, "guidance")


class Inspection(models.Model):
    """A physical survey or safety round walked with a checklist, on site."""

    class Status(models.TextChoices):
        IN_PROGRESS = "IN_PROGRESS", _("Pågår")
        FINISHED = "FINISHED", _("Fullført")

    template = models.ForeignKey(
        ChecklistTemplate, verbose_name=_("sjekkliste"), on_delete=models.PROTECT
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="inspections")
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    provider = models.CharField(_("utført av"), max_length=20, choices=Survey.Provider.choices)
    performed_on = models.DateField(_("dato"))
    participants = models.CharField(_("deltakere"), max_length=300, blank=True)
    site_address = models.CharField(_("adresse"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.IN_PROGRESS
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    survey = models.OneToOneField(
        Survey, on_delete=models.SET_NULL, null=True, blank=True, related_name="inspection"
    )
    safety_round = models.OneToOneField(
        SafetyRound, on_delete=models.SET_NULL, null=True, blank=True, related_name="inspection"
    )
    risk_assessment = models.OneToOneField(
        RiskAssessment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspection",
    )
    report = models.FileField(max_length=200, blank=True)
    report_sha256 = models.CharField(max_length=64, blank=True)
    sent_back_comment = models.TextField(
        _("sendt tilbake av rådgiver"),
        blank=True,
        help_text=_("Rådgiverens kommentar da kartleggingen sist ble sendt tilbake."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kartlegging på stedet")
        verbose_name_plural = _("kartlegginger på stedet")
        ordering = ["-performed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.performed_on:%d.%m.%Y}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.IN_PROGRESS


class Answer(models.Model):
    """The answer to one checklist item; a deviation carries its proposed measure."""

    class Value(models.TextChoices):
        OK = "OK", _("OK")
        DEVIATION = "DEVIATION", _("Avvik")
        NOT_RELEVANT = "NOT_RELEVANT", _("Ikke relevant")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    value = models.CharField(_("svar"), max_length=16, choices=Value.choices)
    note = models.TextField(_("merknad"), blank=True)
    severity = models.CharField(
        _("alvorlighet"),
        max_length=8,
        choices=Finding.Severity.choices,
        default=Finding.Severity.MEDIUM,
    )
    probability = models.PositiveSmallIntegerField(
        _("sannsynlighet (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    consequence = models.PositiveSmallIntegerField(
        _("konsekvens (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    measure = models.TextField(_("tiltak"), blank=True)
    responsible = models.CharField(_("ansvarlig"), max_length=120, blank=True)
    due_date = models.DateField(_("frist"), null=True, blank=True)
    plan_confirmed = models.BooleanField(_("tiltaket er bekreftet"), default=False)
    finding = models.OneToOneField(
        Finding, on_delete=models.SET_NULL, null=True, blank=True, related_name="answer"
    )
    action_item = models.OneToOneField(
        ActionItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="answer"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        ordering = ["item__section__order", "item__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="answer_once_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.item} – {self.get_value_display()}"

    @property
    def is_deviation(self) -> bool:
        return self.value == self.Value.DEVIATION

    @property
    def is_scored(self) -> bool:
        return self.probability is not None and self.consequence is not None

    @property
    def score(self) -> int | None:
        return self.probability * self.consequence if self.is_scored else None


def photo_upload_to(instance: "Photo", filename: str) -> str:
    """A random name; the phone's file name is never part of the path."""
    return f"fieldwork/{uuid.uuid4().hex}.{instance.extension}"


class Photo(models.Model):
    """A photo of an answer, re-encoded without its metadata (``fieldwork.photos``)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=photo_upload_to, max_length=200)
    content_type = models.CharField(max_length=32)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bilde")
        verbose_name_plural = _("bilder")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.file.name

    @property
    def extension(self) -> str:
        return "png" if self.content_type == "image/png" else "jpg"
