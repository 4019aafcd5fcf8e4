from django.contrib import admin, messages
from django.utils.translation import gettext as _
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from api import services
from api.models import ApiKey

# The library's own key model is not used: ours (api.ApiKey) acts for a staff member.
admin.site.unregister(APIKey)


@admin.register(ApiKey)
class ApiKeyAdmin(APIKeyModelAdmin):
    list_display = ("prefix", "name", "user", "access", "created", "last_used_at", "revoked")
    list_filter = ("access", "revoked", "created")
    search_fields = ("name", "prefix", "user__username", "user__email")
    fields = ("name", "user", "access", "expiry_date", "revoked", "prefix", "last_used_at")

    def get_readonly_fields(self, request, obj=None):
        fields = (*super().get_readonly_fields(request, obj), "last_used_at")
        if obj is not None:
            # A key keeps the person and access it was issued with; issue a new one instead.
            fields = (*fields, "user", "access")
        return fields

    def has_add_permission(self, request):
        return request.user.is_issuer

    def has_change_permission(self, request, obj=None):
        return request.user.is_issuer

    def save_model(self, request, obj, form=None, change=False):
        if change:
            obj.save()
            return
        secret = services.api_key_issue(api_key=obj, actor=request.user)
        messages.warning(
            request,
            _("API-nøkkelen «%(name)s» er: %(key)s — ta vare på den nå; den vises ikke igjen.")
            % {"name": obj.name, "key": secret},
        )
