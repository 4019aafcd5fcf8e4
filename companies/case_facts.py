"""The call a service makes when it changes a fact of a company's case.

Surveys, questionnaires and companies change facts the certificate decision is made on;
the stored decisions that must then be recomputed are certificates', a layer above them
(README, "Layers"). So they call ``case_facts_changed`` here, in their own transaction,
and certificates hands in what it does (``certificates.decisions.case_facts_changed``,
which marks the stored decision stale) when the app is ready. The call stays explicit in
every service; only the direction of the import is turned around.
"""

from collections.abc import Callable

_listener: Callable[..., None] | None = None


def case_facts_listener_set(listener: Callable[..., None]) -> None:
    """Certificates' AppConfig.ready() gives the one function every change is passed to."""
    global _listener
    _listener = listener


def case_facts_changed(*, company) -> None:
    """A fact of the company's case changed (``company``: a Company or its pk)."""
    if _listener is None:
        raise RuntimeError("certificates is not ready: no one marks stored decisions stale")
    _listener(company=company)
