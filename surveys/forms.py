"""Input forms of the surveys app: they check input; the services decide and save."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from surveys.models import ActionItem, Finding, Hazard, RiskAssessment, SafetyRound, Survey
from surveys.services import (
    ACTION_ITEM_FIELDS,
    FINDING_FIELDS,
    HAZARD_FIELDS,
    RISK_ASSESSMENT_FIELDS,
    SAFETY_ROUND_FIELDS,
    SURVEY_FIELDS,
)
from surveys.validators import (
    PSYCHOSOCIAL_ONLY_FIELDS,
    validate_kind_fields,
    validate_not_in_future,
    validate_performed_on,
    validate_sane_year,
)


class DateInput(forms.DateInput):
    """The browser's date picker; it sends and expects ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class SurveyForm(forms.ModelForm):
    """A survey of one kind, or of a kind chosen on the form.

    Given ``kind`` (a new survey opened as physical or psychosocial), the kind is not asked
    and a physical survey's form has no psychosocial-only fields. Without it, the kind is a
    choice and those fields are marked ``data-kind-only``, so that static/js/hms.js hides
    them while "physical" is chosen; either way ``clean`` refuses them for a physical survey.
    """

    class Meta:
        model = Survey
        fields = SURVEY_FIELDS
        widgets = {"performed_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, kind: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind is not None:
            del self.fields["kind"]
            self.instance.kind = kind
            if kind == Survey.Kind.PHYSICAL:
                for name in PSYCHOSOCIAL_ONLY_FIELDS:
                    del self.fields[name]
            return
        self.fields["kind"].widget.attrs["data-kind-choice"] = ""
        for name in PSYCHOSOCIAL_ONLY_FIELDS:
            self.fields[name].widget.attrs["data-kind-only"] = Survey.Kind.PSYCHOSOCIAL

    def clean_performed_on(self):
        performed_on = self.cleaned_data["performed_on"]
        validate_performed_on(performed_on)
        return performed_on

    def clean(self):
        cleaned_data = super().clean()
        if self.kind is not None:
            cleaned_data["kind"] = self.kind
        try:
            validate_kind_fields(cleaned_data.get("kind"), cleaned_data)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field, messages)
        return cleaned_data


class SurveyVerifyForm(forms.Form):
    verified_on = forms.DateField(
        label=_("Verifisert dato"),
        widget=DateInput(),
        validators=[validate_sane_year, validate_not_in_future],
    )


class FindingForm(forms.ModelForm):
    class Meta:
        model = Finding
        fields = FINDING_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class RiskAssessmentForm(forms.ModelForm):
    class Meta:
        model = RiskAssessment
        fields = RISK_ASSESSMENT_FIELDS
        widgets = {"performed_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def clean_performed_on(self):
        performed_on = self.cleaned_data["performed_on"]
        validate_performed_on(performed_on)
        return performed_on


def _score_field(name: str) -> forms.IntegerField:
    """A 1–5 score whose error says 1–5 (the model field alone would say "at least 0")."""
    out_of_range = _("Velg et tall fra 1 til 5.")
    return forms.IntegerField(
        label=Hazard._meta.get_field(name).verbose_name,
        min_value=1,
        max_value=5,
        widget=forms.NumberInput(attrs={"min": 1, "max": 5, "inputmode": "numeric"}),
        error_messages={"min_value": out_of_range, "max_value": out_of_range},
    )


class HazardForm(forms.ModelForm):
    probability = _score_field("probability")
    consequence = _score_field("consequence")

    class Meta:
        model = Hazard
        fields = HAZARD_FIELDS


HazardFormSet = forms.formset_factory(HazardForm, extra=3)


class SafetyRoundForm(forms.ModelForm):
    class Meta:
        model = SafetyRound
        fields = SAFETY_ROUND_FIELDS
        widgets = {"performed_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def clean_performed_on(self):
        performed_on = self.cleaned_data["performed_on"]
        validate_performed_on(performed_on)
        return performed_on


def _require_reason(status: str | None, reason: str, field: str) -> None:
    if status == ActionItem.Status.NOT_APPLICABLE and not (reason or "").strip():
        raise ValidationError(
            {field: _("Skriv en begrunnelse når tiltaket settes til «Ikke aktuelt».")}
        )


class ActionItemForm(forms.ModelForm):
    """A line of the action plan; the survey and finding lists are the company's own.

    Editing leaves out the status: that has its own small form (``ActionItemStatusForm``).
    """

    class Meta:
        model = ActionItem
        fields = ACTION_ITEM_FIELDS
        widgets = {
            "due_date": DateInput(),
            "measure": forms.Textarea(attrs={"rows": 2}),
            "status_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, company, with_status: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = Survey.objects.filter(company=company)
        self.fields["finding"].queryset = Finding.objects.filter(
            survey__company=company
        ).select_related("survey")
        if not with_status:
            del self.fields["status"]
            del self.fields["status_reason"]

    def clean_due_date(self):
        due_date = self.cleaned_data["due_date"]
        validate_sane_year(due_date)
        return due_date

    def clean(self):
        cleaned_data = super().clean()
        if "status" in self.fields:
            _require_reason(
                cleaned_data.get("status"), cleaned_data.get("status_reason"), "status_reason"
            )
        return cleaned_data


class ActionItemStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)
    reason = forms.CharField(
        label=_("Begrunnelse"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Påkrevd når tiltaket settes til «Ikke aktuelt»."),
    )

    def clean(self):
        cleaned_data = super().clean()
        _require_reason(cleaned_data.get("status"), cleaned_data.get("reason"), "reason")
        return cleaned_data
