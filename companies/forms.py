"""Input forms of the companies app: they check input; the services decide."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.no import orgnr

from accounts.models import User
from certificates import rules
from companies.models import Company
from companies.portfolio import NO_CLASS, PortfolioFilter


class CompanyForm(forms.ModelForm):
    """A company's details; the advisor field only for those who may assign advisors."""

    # Declared here so that «974 760 673» (eleven characters) passes the form's length
    # check; the model's validators then check the nine digits left by compact().
    organisation_number = forms.CharField(
        label=_("organisasjonsnummer"),
        max_length=20,
        help_text=_("Ni siffer, f.eks. 974 760 673."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Company
        fields = [
            "name",
            "organisation_number",
            "address",
            "employee_count",
            "industry",
            "off_site_work",
            "follow_up_agreement",
            "advisor",
        ]

    def __init__(self, *args, can_assign_advisor: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if can_assign_advisor:
            self.fields["advisor"].queryset = User.objects.filter(
                role=User.Role.ADVISOR, is_active=True
            ).order_by("first_name", "last_name", "username")
            self.fields["advisor"].label_from_instance = _display_name
        else:
            del self.fields["advisor"]

    def clean_organisation_number(self):
        """Accept «974 760 673» as typed; store the nine digits."""
        return orgnr.compact(self.cleaned_data["organisation_number"])


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


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form: on its field if the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
