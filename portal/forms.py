from django import forms
from django.utils.translation import gettext_lazy as _

from documents.forms import DateInput
from portal.services import CLIENT_STATUSES
from surveys.models import ActionItem


class ActionItemClientForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(status.value, status.label) for status in CLIENT_STATUSES],
    )
    reason = forms.CharField(
        label=_("Begrunnelse"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Påkrevd når tiltaket settes til «Ikke aktuelt»."),
    )
    comment = forms.CharField(
        label=_("Kommentar til rådgiveren"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = forms.FileField(
        label=_("Dokumentasjon (valgfritt)"),
        required=False,
        help_text=_("For eksempel et bilde av utbedringen eller en kvittering."),
    )
    evidence_effective_from = forms.DateField(
        label=_("Dokumentasjonen gjelder fra"),
        required=False,
        widget=DateInput(),
        help_text=_("Står den tom, brukes dagens dato."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == ActionItem.Status.NOT_APPLICABLE
            and not (cleaned.get("reason") or "").strip()
        ):
            self.add_error(
                "reason", _("Skriv en begrunnelse når tiltaket settes til «Ikke aktuelt».")
            )
        return cleaned
