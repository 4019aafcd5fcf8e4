from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from certificates.models import (
    Certificate,
    CertificateNumberSequence,
    CertificationCase,
    Confirmation,
)
from hms_cert.admin_mixins import ReadOnlyAdmin


class ConfirmationInline(admin.TabularInline):
    model = Confirmation
    extra = 0


@admin.register(CertificationCase)
class CertificationCaseAdmin(SimpleHistoryAdmin):
    list_display = ("company", "year", "status")
    list_filter = ("status", "year")
    search_fields = ("company__name",)
    inlines = [ConfirmationInline]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    """Certificates change only through the issuing services."""

    list_display = ("number", "company", "klass", "valid_from", "valid_until", "revoked_at")
    search_fields = ("number", "company__name", "company__organisation_number")


@admin.register(CertificateNumberSequence)
class CertificateNumberSequenceAdmin(ReadOnlyAdmin):
    list_display = ("year", "last_number")
