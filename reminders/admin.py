from django.contrib import admin

from reminders.models import SentReminder


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    """Read-only: the log of what the reminder job decided and delivered."""

    list_display = ("created_at", "kind", "company", "email", "threshold_days", "sent_at")
    list_filter = ("kind", "sent_at")
    search_fields = ("email", "company__name", "subject")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
