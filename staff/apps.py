from django.apps import AppConfig


class StaffConfig(AppConfig):
    """The staff's pages: the portfolio, the company pages, the case page and the audit trail.

    No models of its own: it reads and changes those of the apps below it.
    """

    name = "staff"

    def ready(self) -> None:
        from staff import permissions  # noqa: F401  (registers the rules)
