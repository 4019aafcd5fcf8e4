"""``get_FOO_display()`` without rebuilding the field's choices on every call.

Django's ``Model._get_FIELD_display`` makes a dict of all of a field's choices on each
call, hashing every lazy label, which translates it: a survey's kind or an action item's
area costs a translation per choice, not one. A page listing 25 action items spent more
on their areas and statuses than on reading them. Models that list many rows mix in
``ChoiceLabels``: the same label, looked up in a dict made once per field.
"""

from functools import cache

from django.db import models
from django.utils.encoding import force_str


@cache
def _labels(field: models.Field) -> dict:
    return dict(field.flatchoices)


class ChoiceLabels:
    """Mixed into a model: its ``get_FOO_display()`` read a dict made once per field."""

    def _get_FIELD_display(self, field):  # Django's name: overridden, not added
        value = getattr(self, field.attname)
        try:
            label = _labels(field).get(value, value)
        except TypeError:  # an unhashable value: no choice has it
            label = value
        return force_str(label, strings_only=True)
