"""Forms of the case page (confirmations, the what-if date) and the portfolio's filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

import hms_rules as rules
from accounts.models import User
from certificates.models import Confirmation
from staff.portfolio import NO_CLASS, PortfolioFilter
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


def _display_name(user: User) -> str:
    """People are listed by name (``User.display_name``), not by username."""
    return user.display_name


class PortfolioFilterForm(forms.Form):
    """Search and filter of the portfolio (GET); an invalid value is ignored."""

    sok = forms.CharField(label=_("Søk"), required=False, max_length=100)
    klasse = forms.ChoiceField(
        label=_("Oppnåelig klasse"),
        required=False,
        choices=[
            ("", _("Alle")),
            *[(klass, klass) for klass in reversed(rules.CLASS_ORDER)],
            (NO_CLASS, _("Ingen klasse")),
        ],
    )
    forfalt = forms.BooleanField(label=_("Har forfalte tiltak"), required=False)
    radgiver = forms.ModelChoiceField(
        label=_("Rådgiver"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("Alle rådgivere"),
    )

    def __init__(self, *args, show_advisor: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sok"].widget.attrs["placeholder"] = _("Navn eller organisasjonsnummer")
        if show_advisor:
            self.fields["radgiver"].queryset = User.objects.filter(role=User.Role.ADVISOR).order_by(
                "first_name", "last_name", "username"
            )
            self.fields["radgiver"].label_from_instance = _display_name
        else:
            del self.fields["radgiver"]

    def criteria(self) -> PortfolioFilter:
        """The valid parts of the filter; a field with a bad value counts as not set."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        advisor = data.get("radgiver")
        return PortfolioFilter(
            search=data.get("sok", ""),
            klass=data.get("klasse", ""),
            overdue_only=data.get("forfalt", False),
            advisor_id=advisor.pk if advisor else None,
        )
