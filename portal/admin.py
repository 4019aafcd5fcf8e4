from django.contrib import admin

from hms_cert.admin_mixins import ReadOnlyAdmin
from portal.models import ActionItemComment


@admin.register(ActionItemComment)
class ActionItemCommentAdmin(ReadOnlyAdmin):
    list_display = ("item", "author", "created_at")
    search_fields = ("text", "item__company__name")
