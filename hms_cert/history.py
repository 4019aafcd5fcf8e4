"""Saving and deleting with the acting user in the audit trail (django-simple-history).

simple_history reads the user of a historical record from the instance's
``_history_user`` when the row is written. Every service change goes through these two
functions, so who did it is never left out and never set by hand.

They are also where kept pages learn of the change: the one listener, set by companies
when the apps are ready (``companies.freshness.record_written``), says what a write of a
record raises, so no service raises a page's revision by hand (docs/caching.md).
"""

from collections.abc import Callable, Iterable

from django.db import models


def _raises_nothing(obj: models.Model) -> Callable[[], None]:
    return lambda: None


_pages_changed_by: Callable[[models.Model], Callable[[], None]] = _raises_nothing


def kept_pages_listener_set(listener: Callable[[models.Model], Callable[[], None]]) -> None:
    """companies' AppConfig.ready() hands in ``record_written`` (a layer above this one)."""
    global _pages_changed_by
    _pages_changed_by = listener


def save_with_history(
    obj: models.Model, *, actor, update_fields: Iterable[str] | None = None
) -> None:
    """``obj.save(update_fields=...)``, recorded in the history as done by ``actor``, and
    the kept pages that show it raised."""
    obj._history_user = actor
    obj.save(update_fields=update_fields)
    _pages_changed_by(obj)()


def delete_with_history(obj: models.Model, *, actor) -> None:
    """``obj.delete()``, recorded in the history as done by ``actor``, and the kept pages
    that showed it raised (whose they are is read before the row goes)."""
    raise_pages = _pages_changed_by(obj)
    obj._history_user = actor
    obj.delete()
    raise_pages()
