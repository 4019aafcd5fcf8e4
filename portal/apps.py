from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Kundeportal")

    def ready(self) -> None:
        from portal import permissions  # noqa: F401  (registers the rules)
