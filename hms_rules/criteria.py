"""The criteria of RULES.md, one small function each: ``@criterion("A2")`` names the code.

An ``Assessment`` in, a ``CriterionResult`` out. Where is the rule for A2? Here, under
``@criterion("A2")``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from hms_rules.assessment import Assessment, ItemTally, _SurveyHistory
from hms_rules.decision import CriterionResult, _joined
from hms_rules.facts import (
    BEDRIFTSTJENESTEN,
    CLASS_B,
    PHYSICAL,
    PSYCHOSOCIAL,
    PreviousCertificateFact,
    SurveyFact,
)
from hms_rules.texts import Text
from hms_rules.windows import a_plus_possible_from

# --------------------------------------------------------------------------- criteria

CriterionFunction = Callable[[Assessment], CriterionResult]


def criterion(code: str) -> Callable[[CriterionFunction], CriterionFunction]:
    """Mark a function as the criterion ``code`` (a rule set replaces criteria by code)."""

    def mark(function: CriterionFunction) -> CriterionFunction:
        function.code = code
        return function

    return mark


# Met criteria whose text never varies: immutable, so one shared instance each.
_TITLE = {
    code: Text(code)
    for code in ("B1", "B2", "B3", "B4", "B5", "A1", "A2", "A3", "A4", "P1", "P2", "P3")
}
_MET = {code: CriterionResult(code, True, title, None) for code, title in _TITLE.items()}
_MET_B5_NA = CriterionResult("B5", True, Text("B5.not_applicable"), None)


def _unmet(code: str, parts: list[Text]) -> CriterionResult:
    title = _TITLE.get(code)
    return CriterionResult(code, False, title if title is not None else Text(code), _joined(parts))


def _unmet_later(code: str, why: Callable[[Assessment], list[Text]], a: Assessment):
    """Not met; what is missing is worked out by ``why(a)`` when it is first asked for."""
    title = _TITLE.get(code)
    return CriterionResult.later(code, title if title is not None else Text(code), why, a)


# Unmet criteria whose missing text never varies: shared like the met ones.
_UNMET = {
    key: _unmet(key.split(".")[0], [Text(key)])
    for key in ("B2.needs_b1", "A2.needs_a1", "A4.missing", "P2.missing")
}


def _latest_and_first_after(dates: tuple[date, ...], d: date) -> tuple[date | None, date | None]:
    latest = after = None
    for on in dates:
        if on > d:
            if after is None or on < after:
                after = on
        elif latest is None or on > latest:
            latest = on
    return latest, after


def _dated_record_missing(
    a: Assessment, dates: tuple[date, ...], noun: str, none: str
) -> list[Text]:
    """Why a dated record (risk assessment, safety round) is missing: stale, absent, later."""
    latest, after = _latest_and_first_after(dates, a.d)
    parts = []
    if latest is not None:
        parts.append(Text("stale", (Text(f"noun.{noun}"), latest, a.d)))
    elif after is None:
        parts.append(Text(none))
    if after is not None:
        parts.append(Text(f"after.{noun}", (after, a.d)))
    return parts


def _survey_missing(kind: str, history: _SurveyHistory) -> list[Text]:
    """The start of why no survey of ``kind`` is counted: one not verified, or none at all."""
    unverified, latest = history.unverified_recent, history.latest_verified
    if unverified is not None and (latest is None or unverified.performed_on > latest.performed_on):
        key = "B1.unverified" if kind == PHYSICAL else "A1.unverified"
        return [Text(key, (unverified.performed_on,))]
    if latest is None and history.first_after is None:
        return [Text("B1.none" if kind == PHYSICAL else "A1.none")]
    return []


@criterion("B1")
def b1_physical_survey(a: Assessment) -> CriterionResult:
    if a.physical is not None:
        return _MET["B1"]
    return _unmet_later("B1", _b1_missing, a)


def _b1_missing(a: Assessment) -> list[Text]:
    history = _SurveyHistory(a, PHYSICAL)
    parts = _survey_missing(PHYSICAL, history)
    if history.latest_verified is not None:
        noun = "noun.physical.verified" if parts else "noun.physical"
        parts.append(Text("stale", (Text(noun), history.latest_verified.performed_on, a.d)))
    if history.first_after is not None:
        parts.append(Text("after.physical", (history.first_after, a.d)))
    return parts


@criterion("B2")
def b2_report_and_plan(a: Assessment) -> CriterionResult:
    survey = a.physical
    if survey is None:
        return _UNMET["B2.needs_b1"]
    if a.physical_complete:
        return _MET["B2"]
    if not survey.has_report:
        has_plan = survey.has_action_plan or survey.no_significant_deviations
        key = "B2.no_report" if has_plan else "B2.no_report_no_plan"
    else:
        key = "B2.no_plan"
    return _unmet("B2", [Text(key, (survey.performed_on,))])


@criterion("B3")
def b3_risk_assessment(a: Assessment) -> CriterionResult:
    d, recent_from = a.d, a.recent_from
    for on in a.facts.risk_assessments:
        if recent_from <= on <= d:
            return _MET["B3"]
    return _unmet_later("B3", _b3_missing, a)


def _b3_missing(a: Assessment) -> list[Text]:
    return _dated_record_missing(a, a.facts.risk_assessments, "risk", "B3.none")


def _items_missing(area: str, tally: ItemTally) -> Text:
    parts = []
    if tally.open:
        parts.append(Text("items.open", (tally.open,)))
    overdue = tally.overdue
    if len(overdue) == 1:
        parts.append(Text("items.overdue.one", (overdue[0],)))
    elif overdue:
        parts.append(Text("items.overdue.many", (len(overdue), min(overdue))))
    if tally.no_due:
        parts.append(Text("items.no_due", (tally.no_due,)))
    count = tally.open + len(overdue) + tally.no_due
    key = f"items.{area}.one" if count == 1 else f"items.{area}.many"
    return Text(key, (count, Text("_list", tuple(parts))))


@criterion("B4")
def b4_physical_items(a: Assessment) -> CriterionResult:
    if a.items[PHYSICAL] is None:
        return _MET["B4"]
    return _unmet_later("B4", _b4_missing, a)


def _b4_missing(a: Assessment) -> list[Text]:
    return [_items_missing(PHYSICAL, a.items[PHYSICAL])]


@criterion("B5")
def b5_safety_round(a: Assessment) -> CriterionResult:
    if not a.facts.off_site_work:
        return _MET_B5_NA
    d, recent_from = a.d, a.recent_from
    for on in a.facts.safety_rounds:
        if recent_from <= on <= d:
            return _MET["B5"]
    return _unmet_later("B5", _b5_missing, a)


def _b5_missing(a: Assessment) -> list[Text]:
    return _dated_record_missing(a, a.facts.safety_rounds, "round", "B5.none")


def _a1_stale(a: Assessment, latest: SurveyFact, noun: str) -> Text:
    stale = Text("stale", (Text(noun), latest.performed_on, a.d))
    if latest.performed_on < a.waiver_from:
        key = "A1.stale.too_old"
    elif not latest.no_new_survey_needed:
        key = "A1.stale.new_needed"
    else:
        key = "A1.stale.not_formal"
    return Text(key, (stale,))


@criterion("A1")
def a1_psychosocial_survey(a: Assessment) -> CriterionResult:
    survey = a.psychosocial
    if survey is not None:
        if survey.performed_on >= a.recent_from:
            return _MET["A1"]
        return CriterionResult("A1", True, Text("A1.waiver", (survey.performed_on,)), None)
    return _unmet_later("A1", _a1_missing, a)


def _a1_missing(a: Assessment) -> list[Text]:
    history = _SurveyHistory(a, PSYCHOSOCIAL)
    parts = _survey_missing(PSYCHOSOCIAL, history)
    latest = history.latest_verified
    if latest is not None and latest.performed_on >= a.recent_from:
        parts.append(Text("A1.not_formal", (latest.performed_on,)))
    elif latest is not None:
        noun = "noun.psychosocial.verified" if parts else "noun.psychosocial"
        parts.append(_a1_stale(a, latest, noun))
    if history.first_after is not None:
        parts.append(Text("after.psychosocial", (history.first_after, a.d)))
    return parts


@criterion("A2")
def a2_report_reviewed(a: Assessment) -> CriterionResult:
    survey = a.psychosocial
    if survey is None:
        return _UNMET["A2.needs_a1"]
    if a.psychosocial_complete:
        return _MET["A2"]
    key = "A2.not_reviewed" if survey.has_report else "A2.no_report"
    return _unmet("A2", [Text(key, (survey.performed_on,))])


@criterion("A3")
def a3_legal_minimum(a: Assessment) -> CriterionResult:
    physical, psychosocial = a.physical, a.psychosocial
    external_physical = physical is not None and physical.provider != BEDRIFTSTJENESTEN
    external_psy = psychosocial is not None and psychosocial.provider != BEDRIFTSTJENESTEN
    if not (external_physical or external_psy) or a.facts.legal_minimum.complete:
        return _MET["A3"]
    return _unmet_later("A3", _a3_missing, a)


def _a3_missing(a: Assessment) -> list[Text]:
    physical, psychosocial = a.physical, a.psychosocial
    external_physical = physical is not None and physical.provider != BEDRIFTSTJENESTEN
    external_psy = psychosocial is not None and psychosocial.provider != BEDRIFTSTJENESTEN
    missing = a.facts.legal_minimum.missing_parts()
    parts = Text("_list", tuple(Text(f"legal.{name}") for name in missing))
    if external_physical and external_psy:
        text = Text("A3.both", (physical.performed_on, psychosocial.performed_on, parts))
    elif external_physical:
        text = Text("A3.physical", (physical.performed_on, parts))
    else:
        text = Text("A3.psychosocial", (psychosocial.performed_on, parts))
    return [text]


@criterion("A4")
def a4_psychosocial_improvement(a: Assessment) -> CriterionResult:
    if a.facts.psychosocial_improvement_ongoing:
        return _MET["A4"]
    return _UNMET["A4.missing"]


def _p1_missing(a: Assessment) -> list[Text]:
    return [_p1_reason(a)]


def _p1_reason(a: Assessment) -> Text:
    """Why no certificate counts: the latest class A/A+ one, a newer B, a later one, none."""
    last_a = last_b = after = None
    for cert in a.facts.previous_certificates:
        if cert.valid_from > a.d:
            later = after is None or (cert.valid_from, cert.klass) < (after.valid_from, after.klass)
            if cert.klass != CLASS_B and later:
                after = cert
        elif cert.klass == CLASS_B:
            if not cert.revoked and (last_b is None or _cert_key(cert) > _cert_key(last_b)):
                last_b = cert
        elif last_a is None or _cert_key(cert) > _cert_key(last_a):
            last_a = cert
    if last_b is not None and (
        last_a is None
        or (last_b.valid_from > last_a.valid_from and last_b.valid_until >= a.recent_from)
    ):
        return Text("P1.lower_class", (last_b.valid_from, last_b.valid_until))
    if last_a is not None:
        return _p1_last_a(a, last_a)
    if after is not None:
        possible = a_plus_possible_from(after.valid_from)
        return Text("after.certificate", (after.valid_from, a.d, after.klass, possible))
    return Text("P1.none")


def _cert_key(cert: PreviousCertificateFact) -> tuple:
    """Total order: latest period first; among equals the one that counts most."""
    return (
        cert.valid_from,
        not cert.revoked,
        cert.valid_until,
        cert.klass,
        cert.revoked_on or date.min,
    )


def _p1_last_a(a: Assessment, cert: PreviousCertificateFact) -> Text:
    if cert.revoked:
        if cert.revoked_on is None:
            return Text("P1.revoked", (cert.valid_from, cert.klass))
        return Text("P1.revoked_on", (cert.valid_from, cert.klass, cert.revoked_on))
    if cert.valid_from > a.p1_began_by:
        possible = a_plus_possible_from(cert.valid_from)
        return Text("P1.too_recent", (cert.valid_from, cert.klass, a.d, possible))
    return Text("P1.expired", (cert.valid_until, cert.klass, a.d))


@criterion("P1")
def p1_class_a_in_an_earlier_period(a: Assessment) -> CriterionResult:
    began_by, recent_from = a.p1_began_by, a.recent_from
    for cert in a.facts.previous_certificates:
        if (
            not cert.revoked
            and cert.klass != CLASS_B
            and cert.valid_from <= began_by
            and cert.valid_until >= recent_from
            and cert.valid_until >= cert.valid_from
        ):
            return _MET["P1"]
    return _unmet_later("P1", _p1_missing, a)


@criterion("P2")
def p2_management_focus(a: Assessment) -> CriterionResult:
    if a.facts.management_focus_note.strip():
        return _MET["P2"]
    return _UNMET["P2.missing"]


@criterion("P3")
def p3_psychosocial_plan(a: Assessment) -> CriterionResult:
    survey = a.psychosocial
    planned = survey is not None and (survey.has_action_plan or survey.no_significant_deviations)
    if planned and a.items[PSYCHOSOCIAL] is None:
        return _MET["P3"]
    return _unmet_later("P3", _p3_missing, a)


def _p3_missing(a: Assessment) -> list[Text]:
    survey = a.psychosocial
    parts = []
    if survey is None:
        parts.append(Text("P3.needs_a1"))
    elif not (survey.has_action_plan or survey.no_significant_deviations):
        parts.append(Text("P3.no_plan", (survey.performed_on,)))
    tally = a.items[PSYCHOSOCIAL]
    if tally is not None:
        parts.append(_items_missing(PSYCHOSOCIAL, tally))
    return parts
