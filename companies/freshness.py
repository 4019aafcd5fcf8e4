"""Keeping pages fresh, in one place: which records each company's kept pages show, and
what a change to one of them raises.

The case page, the portfolio and the register are kept rendered until what they show can
change (docs/caching.md: page -> key -> what raises it). Their keys hold the company's
``CaseRevision``. **A service never raises it by hand**: it writes with
``hms_cert.history.save_with_history`` / ``delete_with_history``, and every such write of a
model in ``KEPT_PAGE_RECORDS`` raises the company's revision in the write's transaction.
A model whose change is a *fact* of the case (what the rules engine decides on) also marks
the company's stored decision stale (``certificates.decisions.case_facts_changed``, handed
in when certificates is ready: it is a layer above). So a new model a kept page shows needs
one line here, and a new service nothing at all.

Every model written with history is either in ``KEPT_PAGE_RECORDS`` or in
``NOT_ON_KEPT_PAGES`` with its reason; tests/staff/test_freshness.py fails on one in neither.
"""

from collections.abc import Callable

from django.db.models import F

from companies.models import CaseRevision, Company

FACT = "fact"  # the rules engine decides on it: the stored decision is stale, and the pages
SHOWN = "shown"  # a kept page shows it: the pages

# Model label -> (attributes leading from a record to its company's pk, what a change is).
KEPT_PAGE_RECORDS: dict[str, tuple[str, str]] = {
    "companies.Company": ("pk", FACT),
    "certificates.CertificationCase": ("company_id", SHOWN),
    "certificates.Confirmation": ("case.company_id", FACT),
    "certificates.Certificate": ("company_id", FACT),
    "surveys.Survey": ("company_id", FACT),
    "surveys.Finding": ("survey.company_id", SHOWN),
    "surveys.RiskAssessment": ("company_id", FACT),
    "surveys.Hazard": ("risk_assessment.company_id", SHOWN),
    "surveys.SafetyRound": ("company_id", FACT),
    "surveys.ActionItem": ("company_id", FACT),
    "portal.ActionItemComment": ("item.company_id", SHOWN),
    "documents.Document": ("company_id", SHOWN),
    "fieldwork.Inspection": ("company_id", SHOWN),
    "fieldwork.Answer": ("inspection.company_id", SHOWN),
    "fieldwork.Photo": ("answer.inspection.company_id", SHOWN),
    "questionnaires.Round": ("company_id", SHOWN),
}

# Models written with history that no kept page shows, and why.
NOT_ON_KEPT_PAGES: dict[str, str] = {
    "companies.Membership": "who may log in for a company: shown on no kept page",
    "fieldwork.ChecklistTemplate": "the checklists themselves, not a company's records",
    "questionnaires.Conversation": "shown on the questionnaire's own page, which is not kept",
    "questionnaires.QuestionnaireTemplate": "the questionnaire itself, not a company's records",
}

_listener: Callable[..., None] | None = None


def case_facts_listener_set(listener: Callable[..., None]) -> None:
    """Certificates' AppConfig.ready() gives the one function every change is passed to."""
    global _listener
    _listener = listener


def record_written(obj) -> Callable[[], None]:
    """What a write of ``obj`` must raise, resolved now, to be called after the write.

    Resolved before a delete (while the record's company can still be read) and called
    after it, in the same transaction: a reader never sees the new revision with the old
    records. A model not in ``KEPT_PAGE_RECORDS`` raises nothing.
    """
    entry = KEPT_PAGE_RECORDS.get(obj._meta.label)
    if entry is None:
        return _nothing
    path, kind = entry
    company = obj
    for name in path.split("."):
        company = getattr(company, name)
    if kind == FACT:
        return lambda: case_facts_changed(company=company)
    return lambda: case_page_changed(company=company)


def _nothing() -> None:
    return None


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
