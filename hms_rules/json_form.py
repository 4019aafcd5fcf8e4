"""The JSON form of the rules service's facts and decision (RULES.md, last section).

Pure like ``hms_rules``: standard library only. ``facts_from_json`` takes what
``json.loads`` returned and either builds ``Facts`` or raises ``FactsError`` whose message is
one line naming the field, e.g. ``surveys[1].performed_on: not a date: "2026-02-30"``.

Strict by design, because the same form is what an issued certificate freezes: unknown
fields are an error at every level, missing lists are empty, missing booleans are false,
dates are ISO ``YYYY-MM-DD`` only, and a JSON ``true`` is never taken for a number, string or
date. ``null`` is accepted only where a value is optional (``rule_set``, ``due_date``,
``revoked_on``).

A3's legal minimum is ``legal_minimum``, an object of the five booleans (a)-(e)
(``employment_contracts``, ``equipment_inspection``, ``safety_representative``,
``regulations``, ``internal_control``; missing ones are false). ``legal_minimum_verified: true``
stays accepted as shorthand for all five (certificates issued before the five were separate
froze that form); giving both is an error. ``facts_to_json`` always writes ``legal_minimum``.
A previous certificate may carry ``revoked_on`` (the day it was revoked), which P1's text
names; it is an error on a certificate that is not revoked.

The decision's ``stable_until`` is the first day after ``assessment_date`` on which the same
facts could decide otherwise (ISO date, or ``null`` when nothing dated can change it).

``decision_to_json(decision, language)`` gives the texts in bokmål ("nb", the default) or
English ("en"); ``frozen_decision_to_json`` is what an issued certificate stores: the bokmål
form with each criterion's English texts under ``translations``, rendered at issuing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import hms_rules as rules
from hms_rules import (
    CLASS_ORDER,
    LEGAL_MINIMUM_PARTS,
    PROVIDERS,
    STATUSES,
    SURVEY_KINDS,
    ActionItemFact,
    Decision,
    Facts,
    LegalMinimumFact,
    PreviousCertificateFact,
    SurveyFact,
    UnknownRuleSet,
)
from hms_rules.texts import LANGUAGES

__all__ = [
    "FactsError",
    "decision_to_json",
    "facts_from_json",
    "facts_to_json",
    "frozen_decision_to_json",
]


class FactsError(ValueError):
    """Bad facts JSON. ``str(error)`` is one line: ``<field path>: <what is wrong>``."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


_TOP_FIELDS = (
    "assessment_date",
    "rule_set",
    "company",
    "surveys",
    "risk_assessments",
    "safety_rounds",
    "action_items",
    "legal_minimum",
    "legal_minimum_verified",
    "psychosocial_improvement_ongoing",
    "management_focus_note",
    "discretionary_justification",
    "previous_certificates",
)
_COMPANY_FIELDS = ("off_site_work",)
_SURVEY_BOOLS = (
    "verified",
    "has_report",
    "has_action_plan",
    "report_reviewed",
    "formal_conversations",
    "no_new_survey_needed",
    "no_significant_deviations",
)
_SURVEY_FIELDS = ("kind", "performed_on", "provider", *_SURVEY_BOOLS)
_ITEM_FIELDS = ("area", "status", "due_date")
_CERT_FIELDS = ("class", "valid_from", "valid_until", "revoked", "revoked_on")

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_MISSING = object()
_TOP = "(facts)"  # the path of the top-level object in messages


def _show(value: object) -> str:
    """A value as JSON text, one line, for an error message."""
    if isinstance(value, str):
        if len(value) > 60:
            value = value[:57] + "..."
        text = json.dumps(value, ensure_ascii=False)
        # json.dumps leaves U+0085, U+2028 etc. alone; escape them so the message is one line.
        return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)
    if value is None or isinstance(value, bool | int | float):
        return json.dumps(value)
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__


def _object(value: object, path: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise FactsError(path, f"expected an object, got {_show(value)}")
    for key in value:
        if key not in allowed:
            name = key if isinstance(key, str) and _NAME.fullmatch(key) else _show(key)
            raise FactsError(name if path == _TOP else f"{path}.{name}", "unknown field")
    return value


def _bool(obj: dict[str, Any], key: str, path: str) -> bool:
    value = obj.get(key, False)
    if not isinstance(value, bool):
        raise FactsError(path, f"expected true or false, got {_show(value)}")
    return value


def _str(obj: dict[str, Any], key: str, path: str) -> str:
    value = obj.get(key, "")
    if not isinstance(value, str):
        raise FactsError(path, f"expected a string, got {_show(value)}")
    return value


def _date(value: object, path: str) -> date:
    if not isinstance(value, str):
        raise FactsError(path, f"expected a date (YYYY-MM-DD), got {_show(value)}")
    if not _ISO_DATE.fullmatch(value):
        raise FactsError(path, f"not a date (YYYY-MM-DD): {_show(value)}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FactsError(path, f"not a date: {_show(value)}") from None


def _required(obj: dict[str, Any], key: str, path: str) -> object:
    value = obj.get(key, _MISSING)
    if value is _MISSING:
        raise FactsError(path, "missing (required)")
    return value


def _choice(obj: dict[str, Any], key: str, path: str, choices: tuple[str, ...]) -> str:
    value = _required(obj, key, path)
    if not isinstance(value, str):
        raise FactsError(path, f"expected a string, got {_show(value)}")
    if value not in choices:
        expected = ", ".join(json.dumps(c) for c in choices)
        raise FactsError(path, f"unknown value {_show(value)} (expected one of {expected})")
    return value


def _list(obj: dict[str, Any], key: str, item: Callable[[object, str], Any]) -> tuple:
    value = obj.get(key, [])
    if not isinstance(value, list):
        raise FactsError(key, f"expected an array, got {_show(value)}")
    return tuple(item(element, f"{key}[{i}]") for i, element in enumerate(value))


def _survey(value: object, path: str) -> SurveyFact:
    obj = _object(value, path, _SURVEY_FIELDS)
    kind = _choice(obj, "kind", f"{path}.kind", SURVEY_KINDS)
    performed_on = _date(
        _required(obj, "performed_on", f"{path}.performed_on"), f"{path}.performed_on"
    )
    provider = _choice(obj, "provider", f"{path}.provider", PROVIDERS)
    flags = {key: _bool(obj, key, f"{path}.{key}") for key in _SURVEY_BOOLS}
    return SurveyFact(kind=kind, performed_on=performed_on, provider=provider, **flags)


def _item(value: object, path: str) -> ActionItemFact:
    obj = _object(value, path, _ITEM_FIELDS)
    area = _choice(obj, "area", f"{path}.area", SURVEY_KINDS)
    status = _choice(obj, "status", f"{path}.status", STATUSES)
    due = obj.get("due_date")
    due_date = None if due is None else _date(due, f"{path}.due_date")
    return ActionItemFact(area=area, status=status, due_date=due_date)


def _certificate(value: object, path: str) -> PreviousCertificateFact:
    obj = _object(value, path, _CERT_FIELDS)
    klass = _choice(obj, "class", f"{path}.class", CLASS_ORDER)
    valid_from = _date(_required(obj, "valid_from", f"{path}.valid_from"), f"{path}.valid_from")
    valid_until = _date(_required(obj, "valid_until", f"{path}.valid_until"), f"{path}.valid_until")
    revoked = _bool(obj, "revoked", f"{path}.revoked")
    on = obj.get("revoked_on")
    revoked_on = None if on is None else _date(on, f"{path}.revoked_on")
    if revoked_on is not None and not revoked:
        raise FactsError(f"{path}.revoked_on", "given for a certificate that is not revoked")
    return PreviousCertificateFact(
        klass=klass,
        valid_from=valid_from,
        valid_until=valid_until,
        revoked=revoked,
        revoked_on=revoked_on,
    )


def _legal_minimum(obj: dict[str, Any]) -> LegalMinimumFact:
    """``legal_minimum`` (five booleans) or its shorthand ``legal_minimum_verified``."""
    shorthand = _bool(obj, "legal_minimum_verified", "legal_minimum_verified")
    if "legal_minimum" not in obj:
        return LegalMinimumFact.all_confirmed() if shorthand else LegalMinimumFact()
    if "legal_minimum_verified" in obj:
        raise FactsError(
            "legal_minimum_verified",
            "give either legal_minimum or legal_minimum_verified, not both",
        )
    parts = _object(obj["legal_minimum"], "legal_minimum", LEGAL_MINIMUM_PARTS)
    return LegalMinimumFact(
        **{name: _bool(parts, name, f"legal_minimum.{name}") for name in LEGAL_MINIMUM_PARTS}
    )


def facts_from_json(data: object) -> Facts:
    """``Facts`` from parsed JSON; ``FactsError`` (one line naming the field) when it is bad."""
    obj = _object(data, _TOP, _TOP_FIELDS)
    assessment_date = _date(_required(obj, "assessment_date", "assessment_date"), "assessment_date")

    rule_set = obj.get("rule_set")
    if rule_set is not None and not isinstance(rule_set, str):
        raise FactsError("rule_set", f"expected a string, got {_show(rule_set)}")
    try:
        chosen = rules.RULE_SETS.rule_set_for(assessment_date, rule_set)
    except UnknownRuleSet:
        known = ", ".join(json.dumps(name) for name in rules.RULE_SETS.names())
        if rule_set is not None:
            raise FactsError(
                "rule_set", f"unknown rule set {_show(rule_set)} (known: {known})"
            ) from None
        raise FactsError(
            "assessment_date",
            f"no rule set had started on {assessment_date.isoformat()} (known: {known})",
        ) from None
    if assessment_date < chosen.starts_on:
        raise FactsError(
            "assessment_date",
            f"{assessment_date.isoformat()} is before rule set {_show(chosen.name)} started "
            f"({chosen.starts_on.isoformat()})",
        )

    company = obj.get("company", {})
    company = _object(company, "company", _COMPANY_FIELDS)
    off_site_work = _bool(company, "off_site_work", "company.off_site_work")

    return Facts(
        assessment_date=assessment_date,
        off_site_work=off_site_work,
        surveys=_list(obj, "surveys", _survey),
        risk_assessments=_list(obj, "risk_assessments", _date),
        safety_rounds=_list(obj, "safety_rounds", _date),
        action_items=_list(obj, "action_items", _item),
        legal_minimum=_legal_minimum(obj),
        psychosocial_improvement_ongoing=_bool(
            obj, "psychosocial_improvement_ongoing", "psychosocial_improvement_ongoing"
        ),
        management_focus_note=_str(obj, "management_focus_note", "management_focus_note"),
        discretionary_justification=_str(
            obj, "discretionary_justification", "discretionary_justification"
        ),
        previous_certificates=_list(obj, "previous_certificates", _certificate),
        rule_set=rule_set,
    )


def facts_to_json(facts: Facts) -> dict[str, Any]:
    """The JSON form of ``facts``; ``facts_from_json(facts_to_json(f)) == f``."""
    return {
        "assessment_date": facts.assessment_date.isoformat(),
        "rule_set": facts.rule_set,
        "company": {"off_site_work": facts.off_site_work},
        "surveys": [
            {
                "kind": s.kind,
                "performed_on": s.performed_on.isoformat(),
                "provider": s.provider,
                **{key: getattr(s, key) for key in _SURVEY_BOOLS},
            }
            for s in facts.surveys
        ],
        "risk_assessments": [d.isoformat() for d in facts.risk_assessments],
        "safety_rounds": [d.isoformat() for d in facts.safety_rounds],
        "action_items": [
            {
                "area": item.area,
                "status": item.status,
                "due_date": item.due_date.isoformat() if item.due_date else None,
            }
            for item in facts.action_items
        ],
        "legal_minimum": {name: getattr(facts.legal_minimum, name) for name in LEGAL_MINIMUM_PARTS},
        "psychosocial_improvement_ongoing": facts.psychosocial_improvement_ongoing,
        "management_focus_note": facts.management_focus_note,
        "discretionary_justification": facts.discretionary_justification,
        "previous_certificates": [
            {
                "class": c.klass,
                "valid_from": c.valid_from.isoformat(),
                "valid_until": c.valid_until.isoformat(),
                "revoked": c.revoked,
                "revoked_on": c.revoked_on.isoformat() if c.revoked_on else None,
            }
            for c in facts.previous_certificates
        ],
    }


def decision_to_json(decision: Decision, language: str = "nb") -> dict[str, Any]:
    """The decision in RULES.md's shape, its texts in ``language`` ("nb" or "en")."""
    return {
        "rule_set": decision.rule_set,
        "assessment_date": decision.assessment_date.isoformat(),
        "eligible_class": decision.eligible_class,
        "discretionary": decision.discretionary,
        "waiver_used": decision.waiver_used,
        "stable_until": (
            decision.stable_until.isoformat() if decision.stable_until is not None else None
        ),
        "classes": [
            {
                "class": result.klass,
                "met": result.met,
                "criteria": [
                    {
                        "code": c.code,
                        "met": c.met,
                        "text": c.text_in(language),
                        "missing": c.missing_in(language),
                    }
                    for c in result.criteria
                ],
            }
            for result in decision.classes
        ],
    }


def frozen_decision_to_json(decision: Decision) -> dict[str, Any]:
    """The form stored with an issued certificate: RULES.md's shape (bokmål texts), and each
    criterion's texts in every other language under ``translations``.

    The texts are rendered now, so the stored decision keeps them as they were at issuing
    even when the message table changes later.
    """
    data = decision_to_json(decision, "nb")
    others = [language for language in LANGUAGES if language != "nb"]
    criteria = (c for result in decision.classes for c in result.criteria)
    stored = (c for result in data["classes"] for c in result["criteria"])
    for c, entry in zip(criteria, stored, strict=True):
        entry["translations"] = {
            language: {"text": c.text_in(language), "missing": c.missing_in(language)}
            for language in others
        }
    return data
