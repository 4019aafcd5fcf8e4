"""What changed since last year's case: new, changed and carried over, for the case page.

Read from django-simple-history, so a record counts as changed when anyone edited it
after last year's certificate was issued, whatever the field. A bounded number of
queries: three per kind of record.
"""

from dataclasses import dataclass, field
from datetime import datetime

from certificates.models import CertificationCase
from surveys.models import ActionItem, Finding, RiskAssessment, SafetyRound, Survey


@dataclass
class RenewalChanges:
    since: datetime
    previous: CertificationCase
    new: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    carried_over: list = field(default_factory=list)
    confirmations_last_year: int = 0


_KINDS = (Survey, Finding, RiskAssessment, SafetyRound, ActionItem)


def _company_filter(model, company_id: int) -> dict:
    return {"survey__company_id": company_id} if model is Finding else {"company_id": company_id}


def _baseline(previous: CertificationCase) -> datetime:
    """Last year's certificate's issue time, or when last year's case was opened."""
    certificate = previous.certificates.order_by("-issued_at").first()
    return certificate.issued_at if certificate else previous.opened_at


def renewal_changes(case: CertificationCase) -> RenewalChanges | None:
    if case.previous_id is None:
        return None
    previous = case.previous
    since = _baseline(previous)
    changes = RenewalChanges(
        since=since,
        previous=previous,
        confirmations_last_year=previous.confirmations.count(),
    )
    for model in _KINDS:
        where = _company_filter(model, case.company_id)
        history = model.history.model.objects.filter(**where, history_date__gt=since)
        created = set(history.filter(history_type="+").values_list("id", flat=True))
        edited = set(history.filter(history_type="~").values_list("id", flat=True)) - created
        for obj in model.objects.filter(**where, pk__in=created | edited):
            obj.meta_name = model._meta.verbose_name
            (changes.new if obj.pk in created else changes.changed).append(obj)
    changes.carried_over = list(
        ActionItem.objects.filter(
            company_id=case.company_id,
            created_at__lte=since,
            status__in=(ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS),
        ).select_related("finding")
    )
    return changes
