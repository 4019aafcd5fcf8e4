"""Forms of the case page: the confirmations the criteria ask of our staff, and the what-if date."""

from django import forms
from django.utils.translation import gettext_lazy as _

from certificates import rules
from certificates.models import Confirmation
from surveys.forms import DateInput
from surveys.validators import validate_not_in_future, validate_sane_year


class ConfirmationForm(forms.Form):
    """One confirmation (legal minimum a–e, psychosocial work, management focus, discretionary)."""

    text = forms.CharField(
        label=_("Merknad"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirmed_on = forms.DateField(
        label=_("Dato"), widget=DateInput(), validators=[validate_sane_year, validate_not_in_future]
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind in Confirmation.TEXT_REQUIRED:
            self.fields["text"].required = True
            self.fields["text"].label = _("Begrunnelse")
            self.fields["text"].error_messages["required"] = _("Skriv en begrunnelse.")


class WhatIfForm(forms.Form):
    """``?dato=2027-03-01``: show the decision for another assessment date, for planning."""

    dato = forms.DateField(
        label=_("Vurderingsdato"),
        widget=DateInput(),
        validators=[validate_sane_year],
        error_messages={"invalid": _("Ugyldig dato.")},
    )

    def clean_dato(self):
        """No criteria existed before the first rule set started: nothing to assess."""
        value = self.cleaned_data["dato"]
        first = min(rules.RULE_SETS)
        if value < first:
            raise forms.ValidationError(
                _("Kriteriene gjelder fra %(first)s; velg en senere dato.")
                % {"first": first.strftime("%d.%m.%Y")}
            )
        return value
