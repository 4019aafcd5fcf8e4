"""The rules engine's texts in the language the user chose: ``{{ criterion|criterion_text }}``.

The engine keeps its own message table in bokmål and English (``hms_rules.texts``);
these filters only pick the language of the request (Django's active language).
"""

from django import template
from django.utils.translation import get_language

from hms_rules.texts import language_of

register = template.Library()


@register.filter
def criterion_text(criterion) -> str:
    """What the criterion asks, in the active language."""
    return criterion.text_in(language_of(get_language()))


@register.filter
def criterion_missing(criterion) -> str:
    """What is missing for an unmet criterion, in the active language ("" when met)."""
    return criterion.missing_in(language_of(get_language())) or ""
