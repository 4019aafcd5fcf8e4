"""Input forms of uploads and reviews: they check input; the services decide and save."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from documents.models import Category, Criterion, validate_category_criterion
from documents.sniffing import ALLOWED_LABELS
from surveys.models import ActionItem, Survey


class DateInput(forms.DateInput):
    """The browser's date picker; it sends and expects ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DocumentUploadForm(forms.Form):
    file = forms.FileField(label=_("Fil"))
    category = forms.ChoiceField(label=_("Kategori"), choices=Category.choices)
    criterion = forms.ChoiceField(
        label=_("Kriterium dokumentet gjelder"),
        choices=[("", _("Velges ut fra kategorien")), *Criterion.choices],
        required=False,
    )
    description = forms.CharField(label=_("Beskrivelse"), max_length=300, required=False)
    effective_from = forms.DateField(
        label=_("Gjelder fra"),
        widget=DateInput(),
        help_text=_("Datoen dokumentet gjelder fra, f.eks. datoen kontrollen ble utført."),
    )
    expires_on = forms.DateField(
        label=_("Utløper"),
        widget=DateInput(),
        required=False,
        help_text=_("For eksempel neste kontroll eller når kurset må fornyes."),
    )
    survey = forms.ModelChoiceField(
        label=_("Gjelder kartlegging"), queryset=Survey.objects.none(), required=False
    )
    action_item = forms.ModelChoiceField(
        label=_("Gjelder tiltak"), queryset=ActionItem.objects.none(), required=False
    )

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = company.surveys.all()
        self.fields["action_item"].queryset = company.action_items.all()
        self.fields["file"].help_text = _("%(types)s, høyst %(max)s.") % {
            "types": ALLOWED_LABELS,
            "max": filesizeformat(settings.UPLOAD_MAX_BYTES),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("category"):
            try:
                validate_category_criterion(cleaned["category"], cleaned.get("criterion", ""))
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Vurdering"),
        choices=[("accept", _("Godkjenn")), ("reject", _("Avvis"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Kommentar til kunden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Påkrevd når dokumentet avvises."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Skriv hvorfor dokumentet avvises."))
        return cleaned
