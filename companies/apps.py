from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = _("Virksomheter")

    def ready(self):
        # Registers the django-rules predicates (rules' autodiscovery only finds modules
        # named rules.py, and certificates.rules is the criteria engine, not predicates).
        from companies import permissions  # noqa: F401
