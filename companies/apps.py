from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = _("Virksomheter")

    def ready(self):
        # Registers the django-rules predicates (rules' autodiscovery only finds modules
        # named rules.py, and hms_rules is the criteria engine, not predicates).
        from companies import permissions  # noqa: F401
        from companies.freshness import record_written
        from hms_cert.history import kept_pages_listener_set

        # Every write with history raises the kept pages that show it (companies.freshness).
        kept_pages_listener_set(record_written)
