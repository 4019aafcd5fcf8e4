"""The audit trail of one company: django-simple-history plus the issuing events.

``history_for_company`` merges the historical records of everything that matters to a
certificate — the company's own details, surveys, risk assessments, safety rounds,
action items and comments on them, the checklist walks (finished, sent back, reopened),
documents and their reviews, the confirmations and
cases — with the explicit ``CertificationEvent`` rows of issuing (sent to issuing,
reopened, issued, superseded, revoked, reissued, closed), newest first, each with who,
when, what kind and a short description of the change whose labels are the fields'
verbose names (translated), never their code names.

A case's status and a certificate's rows change only through the steps the events
record, with their reason, so those are told by the events, not by diffing the rows.

Queries are bounded whatever the length of the history: per source, one query for its
newest ``limit`` records (with the id of each one's previous record as a subquery) and
one for those previous records, which ``diff_against`` compares in memory; one query for
the events; then one query per kind of object named in the changes (users, cases).
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

from certificates.models import Certificate, CertificationCase, CertificationEvent, Confirmation
from companies.models import Company
from documents.models import Document
from fieldwork.models import Inspection
from portal.models import ActionItemComment
from surveys.models import ActionItem, RiskAssessment, SafetyRound, Survey

# Bookkeeping fields that change with every save and say nothing to a reader.
_ALWAYS_SKIPPED = {"id", "created_at", "updated_at", "opened_at", "uploaded_at"}
_TEXT_MAX = 80
_CASE_KIND = gettext_lazy("Sertifiseringssak")
_CERTIFICATE_KIND = gettext_lazy("Sertifikat")


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
        Company,
        gettext_lazy("Virksomhet"),
        lambda company: Company.history.filter(id=company.pk),
        lambda r: r.name,
    ),
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
        Inspection,
        gettext_lazy("Kartlegging på stedet"),
        lambda company: Inspection.history.filter(company_id=company.pk),
        lambda r: f"{r.get_kind_display()} {r.performed_on:%d.%m.%Y}",
        frozenset({"report", "report_sha256", "survey", "safety_round", "risk_assessment"}),
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
        _CASE_KIND,
        lambda company: CertificationCase.history.filter(company_id=company.pk),
        lambda r: _case_label(r),
        frozenset({"status", "sent_to_issuing_at", "sent_to_issuing_by"}),
    ),
)

# Event kind → (kind of thing, what happened to it), as the timeline says it.
_EVENT_WORDING = {
    CertificationEvent.Kind.SENT_TO_ISSUING: (_CASE_KIND, gettext_lazy("sendt til utstedelse")),
    CertificationEvent.Kind.REOPENED: (_CASE_KIND, gettext_lazy("tatt tilbake fra utstedelse")),
    CertificationEvent.Kind.CLOSED: (_CASE_KIND, gettext_lazy("avsluttet")),
    CertificationEvent.Kind.ISSUED: (_CERTIFICATE_KIND, gettext_lazy("utstedt")),
    CertificationEvent.Kind.SUPERSEDED: (_CERTIFICATE_KIND, gettext_lazy("erstattet")),
    CertificationEvent.Kind.REVOKED: (_CERTIFICATE_KIND, gettext_lazy("tilbakekalt")),
    CertificationEvent.Kind.REISSUED: (_CERTIFICATE_KIND, gettext_lazy("utstedt på nytt")),
}

_ACTIONS = {
    "+": gettext_lazy("opprettet"),
    "~": gettext_lazy("endret"),
    "-": gettext_lazy("slettet"),
}


def _case_label(case) -> str:
    return _("Sak %(year)s") % {"year": case.year}


def _certificate_label(certificate) -> str:
    return _("%(number)s, klasse %(klass)s") % {
        "number": certificate.number,
        "klass": certificate.klass,
    }


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= _TEXT_MAX else text[: _TEXT_MAX - 1] + "…"


def _name(user) -> str:
    if user is None:
        return _("ukjent")
    return user.display_name


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


def _related_label(obj) -> str:
    if isinstance(obj, get_user_model()):
        return _name(obj)
    if isinstance(obj, CertificationCase):
        return _case_label(obj)
    if isinstance(obj, Certificate):
        return obj.number
    return str(obj)


def _format(field: models.Field, value, related: dict) -> str:
    if value is None or value == "":
        return _("tom")
    if isinstance(field, models.ForeignKey):
        obj = related.get((field.related_model, value))
        return _related_label(obj) if obj is not None else _("(slettet)")
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


def _related_ids(changes) -> dict:
    """The ids of the objects the changes name, per related model."""
    wanted: dict = {}
    for field, old, new in changes:
        if isinstance(field, models.ForeignKey):
            ids = wanted.setdefault(field.related_model, set())
            ids.update(value for value in (old, new) if value is not None)
    return wanted


def _load_related(wanted: dict) -> dict:
    """(model, pk) → object, one query per model named."""
    related = {}
    for model, ids in wanted.items():
        if ids:
            for pk, obj in model._default_manager.in_bulk(ids).items():
                related[(model, pk)] = obj
    return related


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
            changes = _changes(record, before, source)
            if record.history_type == "~" and not changes:
                continue  # only bookkeeping or event-told fields changed
            key = (record.history_date, 0, record.history_id)
            gathered.append((key, (source, record, changes)))
    for event in _events(company, limit):
        gathered.append(((event.at, 1, event.pk), event))
    gathered.sort(key=lambda row: row[0], reverse=True)
    gathered = [item for _key, item in gathered[:limit]]
    wanted: dict = {}
    for item in gathered:
        if isinstance(item, tuple):
            for model, ids in _related_ids(item[2]).items():
                wanted.setdefault(model, set()).update(ids)
    related = _load_related(wanted)
    return [
        _event_entry(item) if isinstance(item, CertificationEvent) else _entry(*item, related)
        for item in gathered
    ]


def _events(company: Company, limit: int) -> list[CertificationEvent]:
    return list(
        CertificationEvent.objects.filter(company=company)
        .select_related("actor", "case", "certificate", "other_certificate")
        .order_by("-at", "-pk")[:limit]
    )


def _amount(fee) -> str:
    return _("%(amount)s kr") % {"amount": f"{fee:.2f}".replace(".", ",")}


def _event_details(event: CertificationEvent) -> list[str]:
    """The lines under an event: what it rested on and why, each with its label."""
    kinds = CertificationEvent.Kind
    lines = []
    if event.kind == kinds.REISSUED and event.other_certificate is not None:
        lines.append(_("erstatter: %(number)s") % {"number": event.other_certificate.number})
    if event.kind == kinds.SUPERSEDED and event.other_certificate is not None:
        lines.append(_("erstattet av: %(number)s") % {"number": event.other_certificate.number})
    if event.kind in (kinds.ISSUED, kinds.REISSUED) and event.certificate is not None:
        certificate = event.certificate
        lines.append(
            _("gyldig: %(start)s–%(end)s")
            % {
                "start": date_format(certificate.valid_from, "d.m.Y"),
                "end": date_format(certificate.valid_until, "d.m.Y"),
            }
        )
    if event.eligible_class:
        lines.append(_("oppnåelig klasse: %(klass)s") % {"klass": event.eligible_class})
    if event.fee is not None:
        lines.append(_("gebyr til fakturering: %(fee)s") % {"fee": _amount(event.fee)})
    if event.reason:
        lines.append(_("begrunnelse: %(reason)s") % {"reason": _short(event.reason)})
    return lines


def _event_entry(event: CertificationEvent) -> HistoryEntry:
    kind, action = _EVENT_WORDING[event.kind]
    subject = (
        _certificate_label(event.certificate)
        if event.certificate is not None
        else _case_label(event.case)
    )
    return HistoryEntry(
        when=event.at,
        who=_name(event.actor),
        kind=str(kind),
        action=str(action),
        subject=subject,
        changes=tuple(_event_details(event)),
    )


def _entry(source: Source, record, changes, related: dict) -> HistoryEntry:
    told = tuple(
        _("%(field)s: %(old)s → %(new)s")
        % {
            "field": field.verbose_name,
            "old": _format(field, old, related),
            "new": _format(field, new, related),
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
