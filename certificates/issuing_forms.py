"""Forms of issuing, revocation, the public checks and invoicing: input validation only."""

import filetype
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

import hms_rules as rules

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class IssueForm(forms.Form):
    klass = forms.ChoiceField(label=_("Klasse"), choices=())

    def __init__(self, *args, eligible: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        # Every class is listed so a refusal can say why; the service refuses any class
        # above the eligible one.
        allowed = rules.available_classes(eligible)
        self.fields["klass"].choices = [
            (k, k if k in allowed else _("%(klass)s (ikke oppfylt)") % {"klass": k})
            for k in reversed(rules.CLASS_ORDER)
        ]
        self.fields["klass"].initial = eligible


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrunnelse"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Begrunnelsen vises på den offentlige verifiseringssiden."),
    )


class PdfCheckForm(forms.Form):
    """A copy of a certificate to check: untrusted, from anyone.

    The upload handler has already stopped anything over ``UPLOAD_MAX_BYTES`` unread
    (hms_cert/uploads.py); here the bytes must also say PDF (``filetype``, as for
    documents), whatever the name or the browser's content type claim. ``cleaned_data``
    holds the file's bytes.
    """

    pdf = forms.FileField(
        label=_("PDF-fil"),
        error_messages={
            "required": _("Velg en PDF-fil å kontrollere."),
            "empty": _("Filen er tom."),
        },
    )

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("Filen er for stor (største tillatte størrelse er %(mb)s MB).")
                % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
            )
        upload.seek(0)
        data = upload.read()
        kind = filetype.guess(data[:8192])
        if kind is None or kind.mime != "application/pdf":
            raise forms.ValidationError(
                _("Filen er ikke en PDF. Last opp sertifikatet som PDF-fil."), code="file_type"
            )
        return data


class RegisterSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Virksomhet eller organisasjonsnummer"), required=False, max_length=200
    )


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Fra og med"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("Til og med"), widget=DATE_WIDGET)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("«Fra og med» må være før «Til og med»."))
        return cleaned
