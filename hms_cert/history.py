"""Saving and deleting with the acting user in the audit trail (django-simple-history).

simple_history reads the user of a historical record from the instance's
``_history_user`` when the row is written. Every service change goes through these two
functions, so who did it is never left out and never set by hand.
"""

from collections.abc import Iterable

from django.db import models


def save_with_history(
    obj: models.Model, *, actor, update_fields: Iterable[str] | None = None
) -> None:
    """``obj.save(update_fields=...)``, recorded in the history as done by ``actor``."""
    obj._history_user = actor
    obj.save(update_fields=update_fields)


def delete_with_history(obj: models.Model, *, actor) -> None:
    """``obj.delete()``, recorded in the history as done by ``actor``."""
    obj._history_user = actor
    obj.delete()
