"""Date checks shared by the forms (input) and the services (domain rules).

A date outside 2000–2100 is a typing error (2206 for 2026), not a plan; a survey,
risk assessment or safety round dated after today has not been performed yet.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2000
LAST_YEAR = 2100


def validate_sane_year(value: date) -> None:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Datoen må være mellom år %(first)s og %(last)s."),
            code="date_out_of_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


def validate_not_in_future(value: date) -> None:
    if value > timezone.localdate():
        raise ValidationError(_("Datoen kan ikke være etter dagens dato."), code="date_in_future")


def validate_performed_on(value: date) -> None:
    """A date something was performed: a sane year, and not after today."""
    validate_sane_year(value)
    validate_not_in_future(value)


def validate_status_reason(status: str, reason: str, *, field: str = "status_reason") -> None:
    """An action item set to NOT_APPLICABLE says why, whoever sets it (advisor or client).

    ``field`` names the form field the error belongs to (the client's form calls it
    ``reason``). The database keeps the same rule as a check constraint.
    """
    if status == "NOT_APPLICABLE" and not reason.strip():
        raise ValidationError(
            {field: _("Skriv en begrunnelse når tiltaket settes til «Ikke aktuelt».")}
        )


# What only a psychosocial survey records (A1's formal conversations and waiver, A2's review).
PSYCHOSOCIAL_ONLY_FIELDS = ("report_reviewed", "formal_conversations", "no_new_survey_needed")


def validate_kind_fields(kind: str, values: dict) -> None:
    """A physical survey leaves the psychosocial-only fields unset (they would mean nothing).

    ``values`` maps field names to what they are set to; the error names each field set.
    """
    if kind != "physical":
        return
    errors = {
        name: _("Gjelder bare psykososiale kartlegginger.")
        for name in PSYCHOSOCIAL_ONLY_FIELDS
        if values.get(name)
    }
    if errors:
        raise ValidationError(errors, code="psychosocial_only")
