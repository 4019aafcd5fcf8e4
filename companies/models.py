from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from stdnum.no import orgnr


def validate_organisation_number(value: str) -> None:
    """Nine digits with a valid MOD11 check digit (Brønnøysundregistrene)."""
    if not orgnr.is_valid(value):
        raise ValidationError(
            _("«%(value)s» er ikke et gyldig organisasjonsnummer (ni siffer med kontrollsiffer)."),
            code="invalid_orgnr",
            params={"value": value},
        )


class Company(models.Model):
    """A client company of Bedriftstjenesten AS, certified once a year."""

    name = models.CharField(_("navn"), max_length=200)
    organisation_number = models.CharField(
        _("organisasjonsnummer"),
        max_length=9,
        unique=True,
        validators=[validate_organisation_number],
        error_messages={
            "unique": _("En virksomhet med dette organisasjonsnummeret finnes allerede.")
        },
    )
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    employee_count = models.PositiveIntegerField(_("antall ansatte"), default=1)
    industry = models.CharField(_("bransje"), max_length=120, blank=True)
    off_site_work = models.BooleanField(
        _("vesentlig arbeid utenfor eget bygg"),
        default=False,
        help_text=_("For eksempel håndverkere: krever dokumenterte vernerunder (B5)."),
    )
    follow_up_agreement = models.BooleanField(
        _("oppfølgingsavtale"),
        default=True,
        help_text=_("Med oppfølgingsavtale koster sertifiseringen ikke noe ekstra."),
    )
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansvarlig rådgiver"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="advised_companies",
        limit_choices_to={"role": "ADVISOR"},
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("virksomhet")
        verbose_name_plural = _("virksomheter")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation_number_display})"

    @property
    def organisation_number_display(self) -> str:
        return orgnr.format(self.organisation_number)


# A company's details that people edit, in the order the form and the API show them. The
# company form, the services and the API's CompanySerializer all take them from here: a new
# field of a company is added to the model above and named here, once.
COMPANY_FIELDS = (
    "name",
    "organisation_number",
    "address",
    "employee_count",
    "industry",
    "off_site_work",
    "follow_up_agreement",
    "advisor",
)


class Membership(models.Model):
    """A client user's access to one company; a user may belong to several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(fields=["user", "company"], name="unique_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.company.name}"


class CaseRevision(models.Model):
    """A counter per company, raised in the same transaction as every change to what the
    case page keeps in its cache (``companies.freshness.case_page_changed``).

    The cached parts of the page are keyed by it, so an old part is never served again.
    A row of its own, not a column of Company: nothing but the one UPDATE ever writes it,
    so a save of the company (the admin writes every column) cannot put back an older value,
    and it is in no history.
    """

    company = models.OneToOneField(
        Company, primary_key=True, on_delete=models.CASCADE, related_name="case_revision"
    )
    revision = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.company_id}: {self.revision}"
