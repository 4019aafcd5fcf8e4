"""The certification criteria of RULES.md as a pure function: facts in, decision out.

This module imports no Django, reads no database, no clock and no settings: the same
``Facts`` always give the same ``Decision``. Building the facts from the database is
``certificates.facts``' job; the JSON form is ``certificates.rules_json``; the texts, in
bokmål and English, are the message table of ``certificates.rules_texts``.

Criteria and rule sets
    Each criterion is a small function: an ``Assessment`` (the facts as seen on D, with
    what several criteria share - the counted surveys, the tally of action items - worked
    out once, on first use) in, a ``CriterionResult`` out. ``@criterion("B1")`` gives it its
    code. A rule set is a declaration: ``classes`` says which criteria each class has,
    lowest class first. The seed says the criteria "can change without notice", so rule sets
    are versioned: ``RULE_SETS`` maps the date a rule set starts to the rule set; a later one
    is a subclass naming only what it changes, registered beside this one, never an edit::

        class RuleSet20300101(RuleSet20040927):
            name = "2030-01-01"
            starts_on = date(2030, 1, 1)
            classes = RuleSet20040927.replacing(p1_new)   # p1_new = @criterion("P1") ...

    ``decide(facts)`` uses ``facts.rule_set`` when it is given, else the newest rule set
    that had started on ``facts.assessment_date``.

How the classes list their criteria (rule set 2004-09-27)
    Each class lists only its own codes: B lists B1-B5, A lists A1-A4, A+ lists P1-P3, and
    every criterion is always evaluated and listed, met or not. A class's ``met`` means its
    own criteria hold *and* the class below is met: A requires B met on its criteria (a
    discretionary B never counts), A+ requires A met. ``ClassResult(B).met`` is False for a
    discretionary B; the decision then has ``eligible_class == "B"`` and
    ``discretionary=True``.

Texts
    ``CriterionResult.text`` and ``.missing`` are bokmål; ``text_in("en")`` and
    ``missing_in("en")`` give the English. Both come from the same ``Text`` values, so the
    two languages always say the same, with the same dd.mm.yyyy dates.

Interpretations (where RULES.md leaves room; the seed's meaning decides)
    * D = ``facts.assessment_date``. "Recent" is D - 12 calendar months <= d <= D (29 Feb
      minus 12 months is 28 Feb). Nothing dated after D ever counts, so it never changes
      what is met; a ``missing`` text names such a record as dated after D rather than
      calling it absent.
    * A survey is verified when ``provider`` is BEDRIFTSTJENESTEN (ours, so verified by being
      ours) or when ``verified`` is set (an advisor accepted an EXTERNAL survey).
    * Which survey is counted (RULES.md, "Which survey is counted"). A physical survey is
      *complete* when verified, with a written report and a plan (or no findings to plan
      for); a psychosocial one when verified, done through formal conversations, with a
      written report that has been reviewed. The survey counted in B1 is the most recent
      complete physical survey on or before D if it is recent; else the most recent recent
      verified one (B1 met, B2 names what it lacks). The survey counted in A1 is the most
      recent complete psychosocial survey X if it is recent or qualifies for the waiver (at
      most 24 months old and ``no_new_survey_needed``); else the most recent recent verified
      one by formal conversations; else the most recent one that qualifies for the waiver
      and is newer than X. So an unfinished newer survey never hides an older one that
      qualifies, and a newer complete survey replaces the older one: its plan is what P3
      looks at and its provider what A3 looks at. The waiver survey must itself have been
      done through formal conversations (the waiver spares this year's survey, not the kind
      of survey). Surveys on the same day are ordered by a total key over all their fields,
      favouring the one that meets most criteria, so the choice never depends on input
      order.
    * B2: the counted survey ``has_report`` and (``has_action_plan`` or
      ``no_significant_deviations``) - the plan may be missing only where the report
      records nothing to act on.
    * Active action item: DONE, or IN_PROGRESS with a due date >= D. OPEN items, overdue
      IN_PROGRESS items and IN_PROGRESS items without a due date are not active;
      NOT_APPLICABLE items are left out. No items of an area means B4/P3's item part holds.
    * A3 holds vacuously when no survey is counted (A then fails on B1/A1 anyway). The five
      parts (a)-(e) of the legal minimum are five facts; the ``missing`` text names the
      parts still missing.
    * P1: a certificate of class A or A+, not revoked, whose period began at least 10
      months before D (``valid_from <= D - 10 months``) and that was valid on some day of
      the 12 months before D (``valid_until >= D - 12 months``). ``valid_from`` of a
      reissued certificate is where the certificate it replaced began (the facts builder
      sees to that). Unmet, the text speaks of the latest class A/A+ certificate on or
      before D: revoked (when), began too recently (and from when A+ is possible) or
      expired (when); of a newer class B certificate; of one dated after D; or of none.
    * Discretionary B: B's criteria do not all hold, ``discretionary_justification`` is not
      blank and some verified survey of either kind is recent. It never lifts to A or A+.
    * ``waiver_used`` is True when A1 is met through the waiver (whatever the eligible class).

Performance: one decision for a realistic case costs some microseconds (see
``python -m bench``). Met criteria, and unmet ones whose text never varies, are shared
immutable singletons; what else is missing is worked out only when a ``missing_message``
is read, ``stable_until`` only when it is read, and no text is rendered until it is shown.
Each is the same as if it had been worked out at once: only the cost moves to where it is
needed (a portfolio row reads one criterion's text; the JSON and a stored decision read
everything).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from certificates.rules_texts import Text, format_date

__all__ = [
    "BEDRIFTSTJENESTEN",
    "CLASS_A",
    "CLASS_A_PLUS",
    "CLASS_B",
    "CLASS_ORDER",
    "DONE",
    "EXTERNAL",
    "IN_PROGRESS",
    "LEGAL_MINIMUM_PARTS",
    "NOT_APPLICABLE",
    "OPEN",
    "PHYSICAL",
    "PROVIDERS",
    "PSYCHOSOCIAL",
    "RULE_SETS",
    "STATUSES",
    "SURVEY_KINDS",
    "ActionItemFact",
    "Assessment",
    "ClassResult",
    "CriterionResult",
    "Decision",
    "Facts",
    "LegalMinimumFact",
    "PreviousCertificateFact",
    "RuleSet",
    "RuleSet20040927",
    "RuleSetRegistry",
    "SurveyFact",
    "Text",
    "UnknownRuleSet",
    "a_plus_possible_from",
    "available_classes",
    "class_rank",
    "criterion",
    "decide",
    "first_day_months_after",
    "format_date",
    "months_before",
    "rule_set_for",
]

PHYSICAL = "physical"
PSYCHOSOCIAL = "psychosocial"
SURVEY_KINDS = (PHYSICAL, PSYCHOSOCIAL)

BEDRIFTSTJENESTEN = "BEDRIFTSTJENESTEN"
EXTERNAL = "EXTERNAL"
PROVIDERS = (BEDRIFTSTJENESTEN, EXTERNAL)

OPEN = "OPEN"
IN_PROGRESS = "IN_PROGRESS"
DONE = "DONE"
NOT_APPLICABLE = "NOT_APPLICABLE"
STATUSES = (OPEN, IN_PROGRESS, DONE, NOT_APPLICABLE)

CLASS_B = "B"
CLASS_A = "A"
CLASS_A_PLUS = "A+"
CLASS_ORDER = (CLASS_B, CLASS_A, CLASS_A_PLUS)  # lowest first
_RANK = {None: 0, CLASS_B: 1, CLASS_A: 2, CLASS_A_PLUS: 3}

# The legal minimum of A3, parts (a)-(e), in that order.
LEGAL_MINIMUM_PARTS = (
    "employment_contracts",
    "equipment_inspection",
    "safety_representative",
    "regulations",
    "internal_control",
)


# --------------------------------------------------------------------------- dates


_DAY = timedelta(days=1)
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@lru_cache(maxsize=4096)  # every decision asks for the same few windows; pure, so cached
def months_before(d: date, months: int) -> date:
    """``d`` minus ``months`` calendar months, the day clamped to the month's last day.

    ``months_before(date(2028, 2, 29), 12) == date(2027, 2, 28)``;
    ``months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)``. A negative ``months``
    counts forward: ``months_before(date(2028, 2, 29), -12) == date(2029, 2, 28)``.
    Past the ends of the calendar it stops at ``date.min``/``date.max``.
    """
    total = d.year * 12 + d.month - 1 - months
    year, month0 = divmod(total, 12)
    if year < date.min.year:  # before year 1: every date there is counts
        return date.min
    if year > date.max.year:
        return date.max
    last = _DAYS_IN_MONTH[month0]
    if month0 == 1 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        last = 29
    day = d.day
    return date(year, month0 + 1, day if day <= last else last)


@lru_cache(maxsize=4096)
def first_day_months_after(x: date, months: int) -> date:
    """The first D with ``months_before(D, months) >= x``.

    ``months`` months on, or the day after that where the month is shorter (30 April + 10
    months is 28 February, too early). ``months_before`` never decreases as D grows, so
    every later D qualifies too.
    """
    candidate = months_before(x, -months)
    if months_before(candidate, months) < x and candidate < date.max:  # date.max: the end
        candidate += timedelta(days=1)
    return candidate


@lru_cache(maxsize=512)  # one entry per assessment date: a portfolio shares one D
def _windows(d: date) -> tuple[date, date, date]:
    """D - 12 months (recent), D - 24 months (the waiver) and D - 10 months (P1's start)."""
    return months_before(d, 12), months_before(d, 24), months_before(d, 10)


def a_plus_possible_from(began: date) -> date:
    """The first D on which a certificate whose period began on ``began`` counts for P1.

    The first D with ``months_before(D, 10) >= began``.
    """
    return first_day_months_after(began, 10)


def _check_date(value: object, what: str) -> None:
    # datetime is a date subclass, but comparing one with a date raises TypeError.
    if type(value) is not date:
        raise TypeError(f"{what} must be a datetime.date, not {type(value).__name__}")


def _check_choice(value: object, choices: tuple[str, ...], what: str) -> None:
    if value not in choices:
        raise ValueError(f"{what} must be one of {', '.join(choices)}, not {value!r}")


def _as_tuple(obj: object, name: str) -> None:
    value = getattr(obj, name)
    if not isinstance(value, tuple):
        object.__setattr__(obj, name, tuple(value))


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True, slots=True)
class SurveyFact:
    kind: str  # PHYSICAL | PSYCHOSOCIAL
    performed_on: date
    provider: str  # BEDRIFTSTJENESTEN | EXTERNAL
    verified: bool = False
    has_report: bool = False
    has_action_plan: bool = False
    report_reviewed: bool = False
    formal_conversations: bool = False
    no_new_survey_needed: bool = False
    no_significant_deviations: bool = False

    def __post_init__(self) -> None:
        _check_choice(self.kind, SURVEY_KINDS, "SurveyFact.kind")
        _check_choice(self.provider, PROVIDERS, "SurveyFact.provider")
        _check_date(self.performed_on, "SurveyFact.performed_on")

    @property
    def is_verified(self) -> bool:
        """Ours (BEDRIFTSTJENESTEN) or an EXTERNAL survey an advisor has accepted."""
        return self.verified or self.provider == BEDRIFTSTJENESTEN


@dataclass(frozen=True, slots=True)
class ActionItemFact:
    area: str  # PHYSICAL | PSYCHOSOCIAL
    status: str  # OPEN | IN_PROGRESS | DONE | NOT_APPLICABLE
    due_date: date | None = None

    def __post_init__(self) -> None:
        _check_choice(self.area, SURVEY_KINDS, "ActionItemFact.area")
        _check_choice(self.status, STATUSES, "ActionItemFact.status")
        if self.due_date is not None:
            _check_date(self.due_date, "ActionItemFact.due_date")


@dataclass(frozen=True, slots=True)
class PreviousCertificateFact:
    klass: str  # "B" | "A" | "A+"
    valid_from: date  # where its period began; for a reissue, where the replaced one began
    valid_until: date  # inclusive last valid day
    revoked: bool = False
    revoked_on: date | None = None  # when it was revoked, where known

    def __post_init__(self) -> None:
        _check_choice(self.klass, CLASS_ORDER, "PreviousCertificateFact.klass")
        _check_date(self.valid_from, "PreviousCertificateFact.valid_from")
        _check_date(self.valid_until, "PreviousCertificateFact.valid_until")
        if self.revoked_on is not None:
            _check_date(self.revoked_on, "PreviousCertificateFact.revoked_on")
            if not self.revoked:
                raise ValueError("PreviousCertificateFact.revoked_on given but revoked is False")


@dataclass(frozen=True, slots=True)
class LegalMinimumFact:
    """A3's legal minimum, each part confirmed on its own: (a) to (e)."""

    employment_contracts: bool = False  # (a) written employment contracts with all employees
    equipment_inspection: bool = False  # (b) work equipment inspected, inspection documented
    safety_representative: bool = False  # (c) safety representative (and AMU) elected, trained
    regulations: bool = False  # (d) current regulations and guidance available
    internal_control: bool = False  # (e) an internal control (HMS) system exists

    @classmethod
    def all_confirmed(cls) -> LegalMinimumFact:
        return _LEGAL_MINIMUM_ALL

    @property
    def complete(self) -> bool:
        return (
            self.employment_contracts
            and self.equipment_inspection
            and self.safety_representative
            and self.regulations
            and self.internal_control
        )

    def missing_parts(self) -> tuple[str, ...]:
        """The names of the parts not confirmed, (a) to (e) order."""
        return tuple(name for name in LEGAL_MINIMUM_PARTS if not getattr(self, name))


_LEGAL_MINIMUM_ALL = LegalMinimumFact(True, True, True, True, True)


@dataclass(frozen=True, slots=True)
class Facts:
    assessment_date: date
    off_site_work: bool = False
    surveys: tuple[SurveyFact, ...] = ()
    risk_assessments: tuple[date, ...] = ()
    safety_rounds: tuple[date, ...] = ()
    action_items: tuple[ActionItemFact, ...] = ()
    legal_minimum: LegalMinimumFact = LegalMinimumFact()
    psychosocial_improvement_ongoing: bool = False
    management_focus_note: str = ""
    discretionary_justification: str = ""
    previous_certificates: tuple[PreviousCertificateFact, ...] = ()
    rule_set: str | None = None  # None = newest rule set started on assessment_date

    def __post_init__(self) -> None:
        _check_date(self.assessment_date, "Facts.assessment_date")
        for name in (
            "surveys",
            "risk_assessments",
            "safety_rounds",
            "action_items",
            "previous_certificates",
        ):
            _as_tuple(self, name)  # lists are accepted and stored as tuples
        for d in self.risk_assessments:
            _check_date(d, "Facts.risk_assessments[]")
        for d in self.safety_rounds:
            _check_date(d, "Facts.safety_rounds[]")
        if not isinstance(self.legal_minimum, LegalMinimumFact):
            raise TypeError("Facts.legal_minimum must be a LegalMinimumFact")

    @property
    def legal_minimum_verified(self) -> bool:
        """All five parts of the legal minimum confirmed."""
        return self.legal_minimum.complete


# --------------------------------------------------------------------------- decision


class CriterionResult:
    """One criterion: its code, met or not, its text and - where not met - what is missing.

    ``message``/``missing_message`` are unrendered ``Text``s; ``text``/``missing`` give them
    in bokmål, ``text_in(language)``/``missing_in(language)`` in "nb" or "en".

    Immutable by contract (nothing assigns to a result after it is made) and compared by
    value. A criterion that is not met may leave working out what is missing until it is
    asked for (``CriterionResult.later``): most decisions are made to know the class, and a
    portfolio row shows one criterion's ``missing``. The text is the same either way.
    """

    __slots__ = ("_missing", "_pending", "code", "message", "met")

    def __init__(
        self, code: str, met: bool, message: Text, missing_message: Text | None = None
    ) -> None:
        self.code = code
        self.met = met
        self.message = message
        self._missing = missing_message
        self._pending = None

    @classmethod
    def later(
        cls, code: str, message: Text, why: Callable[[Assessment], list[Text]], a: Assessment
    ) -> CriterionResult:
        """Not met; ``why(a)`` gives the parts of what is missing, the first time it is asked."""
        result = cls(code, False, message)
        result._pending = (why, a)  # one tuple, read in one step: safe to share between threads
        return result

    @property
    def missing_message(self) -> Text | None:
        pending = self._pending
        if pending is not None:
            self._missing = _joined(pending[0](pending[1]))
            self._pending = None
        return self._missing

    @property
    def text(self) -> str:
        return self.message.render("nb")

    @property
    def missing(self) -> str | None:
        missing = self.missing_message
        return None if missing is None else missing.render("nb")

    def text_in(self, language: str) -> str:
        return self.message.render(language)

    def missing_in(self, language: str) -> str | None:
        missing = self.missing_message
        return None if missing is None else missing.render(language)

    def _fields(self) -> tuple:
        return (self.code, self.met, self.message, self.missing_message)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CriterionResult):
            return NotImplemented
        return self is other or self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        code, met, message, missing = self._fields()
        return (
            f"CriterionResult(code={code!r}, met={met!r}, message={message!r}, "
            f"missing_message={missing!r})"
        )


def _joined(parts: list[Text]) -> Text:
    return parts[0] if len(parts) == 1 else Text("_join", tuple(parts))


_new_tuple = tuple.__new__  # builds a named tuple from all its fields without a Python call


class ClassResult(NamedTuple):
    """One class: met or not, and every one of its criteria."""

    klass: str
    met: bool
    criteria: tuple[CriterionResult, ...]


class Decision:
    """The decision on one case (RULES.md, "The decision"), compared by value.

    ``classes`` are B, A, A+ in that order. ``stable_until`` is the first day after
    ``assessment_date`` on which the same facts could decide otherwise (None: never);
    conservative, it may come earlier than needed, never later. A rule set's decision
    works it out the first time it is read (most decisions are made for the class only);
    the date is the same either way. Immutable by contract, like ``CriterionResult``.
    """

    __slots__ = (
        "_pending",
        "_stable_until",
        "assessment_date",
        "classes",
        "discretionary",
        "eligible_class",
        "rule_set",
        "waiver_used",
    )

    def __init__(
        self,
        rule_set: str,
        assessment_date: date,
        eligible_class: str | None,
        discretionary: bool,
        waiver_used: bool,
        classes: tuple[ClassResult, ...],
        stable_until: date | None = None,
    ) -> None:
        self.rule_set = rule_set
        self.assessment_date = assessment_date
        self.eligible_class = eligible_class
        self.discretionary = discretionary
        self.waiver_used = waiver_used
        self.classes = classes
        self._stable_until = stable_until
        self._pending = None

    @property
    def stable_until(self) -> date | None:
        pending = self._pending  # (rule set, assessment, newest?): read in one step
        if pending is not None:
            self._stable_until = pending[0].stable_until(pending[1], pending[2])
            self._pending = None
        return self._stable_until

    def _fields(self) -> tuple:
        return (
            self.rule_set,
            self.assessment_date,
            self.eligible_class,
            self.discretionary,
            self.waiver_used,
            self.classes,
            self.stable_until,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Decision):
            return NotImplemented
        return self is other or self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        names = ("rule_set", "assessment_date", "eligible_class", "discretionary")
        names += ("waiver_used", "classes", "stable_until")
        shown = ", ".join(f"{n}={v!r}" for n, v in zip(names, self._fields(), strict=True))
        return f"Decision({shown})"

    def class_result(self, klass: str) -> ClassResult:
        for result in self.classes:
            if result.klass == klass:
                return result
        raise KeyError(klass)

    def first_missing(self) -> CriterionResult | None:
        """The first unmet criterion of the lowest class not met: "the next thing missing".

        None when every class is met.
        """
        for result in self.classes:
            if not result.met:
                for c in result.criteria:
                    if not c.met:
                        return c
                return None  # a class not met always has an unmet criterion of its own
        return None


def class_rank(klass: str | None) -> int:
    """None -> 0, B -> 1, A -> 2, A+ -> 3."""
    try:
        return _RANK[klass]
    except KeyError:
        raise ValueError(f"unknown class {klass!r}") from None


def available_classes(eligible: str | None) -> tuple[str, ...]:
    """The classes an issuer may choose: the eligible class and those below it, lowest first."""
    return CLASS_ORDER[: class_rank(eligible)]


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
    """One pass over the verified surveys on or before D: the counted ones (module docstring)."""
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


# --------------------------------------------------------------------------- rule sets


class UnknownRuleSet(ValueError):
    """No rule set of that name, or none had started on the assessment date."""


ClassCriteria = tuple[tuple[str, tuple[CriterionFunction, ...]], ...]


class RuleSet:
    """One version of the criteria: a ``name``, a ``starts_on`` date and ``classes``.

    ``classes`` declares the criteria of each class, lowest class first. ``decide`` is the
    same for every rule set: each class lists all its criteria; a class is met when they
    all hold and the class below is met; the eligible class is the highest met, else a
    discretionary B (``discretionary_b``), else none.
    """

    name: str
    starts_on: date
    classes: ClassCriteria = ()

    @classmethod
    def replacing(cls, *criteria: CriterionFunction) -> ClassCriteria:
        """This rule set's ``classes`` with the criteria of the same codes replaced."""
        new = {c.code: c for c in criteria}
        known = {c.code for _, functions in cls.classes for c in functions}
        unknown = sorted(set(new) - known)
        if unknown:
            raise ValueError(f"no criterion {', '.join(unknown)} in rule set {cls.name}")
        return tuple(
            (klass, tuple(new.get(c.code, c) for c in functions))
            for klass, functions in cls.classes
        )

    def decide(self, facts: Facts) -> Decision:
        a = Assessment(facts)
        results = []
        below = True
        eligible = None
        for klass, functions in self.classes:
            criteria = []
            for judge in functions:
                result = judge(a)
                below = below and result.met
                criteria.append(result)
            if below:
                eligible = klass
            results.append(_new_tuple(ClassResult, (klass, below, tuple(criteria))))
        discretionary = eligible is None and self.discretionary_b(a)
        decision = Decision(
            self.name,
            a.d,
            CLASS_B if discretionary else eligible,
            discretionary,
            self.waiver_used(a),
            tuple(results),
        )
        decision._pending = (self, a, facts.rule_set is None)  # stable_until, when read
        return decision

    def stable_until(self, a: Assessment, newest_rule_set: bool = True) -> date | None:
        """The first day after D on which these facts could decide differently (or None).

        What the criteria of this rule set ask of a date is relative to D only through
        four windows, so the decision can change only on the first day that

        * a record dated after D (survey, risk assessment, safety round, a certificate's
          start) becomes current, or an IN_PROGRESS item's due date has passed;
        * a record now in the 12-month window leaves it (a survey, risk assessment or
          safety round dated before D - 12 months, a certificate that ended before it);
        * a survey in the 24-month window (the waiver) leaves it;
        * a certificate begun within the last 10 months reaches P1's start rule;
        * a newer rule set starts (when the facts do not name their rule set).

        Each window passes a record on a later day the older the record is, so only the
        oldest record in each window matters: one pass, at most four date computations.
        Records the criteria ignore (an unverified survey, a safety round without off-site
        work) are counted anyway: their texts name them, and earlier is allowed.
        A later rule set with other windows overrides this.
        """
        future, oldest_recent, oldest_waiver, next_p1 = _window_edges(a)
        until = future
        if oldest_recent is not None and oldest_recent < date.max:
            day = _first_day_out_of_window(oldest_recent, 12)
            if until is None or day < until:
                until = day
        if oldest_waiver is not None:
            day = _first_day_out_of_window(oldest_waiver, 24)
            if until is None or day < until:
                until = day
        if next_p1 is not None:
            day = a_plus_possible_from(next_p1)
            if until is None or day < until:
                until = day
        if newest_rule_set and max(RULE_SETS) > a.d:  # RULE_SETS is never empty here
            day = min(start for start in RULE_SETS if start > a.d)
            if until is None or day < until:
                until = day
        return until

    def discretionary_b(self, a: Assessment) -> bool:
        """Class B granted on an advisor's written justification (RULES.md)."""
        if not a.facts.discretionary_justification.strip():
            return False
        return a.any_recent_verified

    def waiver_used(self, a: Assessment) -> bool:
        survey = a.psychosocial
        return survey is not None and survey.performed_on < a.recent_from

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


def _window_edges(a: Assessment) -> tuple[date | None, date | None, date | None, date | None]:
    """For ``RuleSet.stable_until``: the first date after D anything is dated, the oldest
    date in the 12-month window, the oldest survey only in the 24-month window, and the
    oldest certificate start within P1's 10 months."""
    d, recent_from, waiver_from = a.d, a.recent_from, a.waiver_from
    facts = a.facts
    future = oldest_recent = oldest_waiver = next_p1 = None
    for s in facts.surveys:
        on = s.performed_on
        if on > d:
            if future is None or on < future:
                future = on
        elif on >= recent_from:
            if oldest_recent is None or on < oldest_recent:
                oldest_recent = on
        elif on >= waiver_from and (oldest_waiver is None or on < oldest_waiver):
            oldest_waiver = on
    for dates in (facts.risk_assessments, facts.safety_rounds):
        for on in dates:
            if on > d:
                if future is None or on < future:
                    future = on
            elif on >= recent_from and (oldest_recent is None or on < oldest_recent):
                oldest_recent = on
    due = a.first_active_due  # an IN_PROGRESS item is overdue the day after its due date
    if due is not None and due < date.max and (future is None or due + _DAY < future):
        future = due + _DAY
    began_by = a.p1_began_by
    for cert in facts.previous_certificates:
        start, end = cert.valid_from, cert.valid_until
        if start > d:
            if future is None or start < future:
                future = start
        elif start > began_by and (next_p1 is None or start < next_p1):
            next_p1 = start
        if end >= recent_from and (oldest_recent is None or end < oldest_recent):
            oldest_recent = end
    return future, oldest_recent, oldest_waiver, next_p1


@lru_cache(maxsize=4096)
def _first_day_out_of_window(on: date, months: int) -> date:
    """The first D on which ``on`` is older than ``months`` months (``on`` < ``date.max``)."""
    return first_day_months_after(on + _DAY, months)


class RuleSetRegistry(dict[date, RuleSet]):
    """Rule sets keyed by the date each starts."""

    def register(self, rule_set: RuleSet) -> RuleSet:
        if rule_set.starts_on in self or rule_set.name in self.names():
            raise ValueError(f"rule set {rule_set.name} is already registered")
        self[rule_set.starts_on] = rule_set
        return rule_set

    def names(self) -> tuple[str, ...]:
        return tuple(self[start].name for start in sorted(self))

    def rule_set_for(self, assessment_date: date, name: str | None = None) -> RuleSet:
        """The rule set called ``name``, or the newest that had started on ``assessment_date``."""
        if name is not None:
            for rule_set in self.values():
                if rule_set.name == name:
                    return rule_set
            known = ", ".join(self.names())
            raise UnknownRuleSet(f"unknown rule set {name!r} (known: {known})")
        best = None
        for start in self:
            if start <= assessment_date and (best is None or start > best):
                best = start
        if best is None:
            raise UnknownRuleSet(f"no rule set had started on {assessment_date.isoformat()}")
        return self[best]


RULE_SETS = RuleSetRegistry()


def rule_set_for(assessment_date: date, name: str | None = None) -> RuleSet:
    return RULE_SETS.rule_set_for(assessment_date, name)


def decide(facts: Facts) -> Decision:
    """The decision for one case under its rule set (see ``Facts.rule_set``)."""
    return RULE_SETS.rule_set_for(facts.assessment_date, facts.rule_set).decide(facts)


# --------------------------------------------------------------------------- 2004-09-27


class RuleSet20040927(RuleSet):
    """RULES.md rule set 2004-09-27: classes B (B1-B5), A (A1-A4), A+ (P1-P3)."""

    name = "2004-09-27"
    starts_on = date(2004, 9, 27)
    classes = (
        (
            CLASS_B,
            (
                b1_physical_survey,
                b2_report_and_plan,
                b3_risk_assessment,
                b4_physical_items,
                b5_safety_round,
            ),
        ),
        (
            CLASS_A,
            (
                a1_psychosocial_survey,
                a2_report_reviewed,
                a3_legal_minimum,
                a4_psychosocial_improvement,
            ),
        ),
        (
            CLASS_A_PLUS,
            (p1_class_a_in_an_earlier_period, p2_management_focus, p3_psychosocial_plan),
        ),
    )


RULE_SETS.register(RuleSet20040927())
