"""The call a service makes when it changes a fact of a company's case.

Surveys, questionnaires and companies change facts the certificate decision is made on;
the stored decisions that must then be recomputed are certificates', a layer above them
(docs/layers.md). So they call ``case_facts_changed`` here, in their own transaction,
and certificates hands in what it does (``certificates.decisions.case_facts_changed``,
which marks the stored decision stale) when the app is ready. The call stays explicit in
every service; only the direction of the import is turned around.

The case page keeps its records sections and its trail in a cache keyed by the company's
``CaseRevision``: ``case_page_changed`` raises it, and certificates' listener calls it for
every fact changed. A service that changes something the page shows but that is no fact
(a finding, a hazard, a comment) calls ``case_page_changed`` itself, in its transaction.
"""

from collections.abc import Callable

from django.db.models import F

from companies.models import CaseRevision, Company

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


def case_page_changed(*, company) -> None:
    """Something the company's case page shows changed: raise its revision (``company``: a
    Company or its pk). Call it inside the change's transaction: the row stays locked until
    the change commits, so a reader never sees the new revision with the old records.

    One UPDATE; the company's first change also inserts the row (conflicts ignored, for two
    first changes at once) and updates it again, so every change is counted.
    """
    pk = company.pk if isinstance(company, Company) else company
    rows = CaseRevision.objects.filter(pk=pk)
    if not rows.update(revision=F("revision") + 1):
        CaseRevision.objects.bulk_create([CaseRevision(company_id=pk)], ignore_conflicts=True)
        rows.update(revision=F("revision") + 1)


def case_pages_all_changed() -> None:
    """Something every case page may show changed (a user's name): raise every revision.

    Rare (the admin's user pages), so one UPDATE of every row and one INSERT of the missing.
    """
    CaseRevision.objects.update(revision=F("revision") + 1)
    missing = Company.objects.filter(case_revision__isnull=True).values_list("pk", flat=True)
    CaseRevision.objects.bulk_create(
        [CaseRevision(company_id=pk, revision=1) for pk in missing.iterator()],
        ignore_conflicts=True,
        batch_size=1000,
    )


def case_revision(company) -> int:
    """The company's revision: 0 until its first change."""
    pk = company.pk if isinstance(company, Company) else company
    return CaseRevision.objects.filter(pk=pk).values_list("revision", flat=True).first() or 0
