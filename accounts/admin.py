from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Invitation, User
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


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    """Invitations are sent and withdrawn from the company's user page (the link is e-mailed
    once and only its hash is stored)."""

    list_display = ("email", "company", "invited_by", "created_at", "expires_at", "accepted_at")
    search_fields = ("email", "company__name")
    exclude = ("token_hash",)
