"""Input of the questionnaire pages; validation of input only (rules are in services)."""

import re

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from questionnaires.models import Conversation
from questionnaires.selectors import codes_left
from surveys.models import Finding

LIKERT = [
    (1, _("Helt uenig")),
    (2, _("Litt uenig")),
    (3, _("Verken enig eller uenig")),
    (4, _("Litt enig")),
    (5, _("Helt enig")),
]
LANGUAGES = [("nb", "Norsk bokmål"), ("en", "English")]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RoundStartForm(forms.Form):
    employee_count = forms.IntegerField(label=_("Antall ansatte"), min_value=1, max_value=5000)
    closes_on = forms.DateField(label=_("Stenger"), widget=DateInput())
    groups = forms.CharField(
        label=_("Grupper (valgfritt)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Én gruppe per linje: navn og antall, f.eks. «Lager: 6». Hver gruppe må ha "
            "minst 5 personer, ellers kan svarene spores."
        ),
    )

    def clean_groups(self) -> list[tuple[str, int]]:
        groups = []
        for line in self.cleaned_data["groups"].splitlines():
            if not line.strip():
                continue
            name, sep, size = line.rpartition(":")
            if not sep or not name.strip() or not size.strip().isdigit() or int(size) < 1:
                raise forms.ValidationError(
                    _("Skriv hver gruppe som «navn: antall» (%(line)s).") % {"line": line}
                )
            groups.append((name.strip()[:100], int(size)))
        return groups


class _GroupChoice(forms.ModelChoiceField):
    """The round's groups, each with how many codes it has left; empty: no group."""

    def __init__(self, round_, **kwargs):
        groups = list(round_.groups.all())
        self.left = {g.pk: codes_left(round_, g) for g in groups}
        super().__init__(
            queryset=round_.groups.all(),
            required=False,
            label=_("Gruppe"),
            empty_label=_("Ingen gruppe (%(n)s igjen)") % {"n": codes_left(round_, None)},
            **kwargs,
        )
        self.hidden = not groups

    def label_from_instance(self, obj) -> str:
        return _("%(group)s (%(n)s igjen)") % {"group": obj.name, "n": self.left[obj.pk]}


class _ForRoundGroup(forms.Form):
    """A form whose codes go to one of the round's groups, chosen first (hidden if none)."""

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"] = _GroupChoice(round_)
        if self.fields["group"].hidden:
            self.fields["group"].widget = forms.HiddenInput()
        self.order_fields(["group"])


class LinksForm(_ForRoundGroup):
    """Addresses to send personal links to; one per line, or separated by commas."""

    addresses = forms.CharField(
        label=_("E-postadresser"),
        widget=forms.Textarea(attrs={"rows": 8, "autocomplete": "off", "spellcheck": "false"}),
        help_text=_("Én adresse per linje (eller skilt med komma). Maks 500 om gangen."),
    )

    def clean_addresses(self) -> list[str]:
        raw = re.split(r"[\s,;]+", self.cleaned_data["addresses"])
        seen, unique, invalid = set(), [], []
        for address in filter(None, raw):
            try:
                validate_email(address)
            except forms.ValidationError:
                invalid.append(address)
                continue
            if address.lower() not in seen:
                seen.add(address.lower())
                unique.append(address)
        if invalid:
            raise forms.ValidationError(
                _("Disse adressene er ikke gyldige: %(list)s") % {"list": ", ".join(invalid)}
            )
        if not unique:
            raise forms.ValidationError(_("Skriv minst én e-postadresse."))
        if len(unique) > 500:
            raise forms.ValidationError(_("Send til høyst 500 adresser om gangen."))
        return unique


class SlipsForm(_ForRoundGroup):
    count = forms.IntegerField(label=_("Antall lapper"), min_value=1, max_value=5000)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Svarkode"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    language = forms.ChoiceField(
        label=_("Språk / Language"), choices=LANGUAGES, initial="nb", widget=forms.RadioSelect
    )


class AnswerForm(forms.Form):
    """One radio group per question of the round's template, and the free-text question."""

    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    language = forms.ChoiceField(choices=LANGUAGES, widget=forms.HiddenInput)

    def __init__(self, *args, themes, free_text_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.themes = themes
        for theme in themes:
            for question in theme.questions.all():
                self.fields[f"q_{question.key}"] = forms.TypedChoiceField(
                    label=question.text, choices=LIKERT, coerce=int, widget=forms.RadioSelect
                )
        self.fields["free_text"] = forms.CharField(
            label=free_text_label,
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 4}),
        )

    def sections(self):
        """(theme, [bound fields]) for the template."""
        return [(t, [self[f"q_{q.key}"] for q in t.questions.all()]) for t in self.themes]

    def values(self) -> dict[str, int]:
        return {
            name[2:]: value for name, value in self.cleaned_data.items() if name.startswith("q_")
        }


class ConversationForm(forms.ModelForm):
    class Meta:
        model = Conversation
        fields = ["kind", "held_on", "participants", "led_by", "summary"]
        widgets = {"held_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 4})}


class ProposalForm(forms.Form):
    description = forms.CharField(label=_("Funn"), widget=forms.Textarea(attrs={"rows": 2}))
    severity = forms.ChoiceField(label=_("Alvorlighet"), choices=Finding.Severity.choices)
    measure = forms.CharField(label=_("Tiltak"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.CharField(label=_("Ansvarlig"), max_length=120)
    due_date = forms.DateField(label=_("Frist"), widget=DateInput())
