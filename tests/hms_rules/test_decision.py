"""The decision: eligible class, discretionary B, rule sets, dates, and the module's purity."""

import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

import hms_rules as rules
from hms_rules import (
    CLASS_A,
    CLASS_A_PLUS,
    CLASS_B,
    CLASS_ORDER,
    EXTERNAL,
    PHYSICAL,
    PSYCHOSOCIAL,
    ActionItemFact,
    Decision,
    Facts,
    RuleSet,
    RuleSet20040927,
    RuleSetRegistry,
    SurveyFact,
    UnknownRuleSet,
    available_classes,
    class_rank,
    decide,
    months_before,
    rule_set_for,
)

from .builders import DAY, D, a_plus_facts, physical, psychosocial, with_survey

ROOT = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------- eligible class


def test_everything_met_gives_a_plus():
    decision = decide(a_plus_facts())
    assert decision.eligible_class == CLASS_A_PLUS
    assert not decision.discretionary
    assert not decision.waiver_used
    assert decision.rule_set == "2004-09-27"
    assert decision.assessment_date == D
    assert [c.klass for c in decision.classes] == ["B", "A", "A+"]


@pytest.mark.parametrize(
    ("changes", "eligible"),
    [
        ({"management_focus_note": ""}, CLASS_A),
        ({"psychosocial_improvement_ongoing": False}, CLASS_B),
        ({"risk_assessments": ()}, None),
    ],
)
def test_the_eligible_class_is_the_highest_class_met(changes, eligible):
    assert decide(a_plus_facts(**changes)).eligible_class == eligible


def test_nothing_recorded_gives_no_class():
    decision = decide(Facts(assessment_date=D))
    assert decision.eligible_class is None
    assert not decision.discretionary
    assert decision.first_missing().code == "B1"
    assert [len(c.criteria) for c in decision.classes] == [5, 4, 3]


# ---------------------------------------------------------------- discretionary B


JUSTIFICATION = "Virksomhetens karakter gjør psykososiale forhold til hovedsaken."


def b_fails(**changes):
    """A+ in every way except B1: no physical survey at all."""
    return with_survey(a_plus_facts(**changes), PHYSICAL, None)


def test_discretionary_b_with_a_justification_and_a_recent_verified_survey():
    decision = decide(b_fails(discretionary_justification=JUSTIFICATION))
    assert decision.eligible_class == CLASS_B
    assert decision.discretionary
    assert not decision.class_result("B").met
    assert decision.first_missing().code == "B1"


def test_discretionary_b_never_lifts_to_a_or_a_plus():
    decision = decide(b_fails(discretionary_justification=JUSTIFICATION))
    assert all(c.met for c in decision.class_result("A").criteria)
    assert all(c.met for c in decision.class_result("A+").criteria)
    assert not decision.class_result("A").met
    assert not decision.class_result("A+").met
    assert decision.eligible_class == CLASS_B
    assert available_classes(decision.eligible_class) == (CLASS_B,)


def test_discretionary_b_needs_a_justification_that_is_not_blank():
    for text in ("", "  \t\n"):
        assert decide(b_fails(discretionary_justification=text)).eligible_class is None


def test_discretionary_b_needs_a_recent_survey():
    facts = b_fails(discretionary_justification=JUSTIFICATION)
    facts = with_survey(facts, PSYCHOSOCIAL, psychosocial(date(2025, 11, 24)))
    assert decide(facts).eligible_class is None


def test_discretionary_b_exactly_12_months():
    facts = b_fails(discretionary_justification=JUSTIFICATION)
    facts = with_survey(facts, PSYCHOSOCIAL, psychosocial(date(2025, 11, 25)))
    assert decide(facts).discretionary


def test_discretionary_b_needs_a_verified_survey():
    facts = b_fails(discretionary_justification=JUSTIFICATION)
    survey = psychosocial(date(2026, 9, 1), EXTERNAL, verified=False)
    assert decide(with_survey(facts, PSYCHOSOCIAL, survey)).eligible_class is None


def test_discretionary_b_a_physical_survey_of_either_kind_will_do():
    # B fails on the risk assessment; the only survey is physical and recent.
    facts = replace(
        a_plus_facts(),
        risk_assessments=(),
        surveys=(physical(date(2026, 8, 1)),),
        discretionary_justification=JUSTIFICATION,
    )
    decision = decide(facts)
    assert decision.eligible_class == CLASS_B
    assert decision.discretionary


def test_discretionary_b_a_survey_after_d_does_not_count():
    facts = replace(
        Facts(assessment_date=D),
        surveys=(psychosocial(D + DAY),),
        discretionary_justification=JUSTIFICATION,
    )
    assert decide(facts).eligible_class is None


def test_a_justification_changes_nothing_when_b_is_met():
    decision = decide(a_plus_facts(discretionary_justification=JUSTIFICATION))
    assert decision.eligible_class == CLASS_A_PLUS
    assert not decision.discretionary


# ---------------------------------------------------------------- first_missing, class_result


def test_first_missing_is_in_the_lowest_class_not_met():
    facts = a_plus_facts(
        management_focus_note="", psychosocial_improvement_ongoing=False, risk_assessments=()
    )
    decision = decide(facts)
    assert decision.first_missing().code == "B3"


def test_class_result_unknown_class():
    with pytest.raises(KeyError):
        decide(a_plus_facts()).class_result("C")


# ---------------------------------------------------------------- classes, dates


def test_class_rank_and_available_classes():
    assert [class_rank(k) for k in (None, "B", "A", "A+")] == [0, 1, 2, 3]
    assert available_classes(None) == ()
    assert available_classes("B") == ("B",)
    assert available_classes("A") == ("B", "A")
    assert available_classes("A+") == CLASS_ORDER
    with pytest.raises(ValueError, match="unknown class"):
        class_rank("C")


@pytest.mark.parametrize(
    ("d", "months", "expected"),
    [
        (date(2028, 2, 29), 12, date(2027, 2, 28)),
        (date(2028, 2, 29), 24, date(2026, 2, 28)),
        (date(2028, 2, 29), 48, date(2024, 2, 29)),
        (date(2026, 11, 25), 12, date(2025, 11, 25)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2024, 3, 31), 1, date(2024, 2, 29)),
        (date(2026, 1, 15), 1, date(2025, 12, 15)),
        (date(2026, 1, 31), 13, date(2024, 12, 31)),
        (date(2026, 5, 31), 0, date(2026, 5, 31)),
        (date(2028, 2, 29), -12, date(2029, 2, 28)),
    ],
)
def test_months_before(d, months, expected):
    assert months_before(d, months) == expected


# ---------------------------------------------------------------- rule sets


def test_the_2004_rule_set_is_found_by_date_and_by_name():
    assert rule_set_for(D).name == "2004-09-27"
    assert rule_set_for(date(2004, 9, 27)).name == "2004-09-27"
    assert rule_set_for(D, "2004-09-27").name == "2004-09-27"
    assert rules.RULE_SETS[date(2004, 9, 27)].name == "2004-09-27"


def test_unknown_rule_set_name_and_date_before_the_first():
    with pytest.raises(UnknownRuleSet):
        rule_set_for(D, "2030-01-01")
    with pytest.raises(UnknownRuleSet):
        rule_set_for(date(2004, 9, 26))
    with pytest.raises(ValueError, match="rule set"):
        decide(a_plus_facts(rule_set="nope"))
    assert issubclass(UnknownRuleSet, ValueError)


def test_a_later_rule_set_is_added_beside_the_first_without_editing_it():
    class RuleSet2030(RuleSet):
        name = "2030-01-01"
        starts_on = date(2030, 1, 1)

        def decide(self, facts: Facts) -> Decision:
            decision = RuleSet20040927().decide(facts)
            return replace(decision, rule_set=self.name)

    registry = RuleSetRegistry(rules.RULE_SETS)
    registry.register(RuleSet2030())
    assert registry.rule_set_for(date(2029, 12, 31)).name == "2004-09-27"
    assert registry.rule_set_for(date(2030, 1, 1)).name == "2030-01-01"
    assert registry.rule_set_for(date(2031, 1, 1), "2004-09-27").name == "2004-09-27"
    assert registry.names() == ("2004-09-27", "2030-01-01")
    with pytest.raises(ValueError, match="already registered"):
        registry.register(RuleSet2030())
    assert rules.RULE_SETS.names() == ("2004-09-27",)


def test_the_decision_records_a_named_rule_set():
    assert decide(a_plus_facts(rule_set="2004-09-27")).rule_set == "2004-09-27"


# ---------------------------------------------------------------- facts are checked


def test_facts_reject_unknown_values_and_datetimes():
    with pytest.raises(ValueError, match="kind"):
        SurveyFact("PHYSICAL", D, "BEDRIFTSTJENESTEN")
    with pytest.raises(ValueError, match="provider"):
        SurveyFact(PHYSICAL, D, "ours")
    with pytest.raises(ValueError, match="status"):
        ActionItemFact(PHYSICAL, "done")
    with pytest.raises(TypeError, match="date"):
        Facts(assessment_date=datetime(2026, 11, 25, 12, 0))  # noqa: DTZ001
    with pytest.raises(TypeError, match="date"):
        Facts(assessment_date=D, risk_assessments=("2026-01-01",))


def test_facts_accept_lists_and_keep_tuples():
    facts = Facts(assessment_date=D, risk_assessments=[D], surveys=[physical(D)])
    assert facts.risk_assessments == (D,)
    assert isinstance(facts.surveys, tuple)
    hash(facts)


def test_same_facts_same_decision():
    assert decide(a_plus_facts()) == decide(a_plus_facts())


def test_the_rules_engine_is_pure():
    code = (
        "import sys, hms_rules, hms_rules.json_form; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'environ')); "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    for path in (ROOT / "hms_rules").glob("*.py"):
        if path.name == "apps.py":  # the app config for manage.py hms_decide
            continue
        source = path.read_text(encoding="utf-8")
        assert "today(" not in source
        assert "now(" not in source
        assert "settings" not in source.replace("no settings", "")


def test_months_before_stops_at_the_ends_of_the_calendar():
    assert rules.months_before(date(1, 6, 15), 24) == date.min
    assert rules.months_before(date(9999, 6, 15), -24) == date.max
