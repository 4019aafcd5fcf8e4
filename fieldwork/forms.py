"""Input forms of the checklist walk: they check input; the services decide and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from fieldwork.models import Answer, Kind
from surveys.forms import DateInput
from surveys.models import Finding
from surveys.validators import validate_sane_year

SCORES = [("", "–")] + [(str(n), str(n)) for n in range(1, 6)]


class StartForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Kind.choices, widget=forms.RadioSelect)
    participants = forms.CharField(
        label=_("Deltakere"),
        required=False,
        max_length=300,
        help_text=_("For eksempel leder og verneombud."),
    )
    site_address = forms.CharField(
        label=_("Adresse (vernerunde)"),
        required=False,
        max_length=200,
        help_text=_("Stedet eller oppdraget vernerunden gjelder."),
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == Kind.SAFETY_ROUND and not data.get("site_address", "").strip():
            self.add_error("site_address", _("Skriv adressen til stedet vernerunden gjelder."))
        return data


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one field; each is checked by ``fieldwork.photos``."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", MultiplePhotoInput(attrs={"accept": "image/*", "capture": "environment"})
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(PhotosField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class AnswerForm(forms.Form):
    value = forms.ChoiceField(label=_("Svar"), choices=Answer.Value.choices)
    note = forms.CharField(label=_("Merknad"), required=False, widget=forms.Textarea)
    photos = PhotosField(label=_("Bilder"), required=False)


class PlanForm(forms.Form):
    measure = forms.CharField(label=_("Tiltak"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.CharField(label=_("Ansvarlig"), max_length=120)
    due_date = forms.DateField(label=_("Frist"), widget=DateInput())
    severity = forms.ChoiceField(label=_("Alvorlighet"), choices=Finding.Severity.choices)
    probability = forms.TypedChoiceField(
        label=_("Sannsynlighet (1–5)"),
        choices=SCORES,
        coerce=int,
        required=False,
        empty_value=None,
    )
    consequence = forms.TypedChoiceField(
        label=_("Konsekvens (1–5)"),
        choices=SCORES,
        coerce=int,
        required=False,
        empty_value=None,
    )

    def clean_due_date(self):
        due_date = self.cleaned_data["due_date"]
        validate_sane_year(due_date)
        return due_date

    def clean(self):
        data = super().clean()
        if (data.get("probability") is None) != (data.get("consequence") is None):
            raise forms.ValidationError(
                _("Gi både sannsynlighet og konsekvens, eller ingen av dem.")
            )
        return data
