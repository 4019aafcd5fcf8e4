from django.contrib import admin

from certificates.models import (
    Certificate,
    CertificateNumberSequence,
    CertificationCase,
    CertificationEvent,
    Confirmation,
)
from companies.admin_mixins import FactsChangedAdmin
from hms_cert.admin_mixins import ReadOnlyAdmin


class ConfirmationInline(admin.TabularInline):
    model = Confirmation
    extra = 0


@admin.register(CertificationCase)
class CertificationCaseAdmin(FactsChangedAdmin):
    list_display = ("company", "year", "status")
    list_filter = ("status", "year")
    search_fields = ("company__name",)
    inlines = [ConfirmationInline]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    """Certificates change only through the issuing services."""

    list_display = (
        "number",
        "company_name",
        "organisation_number",
        "klass",
        "valid_from",
        "valid_until",
        "revoked_at",
    )
    search_fields = ("number", "company_name", "organisation_number", "company__name")


@admin.register(CertificationEvent)
class CertificationEventAdmin(ReadOnlyAdmin):
    """The issuing events: written by the services only, never edited."""

    list_display = ("at", "kind", "company", "certificate", "actor")
    list_filter = ("kind",)
    search_fields = ("company__name", "certificate__number")


@admin.register(CertificateNumberSequence)
class CertificateNumberSequenceAdmin(ReadOnlyAdmin):
    list_display = ("year", "last_number")
