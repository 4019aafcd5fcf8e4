"""The facts as seen on the assessment date D, with what several criteria share (the
counted surveys, the tally of action items) worked out once, on first use."""

from __future__ import annotations

from datetime import date

from hms_rules.facts import (
    BEDRIFTSTJENESTEN,
    DONE,
    IN_PROGRESS,
    NOT_APPLICABLE,
    OPEN,
    PHYSICAL,
    PSYCHOSOCIAL,
    ActionItemFact,
    Facts,
    SurveyFact,
)
from hms_rules.windows import _windows

# --------------------------------------------------------------------------- the assessment


def _survey_key(s: SurveyFact) -> tuple:
    """Total order among surveys of one kind: newest first, then the one meeting most."""
    return (
        s.performed_on,
        s.has_report,
        s.has_action_plan or s.no_significant_deviations,
        s.report_reviewed,
        s.formal_conversations,
        s.no_new_survey_needed,
        s.provider == BEDRIFTSTJENESTEN,
        s.verified,
        s.has_action_plan,
        s.no_significant_deviations,
    )


def _newer(a: SurveyFact, b: SurveyFact | None) -> bool:
    if b is None:
        return True
    if a.performed_on != b.performed_on:
        return a.performed_on > b.performed_on
    return _survey_key(a) > _survey_key(b)


class ItemTally:
    """The action items of one area that are not active on D (made only when there are some)."""

    __slots__ = ("no_due", "open", "overdue")

    def __init__(self) -> None:
        self.open = 0
        self.no_due = 0
        self.overdue: list[date] = []

    def add(self, item: ActionItemFact) -> None:
        if item.status == OPEN:
            self.open += 1
        elif item.due_date is None:
            self.no_due += 1
        else:
            self.overdue.append(item.due_date)


class Assessment:
    """The facts of one case as seen on D, with what several criteria share worked out once.

    Every criterion function takes one of these: ``facts``, ``d``, the starts of the windows
    (``recent_from`` = D - 12 months, ``waiver_from`` = D - 24 months, ``p1_began_by`` =
    D - 10 months), the surveys counted in B1 and A1 (``physical``, ``psychosocial``: None
    when none is) and whether each is complete, whether any verified survey is recent, and
    the action items not active (``items[area]``, None when all are) and the earliest due
    date of those IN_PROGRESS items that are (``first_active_due``).
    """

    __slots__ = (
        "any_recent_verified",
        "d",
        "facts",
        "first_active_due",
        "items",
        "p1_began_by",
        "physical",
        "physical_complete",
        "psychosocial",
        "psychosocial_complete",
        "recent_from",
        "waiver_from",
    )

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        d = self.d = facts.assessment_date
        self.recent_from, self.waiver_from, self.p1_began_by = _windows(d)
        self.physical = self.psychosocial = None
        self.physical_complete = self.psychosocial_complete = False
        _choose_surveys(self)
        self.items, self.first_active_due = _tally_items(facts.action_items, d)


def _choose_surveys(a: Assessment) -> None:
    """One pass over the verified surveys on or before D: the counted ones (module docstring).

    One loop for speed, not for want of ``max``: written as ``max(..., key=_survey_key)``
    over filtered lists it cost a realistic decision 84,000 instructions instead of 58,600
    (callgrind, 08.12.2026), which would take the rules below their goal of 100,000
    decisions a second (docs/benchmarks.md: median 124,000 with this loop).
    """
    d, recent_from, waiver_from = a.d, a.recent_from, a.waiver_from
    phys_complete = phys_recent = psy_complete = psy_formal = psy_waiver = None
    recent_verified = False
    for s in a.facts.surveys:
        on = s.performed_on
        if on > d or not (s.verified or s.provider == BEDRIFTSTJENESTEN):
            continue
        recent = on >= recent_from
        recent_verified = recent_verified or recent
        if s.kind == PHYSICAL:
            plan = s.has_action_plan or s.no_significant_deviations
            if s.has_report and plan and (phys_complete is None or _newer(s, phys_complete)):
                phys_complete = s
            if recent and (phys_recent is None or _newer(s, phys_recent)):
                phys_recent = s
        elif s.formal_conversations:
            if (
                s.has_report
                and s.report_reviewed
                and (psy_complete is None or _newer(s, psy_complete))
            ):
                psy_complete = s
            if recent:
                if psy_formal is None or _newer(s, psy_formal):
                    psy_formal = s
            elif s.no_new_survey_needed and on >= waiver_from and _newer(s, psy_waiver):
                psy_waiver = s
    a.any_recent_verified = recent_verified
    if phys_complete is not None and phys_complete.performed_on >= recent_from:
        a.physical, a.physical_complete = phys_complete, True
    else:
        a.physical = phys_recent
    _count_psychosocial(a, psy_complete, psy_formal, psy_waiver)


def _count_psychosocial(
    a: Assessment,
    complete: SurveyFact | None,
    formal_recent: SurveyFact | None,
    waiverable: SurveyFact | None,
) -> None:
    """A1's survey: the newest complete one if it qualifies, else an unfinished one that does.

    An unfinished one that qualifies only through the waiver must be newer than the newest
    complete one: a newer complete survey replaces the older.
    """
    if complete is not None and (
        complete.performed_on >= a.recent_from
        or (complete.no_new_survey_needed and complete.performed_on >= a.waiver_from)
    ):
        a.psychosocial, a.psychosocial_complete = complete, True
    elif formal_recent is not None:
        a.psychosocial = formal_recent
    elif waiverable is not None and _newer(waiverable, complete):
        a.psychosocial = waiverable


class _SurveyHistory:
    """For the ``missing`` texts only: the surveys of one kind apart from the counted one."""

    __slots__ = ("first_after", "latest_verified", "unverified_recent")

    def __init__(self, a: Assessment, kind: str) -> None:
        self.latest_verified = self.unverified_recent = self.first_after = None
        for s in a.facts.surveys:
            on = s.performed_on
            if s.kind != kind:
                continue
            if on > a.d:
                if self.first_after is None or on < self.first_after:
                    self.first_after = on
            elif s.verified or s.provider == BEDRIFTSTJENESTEN:
                if _newer(s, self.latest_verified):
                    self.latest_verified = s
            elif on >= a.recent_from and _newer(s, self.unverified_recent):
                self.unverified_recent = s


_NEVER_MISSING = frozenset((DONE, NOT_APPLICABLE))  # a constant, not a tuple built per item


def _tally_items(
    items: tuple[ActionItemFact, ...], d: date
) -> tuple[dict[str, ItemTally | None], date | None]:
    """Area -> the items of that area not active on D; None when every one is active.

    And the earliest due date of the IN_PROGRESS items active on D
    (the day after it, one stops being active: ``RuleSet.stable_until``).
    """
    physical = psychosocial = first_due = None
    for item in items:
        status = item.status
        if status in _NEVER_MISSING:
            continue
        due = item.due_date
        if due is not None and due >= d and status == IN_PROGRESS:
            if first_due is None or due < first_due:
                first_due = due
            continue
        if item.area == PHYSICAL:
            physical = physical or ItemTally()
            physical.add(item)
        else:
            psychosocial = psychosocial or ItemTally()
            psychosocial.add(item)
    return {PHYSICAL: physical, PSYCHOSOCIAL: psychosocial}, first_due
