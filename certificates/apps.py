from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Sertifikater")

    def ready(self) -> None:
        # The lower apps report changed facts through companies.freshness (docs/layers.md).
        from certificates import checks  # noqa: F401 - registers the signing key check
        from certificates.decisions import case_facts_changed
        from companies.freshness import case_facts_listener_set

        case_facts_listener_set(case_facts_changed)
