"""The certification criteria of RULES.md as a pure function: facts in, decision out.

Where things are: ``facts`` (the facts and their vocabulary), ``windows`` (the dates and
the 12/24/10-month windows), ``assessment`` (the facts as seen on D), ``criteria`` (one
function per criterion: the rule for A2 is under ``@criterion("A2")``), ``decision`` (the
result), ``rule_sets`` (which criteria each class has, by date, and ``decide``), ``texts``
(bokmål and English), ``json_form`` (the JSON of RULES.md) and ``manage.py hms_decide``.
Not ``rules``: that name is django-rules', the permissions library.

This package imports no Django, reads no database, no clock and no settings: the same
``Facts`` always give the same ``Decision``. Building the facts from the database is
``certificates.facts``' job; the JSON form is ``hms_rules.json_form``; the texts, in
bokmål and English, are the message table of ``hms_rules.texts``.

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

from hms_rules.assessment import (
    Assessment,
)
from hms_rules.criteria import (
    criterion,
)
from hms_rules.decision import (
    ClassResult,
    CriterionResult,
    Decision,
    available_classes,
    class_rank,
)
from hms_rules.facts import (
    BEDRIFTSTJENESTEN,
    CLASS_A,
    CLASS_A_PLUS,
    CLASS_B,
    CLASS_ORDER,
    DONE,
    EXTERNAL,
    IN_PROGRESS,
    LEGAL_MINIMUM_PARTS,
    NOT_APPLICABLE,
    OPEN,
    PHYSICAL,
    PROVIDERS,
    PSYCHOSOCIAL,
    STATUSES,
    SURVEY_KINDS,
    ActionItemFact,
    Facts,
    LegalMinimumFact,
    PreviousCertificateFact,
    SurveyFact,
)
from hms_rules.rule_sets import (
    RULE_SETS,
    RuleSet,
    RuleSet20040927,
    RuleSetRegistry,
    UnknownRuleSet,
    decide,
    rule_set_for,
)
from hms_rules.texts import (
    Text,
    format_date,
)
from hms_rules.windows import (
    a_plus_possible_from,
    first_day_months_after,
    months_before,
)

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
