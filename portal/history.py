"""The audit trail of one company, read from django-simple-history.

``history_for_company`` merges the historical records of everything that matters to a
certificate — surveys, risk assessments, safety rounds, action items and comments on
them, documents and their reviews, the confirmations, cases and certificates — newest
first, each with who, when, what kind and a short Norwegian description of the change.

Queries are bounded whatever the length of the history: per source, one query for its
newest ``limit`` records (with the id of each one's previous record as a subquery) and
one for those previous records, which ``diff_against`` compares in memory; then one
query for the users named in the changes.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certificates.models import Certificate, CertificationCase, Confirmation
from companies.models import Company
from documents.models import Document
from portal.models import ActionItemComment
from surveys.models import ActionItem, RiskAssessment, SafetyRound, Survey

# Bookkeeping fields that change with every save and say nothing to a reader.
_ALWAYS_SKIPPED = {"id", "created_at", "updated_at", "opened_at", "uploaded_at"}
_TEXT_MAX = 80


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    kind: str
    action: str
    subject: str
    changes: tuple[str, ...]

    @property
    def description(self) -> str:
        if self.changes:
            return f"{self.subject}: {'; '.join(self.changes)}"
        return self.subject


@dataclass(frozen=True)
class Source:
    model: type[models.Model]
    kind: str
    records: Callable[[Company], models.QuerySet]
    subject: Callable[[models.Model], str]
    skipped: frozenset[str] = frozenset()


def _cases_of(company: Company):
    return CertificationCase.history.filter(company_id=company.pk).values("id")


SOURCES = (
    Source(
        Survey,
        gettext_lazy("Kartlegging"),
        lambda company: Survey.history.filter(company_id=company.pk),
        lambda r: f"{r.get_kind_display()} {r.performed_on:%d.%m.%Y}",
    ),
    Source(
        RiskAssessment,
        gettext_lazy("Risikovurdering"),
        lambda company: RiskAssessment.history.filter(company_id=company.pk),
        lambda r: r.title,
    ),
    Source(
        SafetyRound,
        gettext_lazy("Vernerunde"),
        lambda company: SafetyRound.history.filter(company_id=company.pk),
        lambda r: r.location,
    ),
    Source(
        ActionItem,
        gettext_lazy("Tiltak"),
        lambda company: ActionItem.history.filter(company_id=company.pk),
        lambda r: _short(r.measure),
    ),
    Source(
        ActionItemComment,
        gettext_lazy("Kommentar til tiltak"),
        lambda company: ActionItemComment.history.filter(
            item_id__in=ActionItem.history.filter(company_id=company.pk).values("id")
        ),
        lambda r: _short(r.text),
    ),
    Source(
        Document,
        gettext_lazy("Dokument"),
        lambda company: Document.history.filter(company_id=company.pk),
        lambda r: r.original_name,
        frozenset({"file", "size", "content_type", "sha256", "reviewed_at"}),
    ),
    Source(
        Confirmation,
        gettext_lazy("Bekreftelse"),
        lambda company: Confirmation.history.filter(case_id__in=_cases_of(company)),
        lambda r: r.get_kind_display(),
    ),
    Source(
        CertificationCase,
        gettext_lazy("Sertifiseringssak"),
        lambda company: CertificationCase.history.filter(company_id=company.pk),
        lambda r: _("Sak %(year)s") % {"year": r.year},
        frozenset({"sent_to_issuing_at"}),
    ),
    Source(
        Certificate,
        gettext_lazy("Sertifikat"),
        lambda company: Certificate.history.filter(company_id=company.pk),
        lambda r: _("%(number)s, klasse %(klass)s") % {"number": r.number, "klass": r.klass},
        frozenset(
            {"verification_code", "decision", "facts", "pdf", "pdf_sha256", "assessment_date"}
        ),
    ),
)

_ACTIONS = {
    "+": gettext_lazy("opprettet"),
    "~": gettext_lazy("endret"),
    "-": gettext_lazy("slettet"),
}


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= _TEXT_MAX else text[: _TEXT_MAX - 1] + "…"


def _name(user) -> str:
    if user is None:
        return _("ukjent")
    return user.get_full_name() or user.get_username()


def _with_previous(queryset: models.QuerySet, limit: int) -> list:
    """The newest ``limit`` records, each annotated with its previous record's id."""
    history_model = queryset.model
    previous = (
        history_model.objects.filter(id=OuterRef("id"))
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return list(
        queryset.select_related("history_user")
        .annotate(previous_history_id=Subquery(previous))
        .order_by("-history_date", "-history_id")[:limit]
    )


def _format(field: models.Field, value, users: dict) -> str:
    if value is None or value == "":
        return _("tom")
    if isinstance(field, models.ForeignKey):
        if field.related_model is get_user_model() and value in users:
            return _name(users[value])
        return f"#{value}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("ja") if value else _("nei")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "d.m.Y H:i")
    if isinstance(value, date):
        return date_format(value, "d.m.Y")
    return _short(value)


def _changes(record, previous, source: Source) -> list[tuple[models.Field, object, object]]:
    """(field, old, new) for each field that changed and is worth telling."""
    if previous is None:
        return []
    delta = record.diff_against(previous)
    skipped = _ALWAYS_SKIPPED | source.skipped
    changes = []
    for change in delta.changes:
        if change.field in skipped:
            continue
        field = source.model._meta.get_field(change.field)
        changes.append((field, change.old, change.new))
    return changes


def _user_ids(changes) -> set:
    user_model = get_user_model()
    return {
        value
        for field, old, new in changes
        if isinstance(field, models.ForeignKey) and field.related_model is user_model
        for value in (old, new)
        if value is not None
    }


def history_for_company(user, company: Company, limit: int = 50) -> list[HistoryEntry]:
    """The newest ``limit`` changes to what matters for ``company``'s certificates.

    For our staff who work on the company; anyone else gets PermissionDenied.
    """
    if not user.has_perm("portal.view_history", company):
        raise PermissionDenied
    gathered = []
    for source in SOURCES:
        records = _with_previous(source.records(company), limit)
        previous_ids = [r.previous_history_id for r in records if r.previous_history_id]
        previous = source.model.history.in_bulk(previous_ids) if previous_ids else {}
        for record in records:
            before = previous.get(record.previous_history_id)
            gathered.append((source, record, _changes(record, before, source)))
    gathered.sort(key=lambda row: (row[1].history_date, row[1].history_id), reverse=True)
    gathered = gathered[:limit]
    user_ids = set().union(*(_user_ids(changes) for _s, _r, changes in gathered))
    users = get_user_model().objects.in_bulk(user_ids) if user_ids else {}
    return [_entry(source, record, changes, users) for source, record, changes in gathered]


def _entry(source: Source, record, changes, users: dict) -> HistoryEntry:
    told = tuple(
        _("%(field)s: %(old)s → %(new)s")
        % {
            "field": field.verbose_name,
            "old": _format(field, old, users),
            "new": _format(field, new, users),
        }
        for field, old, new in changes
    )
    return HistoryEntry(
        when=record.history_date,
        who=_name(record.history_user),
        kind=str(source.kind),
        action=str(_ACTIONS.get(record.history_type, record.history_type)),
        subject=source.subject(record),
        changes=told,
    )
