from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "fieldwork"
    verbose_name = _("Kartlegging på stedet")

    def ready(self) -> None:
        from fieldwork import permissions  # noqa: F401  (registers the rules)
