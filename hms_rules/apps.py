from django.apps import AppConfig


class HmsRulesConfig(AppConfig):
    """The rules engine as an app only for its command, ``manage.py hms_decide``; the engine
    itself (every other module here) imports no Django (the purity contract, pyproject)."""

    name = "hms_rules"
    verbose_name = "HMS rules"
