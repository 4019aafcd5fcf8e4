"""Input forms of the companies app: they check input; the services decide."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from stdnum.no import orgnr

from companies.models import COMPANY_FIELDS, Company

# By the setting, not by import: accounts (users, invitations) is the layer above companies.
User = get_user_model()


def _display_name(user) -> str:
    """People are listed by name (``User.display_name``), not by username."""
    return user.display_name


class CompanyForm(forms.ModelForm):
    """A company's details (``COMPANY_FIELDS``); the advisor field only for those who may
    assign advisors."""

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
        fields = COMPANY_FIELDS

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
