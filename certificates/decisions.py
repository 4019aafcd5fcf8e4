"""Stored decisions: each company's decision on its case of the year, kept until it can change.

Deciding is cheap; building the facts from the database is not (six queries and a few
thousand rows for a portfolio). So the decision is stored (``StoredDecision``) with the
facts it was made on and the first day it could change (``stable_until``):

* every write of a fact of a case (``save_with_history``/``delete_with_history`` of a model
  ``companies.freshness.KEPT_PAGE_RECORDS`` marks as a fact) calls ``case_facts_changed``
  in its transaction, which marks the stored decision stale;
* a read (``decisions_on``, ``refresh_outdated``) recomputes, in bulk for a page, only the
  stored decisions that are stale, missing, of another year or past ``stable_until``;
* the portfolio's class filter is then a query on ``StoredDecision.eligible_class``.

Facts depend on the day through the engine's windows (``Decision.stable_until``) and,
in the database, through a survey verified or a confirmation recorded with a later date
(``build_facts_many``'s ``later``): the stored ``stable_until`` is the earliest of them.

A refresh locks the rows it rewrites (``select_for_update``) before reading the facts, so a
service changing a fact meanwhile waits and then marks the new row stale. The one window
left is a company's very first stored decision, written while a change is not committed:
it is caught by the next change or the next ``stable_until``.
"""

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

import hms_rules as rules
from certificates.facts import build_facts_many
from certificates.models import CertificationCase, StoredDecision
from companies.freshness import case_page_changed
from companies.models import Company
from hms_rules import json_form as rules_json
from hms_rules import texts as rules_texts

__all__ = [
    "SUMMARY_FIELDS",
    "case_facts_changed",
    "decisions_on",
    "outdated_condition",
    "redecide_for_summaries",
    "refresh_outdated",
    "summary_missing",
    "valid_condition",
]

_FIELDS = (
    "year",
    "assessment_date",
    "stable_until",
    "stale",
    "eligible_class",
    "discretionary",
    "first_missing",
    "facts",
    "decision",
)


def case_facts_changed(*, company: Company | int) -> None:
    """A fact of the company's case changed: its stored decision must be recomputed, and
    the case page's cached parts too (``case_page_changed``).

    Call it inside the service's transaction (two UPDATEs; no row, nothing to do).
    """
    pk = company.pk if isinstance(company, Company) else company
    StoredDecision.objects.filter(pk=pk, stale=False).update(stale=True)
    case_page_changed(company=pk)


def valid_condition(on: date, prefix: str = "") -> Q:
    """The stored decisions that are the decision on ``on`` (``prefix``: a path to them)."""
    return Q(
        **{f"{prefix}stale": False, f"{prefix}year": on.year, f"{prefix}assessment_date__lte": on}
    ) & (Q(**{f"{prefix}stable_until__isnull": True}) | Q(**{f"{prefix}stable_until__gt": on}))


def outdated_condition(on: date) -> Exists:
    """For a Company queryset: those whose stored decision on ``on`` is not valid (negate)."""
    return Exists(StoredDecision.objects.filter(valid_condition(on), company=OuterRef("pk")))


def refresh_outdated(companies: QuerySet[Company], *, on: date) -> None:
    """Recompute the stored decisions of ``companies`` that are not valid on ``on``.

    One query when all are valid; else that, the companies, one lock, the facts' queries and
    one write.
    """
    outdated = companies.filter(~outdated_condition(on)).order_by()
    # Only the keys first (not the caller's annotations): most often there are none.
    if outdated_ids := list(outdated.values_list("pk", flat=True)):
        _recompute(list(Company.objects.filter(pk__in=outdated_ids)), on=on)


def decisions_on(
    *,
    companies: Iterable[Company],
    on: date,
    cases: dict[int, CertificationCase] | None = None,
) -> dict[int, rules.Decision]:
    """Company pk -> its decision on ``on``, from the stored ones (recomputed where outdated).

    ``cases``, when the caller has them: company pk -> its case of ``on``'s year.

    The stored facts are decided again on ``on`` (microseconds), so the texts name ``on``
    and the decision is exactly the one fresh facts would give.
    """
    companies = list(companies)
    stored = {s.pk: s for s in StoredDecision.objects.filter(pk__in=[c.pk for c in companies])}
    outdated = [c for c in companies if c.pk not in stored or not stored[c.pk].valid_on(on)]
    decisions = _recompute(outdated, on=on, cases=cases) if outdated else {}
    for company in companies:
        if company.pk not in decisions:
            facts = rules_json.facts_from_json(stored[company.pk].facts)
            decisions[company.pk] = rules.decide(replace(facts, assessment_date=on))
    return decisions


def _recompute(
    companies: list[Company], *, on: date, cases: dict[int, CertificationCase] | None = None
) -> dict[int, rules.Decision]:
    """Decide the companies afresh and store the decisions; returns them."""
    with transaction.atomic():
        # Lock the rows first: a service changing a fact now waits, then marks them stale.
        ids = [company.pk for company in companies]
        list(StoredDecision.objects.select_for_update().filter(pk__in=ids).values_list("pk"))
        return _recompute_locked(companies, on=on, cases=cases)


def _recompute_locked(
    companies: list[Company], *, on: date, cases: dict[int, CertificationCase] | None = None
) -> dict[int, rules.Decision]:
    """``_recompute`` once the rows are locked (inside the caller's transaction)."""
    ids = [company.pk for company in companies]
    if cases is None:
        cases = {
            case.company_id: case
            for case in CertificationCase.objects.filter(company_id__in=ids, year=on.year)
        }
    else:
        cases = {pk: cases[pk] for pk in ids if pk in cases}
    later: dict[int, date] = {}
    facts = build_facts_many(companies=companies, cases=cases, on=on, later=later)
    decisions, rows = {}, []
    for pk in ids:
        decision = rules.decide(facts[pk])
        decisions[pk] = decision
        rows.append(_row(pk, facts[pk], decision, later.get(pk)))
    StoredDecision.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["company"], update_fields=_FIELDS
    )
    return decisions


def _row(pk: int, facts: rules.Facts, decision: rules.Decision, later: date | None):
    until = decision.stable_until
    if later is not None and (until is None or later < until):
        until = later
    missing = decision.first_missing()
    return StoredDecision(
        company_id=pk,
        year=facts.assessment_date.year,
        assessment_date=facts.assessment_date,
        stable_until=until,
        stale=False,
        eligible_class=decision.eligible_class or "",
        discretionary=decision.discretionary,
        first_missing=missing.code if missing is not None else "",
        facts=rules_json.facts_to_json(facts),
        decision=_decision_json(decision),
    )


# What a list shows of a stored decision without deciding again (``summary_missing``):
# the columns, and the first missing criterion's code and texts (``decision`` JSON key
# "first_missing", in every language; the texts name the assessment date).
SUMMARY_FIELDS = (
    "stale",
    "year",
    "assessment_date",
    "stable_until",
    "eligible_class",
    "discretionary",
)


def _decision_json(decision: rules.Decision) -> dict:
    missing = decision.first_missing()
    first = {"code": "", "missing": {}}
    if missing is not None:
        texts = {language: missing.missing_in(language) for language in rules_texts.LANGUAGES}
        first = {"code": missing.code, "missing": texts}
    return rules_json.decision_to_json(decision) | {"first_missing": first}


def summary_missing(stored: dict, on: date) -> dict | None:
    """The stored first-missing entry if the stored row is the decision on ``on``, as is.

    ``stored``: the ``SUMMARY_FIELDS`` and "first_missing" (the JSON key) of one row. The
    row must be valid on ``on`` and decided on ``on`` itself (its texts name that day);
    else None, and ``redecide_for_summaries`` brings it up to date.
    """
    first = stored.get("first_missing")
    if not isinstance(first, dict) or stored.get("assessment_date") != on:
        return None
    if stored["stale"] or stored["year"] != on.year:
        return None
    until = stored["stable_until"]
    return first if until is None or on < until else None


def redecide_for_summaries(companies: list[Company], *, on: date) -> dict[int, rules.Decision]:
    """The decisions on ``on`` of companies whose stored row ``summary_missing`` refused.

    Outdated rows are recomputed from the fact tables (``_recompute``); rows still valid
    but decided on an earlier day are decided again from their stored facts and stored
    as of ``on``, so the next read today takes the stored summary. The rows are locked
    while this happens, as ``_recompute`` does.
    """
    ids = [company.pk for company in companies]
    with transaction.atomic():
        stored = {s.pk: s for s in StoredDecision.objects.select_for_update().filter(pk__in=ids)}
        valid = [c for c in companies if c.pk in stored and stored[c.pk].valid_on(on)]
        outdated = [c for c in companies if c not in valid]
        decisions = _recompute_locked(outdated, on=on) if outdated else {}
        rows = []
        for company in valid:
            row = stored[company.pk]
            facts = replace(rules_json.facts_from_json(row.facts), assessment_date=on)
            decision = decisions[company.pk] = rules.decide(facts)
            until = decision.stable_until
            if until is None or (row.stable_until is not None and row.stable_until < until):
                until = row.stable_until
            row.assessment_date, row.stable_until = on, until
            row.facts, row.decision = rules_json.facts_to_json(facts), _decision_json(decision)
            rows.append(row)
        if rows:
            fields = ["assessment_date", "stable_until", "facts", "decision"]
            StoredDecision.objects.bulk_update(rows, fields)
    return decisions
