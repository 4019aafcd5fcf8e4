"""Documentation a client company uploads, reviewed by an advisor.

Its own app rather than part of ``surveys`` (where DESIGN.md first put it): uploads
have their own storage, sniffing, serving and review rules, and they document more
than surveys (contracts, equipment checks, training, the internal control system).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from companies.models import Company
from documents.sniffing import extension_for
from surveys.models import ActionItem, Survey


class Category(models.TextChoices):
    EMPLOYMENT_CONTRACTS = "EMPLOYMENT_CONTRACTS", _("Arbeidsavtaler")
    EQUIPMENT_INSPECTION = "EQUIPMENT_INSPECTION", _("Kontroll av arbeidsutstyr")
    SAFETY_REP_TRAINING = "SAFETY_REP_TRAINING", _("Opplæring av verneombud")
    AMU = "AMU", _("Arbeidsmiljøutvalg (AMU)")
    REGULATIONS = "REGULATIONS", _("Forskrifter og veiledninger")
    INTERNAL_CONTROL = "INTERNAL_CONTROL", _("Internkontrollsystem (HMS)")
    OWN_PHYSICAL_SURVEY = "OWN_PHYSICAL_SURVEY", _("Egen fysisk kartlegging")
    OWN_PSYCHOSOCIAL_SURVEY = "OWN_PSYCHOSOCIAL_SURVEY", _("Egen psykososial kartlegging")
    REPORT = "REPORT", _("Rapport")
    ACTION_EVIDENCE = "ACTION_EVIDENCE", _("Dokumentasjon av tiltak")
    OTHER = "OTHER", _("Annet")


class Criterion(models.TextChoices):
    """The criterion of RULES.md a document supports; A3 split into its five parts."""

    B1 = "B1", _("B1 Fysisk kartlegging")
    B2 = "B2", _("B2 Rapport og handlingsplan")
    B3 = "B3", _("B3 Risikovurdering")
    B4 = "B4", _("B4 Fysiske tiltak")
    B5 = "B5", _("B5 Vernerunde / arbeid utenfor eget bygg")
    A1 = "A1", _("A1 Psykososial kartlegging")
    A2 = "A2", _("A2 Gjennomgått rapport")
    A3A = "A3a", _("A3 a) Skriftlige arbeidsavtaler")
    A3B = "A3b", _("A3 b) Kontroll av arbeidsutstyr")
    A3C = "A3c", _("A3 c) Verneombud og AMU")
    A3D = "A3d", _("A3 d) Forskrifter og veiledninger")
    A3E = "A3e", _("A3 e) Internkontrollsystem")
    A4 = "A4", _("A4 Psykososialt forbedringsarbeid")
    P3 = "P3", _("P3 Psykososial handlingsplan")


# The criterion a category supports unless the uploader says otherwise.
DEFAULT_CRITERION = {
    Category.EMPLOYMENT_CONTRACTS: Criterion.A3A,
    Category.EQUIPMENT_INSPECTION: Criterion.A3B,
    Category.SAFETY_REP_TRAINING: Criterion.A3C,
    Category.AMU: Criterion.A3C,
    Category.REGULATIONS: Criterion.A3D,
    Category.INTERNAL_CONTROL: Criterion.A3E,
    Category.OWN_PHYSICAL_SURVEY: Criterion.B1,
    Category.OWN_PSYCHOSOCIAL_SURVEY: Criterion.A1,
}


# The criteria a document of each category can support; a category not listed (OTHER) may
# support any. A contract cannot document a psychosocial survey, and so on.
CATEGORY_CRITERIA: dict[str, tuple[str, ...]] = {
    Category.EMPLOYMENT_CONTRACTS: (Criterion.A3A,),
    Category.EQUIPMENT_INSPECTION: (Criterion.A3B, Criterion.B4),
    Category.SAFETY_REP_TRAINING: (Criterion.A3C,),
    Category.AMU: (Criterion.A3C,),
    Category.REGULATIONS: (Criterion.A3D,),
    Category.INTERNAL_CONTROL: (Criterion.A3E,),
    Category.OWN_PHYSICAL_SURVEY: (Criterion.B1, Criterion.B2),
    Category.OWN_PSYCHOSOCIAL_SURVEY: (Criterion.A1, Criterion.A2, Criterion.P3),
    Category.REPORT: (
        Criterion.B1,
        Criterion.B2,
        Criterion.B3,
        Criterion.B5,
        Criterion.A1,
        Criterion.A2,
    ),
    Category.ACTION_EVIDENCE: (Criterion.B4, Criterion.B5, Criterion.A4, Criterion.P3),
}


def validate_category_criterion(category: str, criterion: str) -> None:
    """Refuse a criterion the category cannot document, naming the ones it can."""
    allowed = CATEGORY_CRITERIA.get(category)
    if not criterion or allowed is None or criterion in allowed:
        return
    raise ValidationError(
        {
            "criterion": _(
                "«%(criterion)s» hører ikke til kategorien «%(category)s». Velg %(allowed)s, "
                "eller la feltet stå tomt."
            )
            % {
                "criterion": Criterion(criterion).label,
                "category": Category(category).label,
                "allowed": _(" eller ").join(f"«{Criterion(c).label}»" for c in allowed),
            }
        },
        code="criterion_not_in_category",
    )


def document_upload_to(instance: "Document", filename: str) -> str:
    """A random name with the sniffed extension; the uploader's name is never a path."""
    return f"documents/{uuid.uuid4().hex}.{instance.extension}"


class Document(models.Model):
    """One uploaded file, its metadata, and the advisor's review of it."""

    class Status(models.TextChoices):
        PENDING = "PENDING", _("Venter på gjennomgang")
        ACCEPTED = "ACCEPTED", _("Godkjent")
        REJECTED = "REJECTED", _("Avvist")
        # Taken back by the client who uploaded it, before review: kept, with its history.
        WITHDRAWN = "WITHDRAWN", pgettext_lazy("document", "Trukket tilbake")

    company = models.ForeignKey(
        Company, verbose_name=_("virksomhet"), on_delete=models.CASCADE, related_name="documents"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lastet opp av"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("lastet opp"), auto_now_add=True)
    category = models.CharField(_("kategori"), max_length=32, choices=Category.choices)
    criterion = models.CharField(
        _("kriterium"), max_length=4, choices=Criterion.choices, blank=True
    )
    description = models.CharField(_("beskrivelse"), max_length=300, blank=True)
    survey = models.ForeignKey(
        Survey,
        verbose_name=_("kartlegging"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    action_item = models.ForeignKey(
        ActionItem,
        verbose_name=_("tiltak"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    effective_from = models.DateField(
        _("gjelder fra"),
        help_text=_("Datoen dokumentet gjelder fra (ikke opplastingsdatoen): den regnes med."),
    )
    expires_on = models.DateField(_("utløper"), null=True, blank=True)
    original_name = models.CharField(_("filnavn"), max_length=255)
    file = models.FileField(upload_to=document_upload_to, max_length=200)
    size = models.PositiveBigIntegerField(_("størrelse (byte)"))
    content_type = models.CharField(_("filtype"), max_length=100)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gjennomgått av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("gjennomgått"), null=True, blank=True)
    review_comment = models.TextField(_("kommentar fra rådgiver"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenter")
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["company", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gte=models.F("effective_from")),
                name="document_expires_after_effective",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="REJECTED") | ~models.Q(review_comment=""),
                name="document_rejection_needs_comment",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return extension_for(self.content_type)

    def is_expired(self, on) -> bool:
        return self.expires_on is not None and self.expires_on < on
