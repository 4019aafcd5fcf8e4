from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from certificates.models import Certificate, CertificationCase, Confirmation


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
class CertificateAdmin(SimpleHistoryAdmin):
    """Read-only: certificates change only through the issuing services."""

    list_display = ("number", "company", "klass", "valid_from", "valid_until", "revoked_at")
    search_fields = ("number", "company__name", "company__organisation_number")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
