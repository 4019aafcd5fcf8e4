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

Queries are bounded whatever the length of the history: one query (a UNION over the
history tables and the events) finds which records and events are the newest - three
indexed columns each, nothing loaded; then, per kind of record among them, one query for
those records (with the id of each one's previous record as a subquery) and one for the
previous records, which ``diff_against`` compares in memory; one for the events; one per
kind of object named in the changes (users, cases). The case page shows the newest few
(``history_for_company``), the history page all of them a page at a time
(``history_page``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Value
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


@cache
def _historical(model: type[models.Model]) -> type[models.Model]:
    """The model's historical model, looked up once: ``Model.history`` builds a new
    manager class on every access (simple-history), a few hundred microseconds each."""
    return model.history.model


def _records(model: type[models.Model]) -> models.QuerySet:
    return _historical(model)._default_manager.all()


def _cases_of(company: Company):
    return _records(CertificationCase).filter(company_id=company.pk).values("id")


SOURCES = (
    Source(
        Company,
        gettext_lazy("Virksomhet"),
        lambda company: _records(Company).filter(id=company.pk),
        lambda r: r.name,
    ),
    Source(
        Survey,
        gettext_lazy("Kartlegging"),
        lambda company: _records(Survey).filter(company_id=company.pk),
        lambda r: f"{r.get_kind_display()} {r.performed_on:%d.%m.%Y}",
    ),
    Source(
        RiskAssessment,
        gettext_lazy("Risikovurdering"),
        lambda company: _records(RiskAssessment).filter(company_id=company.pk),
        lambda r: r.title,
    ),
    Source(
        SafetyRound,
        gettext_lazy("Vernerunde"),
        lambda company: _records(SafetyRound).filter(company_id=company.pk),
        lambda r: r.location,
    ),
    Source(
        ActionItem,
        gettext_lazy("Tiltak"),
        lambda company: _records(ActionItem).filter(company_id=company.pk),
        lambda r: _short(r.measure),
    ),
    Source(
        ActionItemComment,
        gettext_lazy("Kommentar til tiltak"),
        lambda company: _records(ActionItemComment).filter(
            item_id__in=_records(ActionItem).filter(company_id=company.pk).values("id")
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
        lambda company: _records(Document).filter(company_id=company.pk),
        lambda r: r.original_name,
        frozenset({"file", "size", "content_type", "sha256", "reviewed_at"}),
    ),
    Source(
        Confirmation,
        gettext_lazy("Bekreftelse"),
        lambda company: _records(Confirmation).filter(case_id__in=_cases_of(company)),
        lambda r: r.get_kind_display(),
    ),
    Source(
        CertificationCase,
        _CASE_KIND,
        lambda company: _records(CertificationCase).filter(company_id=company.pk),
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


def _with_previous(source: Source, history_ids: list[int]) -> list:
    """The records with these ids, each annotated with its previous record's id."""
    history_model = _historical(source.model)
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
        history_model.objects.filter(history_id__in=history_ids)
        .select_related("history_user")
        .annotate(previous_history_id=Subquery(previous))
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


_EVENTS = len(SOURCES)  # the source number of the issuing events in the keys


def _keys(company: Company) -> models.QuerySet:
    """(source, id, when) of every record and event of the company, newest first.

    One query (a UNION) reading three indexed columns: which records a page shows is
    decided before any record is loaded.
    """
    columns = ("source", "key", "when")
    parts = [
        source.records(company)
        .order_by()
        .annotate(source=Value(n), key=F("history_id"), when=F("history_date"))
        .values_list(*columns)
        for n, source in enumerate(SOURCES)
    ]
    events = (
        CertificationEvent.objects.filter(company=company)
        .order_by()
        .annotate(source=Value(_EVENTS), key=F("pk"), when=F("at"))
        .values_list(*columns)
    )
    return parts[0].union(*parts[1:], events, all=True).order_by("-when", "-source", "-key")


def _gather(keys: list[tuple[int, int, datetime]]) -> list:
    """The records and events of ``keys``, in their order; bookkeeping-only changes dropped.

    Per source named: one query for its records (each with its previous record's id)
    and one for those previous records; one for the events.
    """
    wanted: dict[int, list[int]] = {}
    for source, key, _when in keys:
        wanted.setdefault(source, []).append(key)
    loaded: dict[tuple[int, int], object] = {}
    for n, ids in wanted.items():
        if n == _EVENTS:
            for event in _events(ids):
                loaded[(n, event.pk)] = event
            continue
        source = SOURCES[n]
        records = _with_previous(source, ids)
        previous_ids = [r.previous_history_id for r in records if r.previous_history_id]
        previous = _records(source.model).in_bulk(previous_ids) if previous_ids else {}
        for record in records:
            changes = _changes(record, previous.get(record.previous_history_id), source)
            if record.history_type == "~" and not changes:
                continue  # only bookkeeping or event-told fields changed
            loaded[(n, record.history_id)] = (source, record, changes)
    return [loaded[(n, key)] for n, key, _when in keys if (n, key) in loaded]


def _entries(gathered: list) -> list[HistoryEntry]:
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


def _require_may_view(user, company: Company) -> None:
    if not user.has_perm("portal.view_history", company):
        raise PermissionDenied


def history_for_company(user, company: Company, limit: int = 50) -> list[HistoryEntry]:
    """The newest ``limit`` changes to what matters for ``company``'s certificates.

    For our staff who work on the company; anyone else gets PermissionDenied. Reads the
    keys a little beyond ``limit`` (some records tell nothing and are dropped), and more
    only when that was not enough.
    """
    _require_may_view(user, company)
    keys, gathered, start, batch = _keys(company), [], 0, limit + 10
    while len(gathered) < limit:
        chunk = list(keys[start : start + batch])
        gathered += _gather(chunk)
        if len(chunk) < batch:
            break
        start += batch
    return _entries(gathered[:limit])


@dataclass(frozen=True)
class HistoryPage:
    """One page of the whole history: its entries, and whether older ones follow."""

    entries: list[HistoryEntry]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def history_page(user, company: Company, number: int, per_page: int) -> HistoryPage:
    """Page ``number`` of the company's history, ``per_page`` records and events each.

    Counted in records, so a page can show a few entries fewer (changes that tell
    nothing are dropped), never one twice; no count of the whole history.
    """
    _require_may_view(user, company)
    start = (number - 1) * per_page
    chunk = list(_keys(company)[start : start + per_page + 1])
    return HistoryPage(_entries(_gather(chunk[:per_page])), number, len(chunk) > per_page)


def _events(ids: list[int]) -> list[CertificationEvent]:
    return list(
        CertificationEvent.objects.filter(pk__in=ids).select_related(
            "actor", "case", "certificate", "other_certificate"
        )
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
