from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Invitation, User
from companies.freshness import case_pages_all_changed
from hms_cert.admin_mixins import ReadOnlyAdmin


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active", "is_superuser")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Rolle og kontakt"), {"fields": ("role", "phone", "language")}),
    )
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, (_("Rolle"), {"fields": ("role",)}))

    # Case pages name users (who verified a survey, who wrote a comment, who changed what):
    # a name changed or a user deleted here changes what any of them shows (rare).
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            case_pages_all_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        case_pages_all_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        case_pages_all_changed()


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    """Invitations are sent and withdrawn from the company's user page (the link is e-mailed
    once and only its hash is stored)."""

    list_display = ("email", "company", "invited_by", "created_at", "expires_at", "accepted_at")
    search_fields = ("email", "company__name")
    exclude = ("token_hash",)
