"""Admin pages that only show: changed only through the application's services."""

from simple_history.admin import SimpleHistoryAdmin


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Visible to staff in the admin, changed only through the application's services
    (which validate, check permissions and write the audit record)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
