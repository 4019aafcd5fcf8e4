"""The anonymous psychosocial questionnaire: template, round, one-time codes, answers.

Anonymity is a property of the schema, not of the views (ANONYMITY.md, beside this
file): an :class:`Answer` holds the round, the group and the answers, nothing else that
could tie it to a code, a person, a device or a time. An issued code
(:class:`AnswerCode`) is never changed; using it writes a :class:`SpentCode` under a
second keyed hash that cannot be matched to the first without the code itself. So even
PostgreSQL's system columns (a row's ``xmin`` is its transaction) pair an answer only
with a hash that leads nowhere; closing the round deletes both kinds of code and writes
the answers again in random order.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from companies.models import Company
from hms_cert.versioned import Revision, VersionedTemplate
from surveys.models import Survey


def _in_language(nb: str, en: str) -> str:
    return en if (get_language() or "nb").startswith("en") and en else nb


class QuestionnaireTemplate(VersionedTemplate):
    """One version of a questionnaire (``hms_cert.versioned``). A round keeps the version it
    started with: a version a round used is never edited in place."""

    title_nb = models.CharField(_("tittel (bokmål)"), max_length=200)
    title_en = models.CharField(_("tittel (engelsk)"), max_length=200)
    free_text_nb = models.CharField(_("fritekstspørsmål (bokmål)"), max_length=300)
    free_text_en = models.CharField(_("fritekstspørsmål (engelsk)"), max_length=300)

    class Meta(VersionedTemplate.Meta):
        verbose_name = _("spørreskjema")
        verbose_name_plural = _("spørreskjemaer")

    def __str__(self) -> str:
        return f"{self.title_nb} v{self.version}"

    def in_use(self) -> bool:
        return Round.objects.filter(template=self).exists()

    def copy_parts(self, revision: Revision) -> None:
        for theme in self.themes.prefetch_related("questions"):
            new_theme = revision.copy(theme, template=revision.template)
            for question in theme.questions.all():
                revision.copy(question, theme=new_theme)

    @property
    def title(self) -> str:
        return _in_language(self.title_nb, self.title_en)

    @property
    def free_text(self) -> str:
        return _in_language(self.free_text_nb, self.free_text_en)


class Theme(models.Model):
    """A short scale of 2-4 questions, scored 1 (worst) to 5 (best)."""

    template = models.ForeignKey(
        QuestionnaireTemplate, on_delete=models.CASCADE, related_name="themes"
    )
    key = models.SlugField(max_length=50)
    position = models.PositiveSmallIntegerField()
    title_nb = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    guide_nb = models.TextField(blank=True)
    guide_en = models.TextField(blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="theme_key_per_template")
        ]

    def __str__(self) -> str:
        return self.title_nb

    @property
    def title(self) -> str:
        return _in_language(self.title_nb, self.title_en)

    @property
    def guide(self) -> str:
        return _in_language(self.guide_nb, self.guide_en)


class Question(models.Model):
    """One statement answered 1-5 (strongly disagree - strongly agree).

    ``reverse`` questions are worded so that agreeing is bad (e.g. "I have too much to
    do"); their answers are turned round (6 - value) before a theme is scored.
    """

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=50)
    position = models.PositiveSmallIntegerField()
    text_nb = models.CharField(max_length=300)
    text_en = models.CharField(max_length=300)
    reverse = models.BooleanField(default=False)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.text_nb

    @property
    def text(self) -> str:
        return _in_language(self.text_nb, self.text_en)

    def score(self, value: int) -> int:
        return 6 - value if self.reverse else value


class Round(models.Model):
    """One run of the questionnaire in a company, feeding one psychosocial Survey."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="questionnaire_rounds"
    )
    template = models.ForeignKey(QuestionnaireTemplate, on_delete=models.PROTECT, related_name="+")
    survey = models.OneToOneField(
        Survey, on_delete=models.CASCADE, related_name="questionnaire_round"
    )
    employee_count = models.PositiveIntegerField(
        _("antall ansatte"), validators=[MinValueValidator(1)]
    )
    opened_on = models.DateField(_("startet"))
    closes_on = models.DateField(_("stenger"))
    closed_on = models.DateField(_("stengt"), null=True, blank=True)
    links_sent = models.PositiveIntegerField(_("lenker sendt"), default=0)
    slips_printed = models.PositiveIntegerField(_("lapper skrevet ut"), default=0)
    report = models.FileField(_("rapport"), upload_to="questionnaires/%Y/", blank=True)
    report_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("spørreundersøkelse")
        verbose_name_plural = _("spørreundersøkelser")
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.company} {self.opened_on:%d.%m.%Y}"

    def is_open(self, on) -> bool:
        return self.closed_on is None and on <= self.closes_on


class Group(models.Model):
    """A department answering as a group, of at least the anonymity threshold's size.

    Its results are shown only when at least that many of it answered.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("gruppe"), max_length=100)
    size = models.PositiveIntegerField(_("antall"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class AnswerCode(models.Model):
    """An issued one-time code, stored only as a keyed hash; never changed once written.

    No number, no person, no time and no "used" flag: whether a code was used is known
    only to someone who holds it (:class:`SpentCode`). Codes of one sending are written
    in one statement in random order, so not even their order says whose they are.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="codes")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, null=True, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return self.code_hash[:8]


class SpentCode(models.Model):
    """A used code, under a keyed hash of its own: a code answers once, and only once.

    Written in the answer's transaction, so the two share ``xmin``; but ``spent_hash``
    cannot be matched to the issued code's ``code_hash`` (or to a person) without the code.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    spent_hash = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return self.spent_hash[:8]


class Answer(models.Model):
    """One person's answers: the round, the group and the answers - deliberately nothing more.

    No date or time (a row's place among others is rewritten at random when the round
    closes). ``values`` maps question keys to 1-5 as given (not yet turned round).
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="answers")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, null=True, related_name="+")
    values = models.JSONField()
    free_text = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Conversation(models.Model):
    """A formal work-environment conversation after the questionnaire (A1)."""

    class Kind(models.TextChoices):
        GROUP = "group", _("Gruppesamtale")
        INDIVIDUAL = "individual", _("Medarbeidersamtaler")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="conversations")
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    held_on = models.DateField(_("dato"))
    participants = models.PositiveIntegerField(
        _("antall deltakere"), validators=[MinValueValidator(1)]
    )
    led_by = models.CharField(_("ledet av"), max_length=120)
    summary = models.TextField(_("oppsummering (uten navn)"))
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d.%m.%Y}"
