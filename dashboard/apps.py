from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Oversikt")

    def ready(self):
        from dashboard import permissions  # noqa: F401 - registers the permission rules
