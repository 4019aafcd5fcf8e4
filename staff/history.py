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

Queries are bounded whatever the length of the history, and do not depend on what it
holds: one query (a UNION over the history tables and the events) finds which records
and events are the newest - a few indexed columns each, with each record's previous one
(a window over the object's rows), nothing loaded; one query (a UNION again) loads those
records, their previous records and the events, each row as JSON of its columns, which
are compared in memory; one for the users named (who made each change, and any user a
change names); one per other kind of object a change names (a case, a survey: rare).
The case page shows the newest few (``history_for_company``), the history page all of
them a page at a time (``history_page``).
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection, models
from django.db.models import F, IntegerField, Value, Window
from django.db.models.functions import JSONObject, Lag
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certificates.models import Certificate, CertificationCase, CertificationEvent, Confirmation
from companies.models import Company
from documents.models import Document
from fieldwork.models import Inspection
from hms_cert.compiled_sql import CompiledOnce
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


@cache
def _tracked(model: type[models.Model]) -> tuple[models.Field, ...]:
    """The model's fields that its history keeps, as the model declares them."""
    kept = {field.name for field in _historical(model)._meta.fields}
    return tuple(field for field in model._meta.concrete_fields if field.name in kept)


@cache
def _compared(source: Source) -> tuple[models.Field, ...]:
    """The fields whose changes are told, by name (``diff_against``'s order)."""
    skipped = _ALWAYS_SKIPPED | source.skipped
    fields = [f for f in _tracked(source.model) if f.editable and f.name not in skipped]
    return tuple(sorted(fields, key=lambda field: field.name))


def _changes(record, previous, source: Source) -> list[tuple[models.Field, object, object]]:
    """(field, old, new) for each field that changed and is worth telling."""
    if previous is None:
        return []
    return [
        (field, previous.values[field.attname], record.values[field.attname])
        for field in _compared(source)
        if previous.values[field.attname] != record.values[field.attname]
    ]


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
_NO_KEY = Value(None, output_field=IntegerField())


def _keys(company: Company) -> models.QuerySet:
    """(source, id, when, previous id) of every record and event of the company, newest first.

    One query (a UNION) reading indexed columns: which records a page shows is decided
    before any record is loaded. A record's previous one is the object's row before it
    (the events have none).
    """
    columns = ("source", "key", "when", "previous_key")
    parts = [
        source.records(company)
        .order_by()
        .annotate(
            source=Value(n),
            key=F("history_id"),
            when=F("history_date"),
            previous_key=Window(
                Lag("history_id"),
                partition_by=[F("id")],
                order_by=[F("history_date").asc(), F("history_id").asc()],
            ),
        )
        .values_list(*columns)
        for n, source in enumerate(SOURCES)
    ]
    events = (
        CertificationEvent.objects.filter(company_id=company.pk)
        .order_by()
        .annotate(source=Value(_EVENTS), key=F("pk"), when=F("at"), previous_key=_NO_KEY)
        .values_list(*columns)
    )
    return parts[0].union(*parts[1:], events, all=True).order_by("-when", "-source", "-key")


# Building a UNION of eleven querysets costs more than running it: compiled once.
_KEYS = CompiledOnce(lambda company_id: _keys(Company(pk=company_id)), company_id=int)


def _key_rows(company: Company, start: int, count: int) -> list[tuple]:
    """``count`` rows of ``_keys(company)`` from ``start``: (source, id, when, previous id)."""
    sql, params = _KEYS.sql(company_id=company.pk)
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} LIMIT {int(count)} OFFSET {int(start)}", params)
        return cursor.fetchall()


@dataclass(frozen=True)
class _Record:
    """One historical row, read as JSON: its columns' values, and the object they make."""

    history_id: int
    history_type: str
    history_date: datetime
    history_user_id: int | None
    values: dict
    obj: models.Model


def _value(field: models.Field, raw):
    if raw is None:
        return None
    if isinstance(field, models.DateTimeField):  # JSON text; SQLite's is naive UTC
        value = parse_datetime(raw)
        return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)
    return field.to_python(raw)


def _row_query(n: int, ids: list[int]) -> models.QuerySet:
    if n == _EVENTS:
        data = JSONObject(
            kind=F("kind"),
            at=F("at"),
            actor_id=F("actor_id"),
            eligible_class=F("eligible_class"),
            fee=F("fee"),
            reason=F("reason"),
            case_year=F("case__year"),
            number=F("certificate__number"),
            klass=F("certificate__klass"),
            valid_from=F("certificate__valid_from"),
            valid_until=F("certificate__valid_until"),
            other_number=F("other_certificate__number"),
        )
        queryset, key = CertificationEvent.objects.filter(pk__in=ids), "pk"
    else:
        model = SOURCES[n].model
        columns = {f.attname: F(f.attname) for f in _tracked(model)}
        data = JSONObject(
            **columns,
            history_type=F("history_type"),
            history_date=F("history_date"),
            history_user_id=F("history_user_id"),
        )
        queryset, key = _records(model).filter(history_id__in=ids), "history_id"
    return queryset.order_by().annotate(n=Value(n), data=data).values_list("n", key, "data")


def _record(source: Source, history_id: int, data: dict) -> _Record:
    fields = _tracked(source.model)
    values = {f.attname: _value(f, data[f.attname]) for f in fields}
    when = _value(_historical(source.model)._meta.get_field("history_date"), data["history_date"])
    return _Record(
        history_id,
        data["history_type"],
        when,
        data["history_user_id"],
        values,
        source.model(**values),
    )


def _event(pk: int, data: dict) -> SimpleNamespace:
    """An event as ``_event_entry`` reads it, with its case's and certificates' labels."""
    fields = CertificationEvent._meta
    certificate = None
    if data["number"] is not None:
        certificate = SimpleNamespace(
            number=data["number"],
            klass=data["klass"],
            valid_from=date.fromisoformat(data["valid_from"][:10]),
            valid_until=date.fromisoformat(data["valid_until"][:10]),
        )
    other = None if data["other_number"] is None else SimpleNamespace(number=data["other_number"])
    return SimpleNamespace(
        pk=pk,
        kind=data["kind"],
        at=_value(fields.get_field("at"), data["at"]),
        actor_id=data["actor_id"],
        actor=None,
        eligible_class=data["eligible_class"],
        fee=_value(fields.get_field("fee"), data["fee"]),
        reason=data["reason"],
        case=SimpleNamespace(year=data["case_year"]),
        certificate=certificate,
        other_certificate=other,
    )


def _rows(wanted: dict[int, set[int]]) -> dict[tuple[int, int], object]:
    """(source, id) → record or event, for the ids wanted per source: one query."""
    parts = [_row_query(n, sorted(ids)) for n, ids in wanted.items() if ids]
    if not parts:
        return {}
    rows = {}
    for n, key, data in parts[0].union(*parts[1:], all=True):
        rows[(n, key)] = _event(key, data) if n == _EVENTS else _record(SOURCES[n], key, data)
    return rows


def _gather(keys: list[tuple]) -> list:
    """The records and events of ``keys``, in their order; bookkeeping-only changes dropped.

    One query for the records, their previous records and the events.
    """
    wanted: dict[int, set[int]] = {}
    for n, key, _when, previous in keys:
        wanted.setdefault(n, set()).update(k for k in (key, previous) if k is not None)
    rows = _rows(wanted)
    gathered = []
    for n, key, _when, previous in keys:
        row = rows.get((n, key))
        if row is None:
            continue
        if n == _EVENTS:
            gathered.append(row)
            continue
        source = SOURCES[n]
        changes = _changes(row, rows.get((n, previous)), source)
        if row.history_type == "~" and not changes:
            continue  # only bookkeeping or event-told fields changed
        gathered.append((source, row, changes))
    return gathered


def _entries(gathered: list) -> list[HistoryEntry]:
    """The entries told, with every user and object they name read in one query per model."""
    wanted: dict = {get_user_model(): set()}
    for item in gathered:
        if isinstance(item, tuple):
            for model, ids in _related_ids(item[2]).items():
                wanted.setdefault(model, set()).update(ids)
            user_id = item[1].history_user_id
        else:
            user_id = item.actor_id
        if user_id is not None:
            wanted[get_user_model()].add(user_id)
    related = _load_related(wanted)
    return [
        _entry(*item, related) if isinstance(item, tuple) else _event_entry(item, related)
        for item in gathered
    ]


def _require_may_view(user, company: Company) -> None:
    if not user.has_perm("staff.view_history", company):
        raise PermissionDenied


def history_for_company(user, company: Company, limit: int = 50) -> list[HistoryEntry]:
    """The newest ``limit`` changes to what matters for ``company``'s certificates.

    For our staff who work on the company; anyone else gets PermissionDenied. Reads the
    keys a little beyond ``limit`` (some records tell nothing and are dropped), and more
    only when that was not enough.
    """
    _require_may_view(user, company)
    return _newest(company, limit, _key_rows(company, 0, limit + 10))


def _newest(company: Company, limit: int, first: list[tuple]) -> list[HistoryEntry]:
    """``history_for_company`` from its first batch of keys (``limit + 10`` rows)."""
    gathered, chunk, start, batch = [], first, 0, limit + 10
    while True:
        gathered += _gather(chunk)
        if len(gathered) >= limit or len(chunk) < batch:
            break
        start += batch
        chunk = _key_rows(company, start, batch)
    return _entries(gathered[:limit])


def recent_history(user, company: Company, limit: int) -> tuple[str, SimpleLazyObject]:
    """A digest of the keys of the newest records and events, and ``history_for_company``
    made only when first read: a trail kept under the digest is the trail as long as no
    record or event was added (each comes newest), the names of users aside.

    One query until the entries are read.
    """
    _require_may_view(user, company)
    first = _key_rows(company, 0, limit + 10)
    digest = hashlib.blake2b(repr(first).encode(), digest_size=16).hexdigest()
    return digest, SimpleLazyObject(lambda: _newest(company, limit, first))


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
    chunk = _key_rows(company, start, per_page + 1)
    return HistoryPage(_entries(_gather(chunk[:per_page])), number, len(chunk) > per_page)


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


def _user(related: dict, user_id):
    return related.get((get_user_model(), user_id)) if user_id is not None else None


def _event_entry(event, related: dict) -> HistoryEntry:
    kind, action = _EVENT_WORDING[event.kind]
    subject = (
        _certificate_label(event.certificate)
        if event.certificate is not None
        else _case_label(event.case)
    )
    return HistoryEntry(
        when=event.at,
        who=_name(_user(related, event.actor_id)),
        kind=str(kind),
        action=str(action),
        subject=subject,
        changes=tuple(_event_details(event)),
    )


def _entry(source: Source, record: _Record, changes, related: dict) -> HistoryEntry:
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
        who=_name(_user(related, record.history_user_id)),
        kind=str(source.kind),
        action=str(_ACTIONS.get(record.history_type, record.history_type)),
        subject=source.subject(record.obj),
        changes=told,
    )
