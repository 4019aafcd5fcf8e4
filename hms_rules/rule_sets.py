"""Rule sets: which criteria each class has, versioned by the date each starts,
``decide(facts)``, and the first day a decision can change (``stable_until``)."""

from __future__ import annotations

from datetime import date

from hms_rules.assessment import Assessment
from hms_rules.criteria import (
    CriterionFunction,
    a1_psychosocial_survey,
    a2_report_reviewed,
    a3_legal_minimum,
    a4_psychosocial_improvement,
    b1_physical_survey,
    b2_report_and_plan,
    b3_risk_assessment,
    b4_physical_items,
    b5_safety_round,
    p1_class_a_in_an_earlier_period,
    p2_management_focus,
    p3_psychosocial_plan,
)
from hms_rules.decision import ClassResult, Decision, _new_tuple
from hms_rules.facts import CLASS_A, CLASS_A_PLUS, CLASS_B, Facts
from hms_rules.windows import _DAY, _first_day_out_of_window, a_plus_possible_from

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
    oldest certificate start within P1's 10 months.

    Written as ``min(..., default=None)`` over what falls in each window, to be read: as
    hand-written loops it cost a ``stable_until`` read 17,800 instructions, now 50,700
    (callgrind, 08.12.2026). ``stable_until`` is read lazily (the case page, a stored
    decision), never by ``decide``, so the rules' goal of 100,000 decisions a second, on
    ``decide``, is where it was (58,400 instructions a realistic decision, as before).
    """
    d, recent_from, waiver_from, began_by = a.d, a.recent_from, a.waiver_from, a.p1_began_by
    facts = a.facts
    surveys = [s.performed_on for s in facts.surveys]
    dated = [*surveys, *facts.risk_assessments, *facts.safety_rounds]
    certificates = facts.previous_certificates
    due = a.first_active_due  # an IN_PROGRESS item is overdue the day after its due date
    future = min(
        [on for on in dated if on > d]
        + [c.valid_from for c in certificates if c.valid_from > d]
        + ([due + _DAY] if due is not None and due < date.max else []),
        default=None,
    )
    oldest_recent = min(
        [on for on in dated if recent_from <= on <= d]
        + [c.valid_until for c in certificates if c.valid_until >= recent_from],
        default=None,
    )
    oldest_waiver = min((on for on in surveys if waiver_from <= on < recent_from), default=None)
    next_p1 = min(
        (c.valid_from for c in certificates if began_by < c.valid_from <= d), default=None
    )
    return future, oldest_recent, oldest_waiver, next_p1


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
