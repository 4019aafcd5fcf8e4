"""A rule set is a declaration of which criteria each class has: a later one names only the
criteria it changes. Shown with a rule set that exists only here (never registered for use)."""

from dataclasses import replace
from datetime import date

import pytest

from hms_rules import (
    CLASS_B,
    RULE_SETS,
    Assessment,
    CriterionResult,
    RuleSet20040927,
    RuleSetRegistry,
    Text,
    criterion,
)

from .builders import DAY, D, a_plus_facts, cert


@criterion("P1")
def p1_any_a_valid_in_the_last_12_months(a: Assessment) -> CriterionResult:
    """P1 as first read: any A or A+ valid in the 12 months before D, however recent."""
    for c in a.facts.previous_certificates:
        valid = c.valid_from < a.d and c.valid_until >= a.recent_from
        if valid and not c.revoked and c.klass != CLASS_B:
            return CriterionResult("P1", True, Text("P1"), None)
    return CriterionResult("P1", False, Text("P1"), Text("P1.none"))


class RuleSet20300101(RuleSet20040927):
    name = "2030-01-01"
    starts_on = date(2030, 1, 1)
    classes = RuleSet20040927.replacing(p1_any_a_valid_in_the_last_12_months)


def test_the_later_rule_set_changes_only_the_criterion_it_names():
    codes = lambda rs: [[c.code for c in fns] for _, fns in rs.classes]  # noqa: E731
    assert codes(RuleSet20300101) == codes(RuleSet20040927)
    changed = [
        (new, old)
        for (_, news), (_, olds) in zip(
            RuleSet20300101.classes, RuleSet20040927.classes, strict=True
        )
        for new, old in zip(news, olds, strict=True)
        if new is not old
    ]
    assert changed == [(p1_any_a_valid_in_the_last_12_months, RuleSet20040927.classes[2][1][0])]


def test_the_later_rule_set_decides_with_its_own_p1():
    facts = a_plus_facts(previous_certificates=(cert("A", D - DAY),))
    assert RuleSet20040927().decide(facts).eligible_class == "A"
    later = RuleSet20300101().decide(facts)
    assert later.eligible_class == "A+"
    assert later.rule_set == "2030-01-01"


def test_everything_else_is_decided_the_same_under_both():
    facts = a_plus_facts(management_focus_note="", risk_assessments=())
    old, new = RuleSet20040927().decide(facts), RuleSet20300101().decide(facts)
    assert old.classes == new.classes
    assert old.eligible_class == new.eligible_class is None


def test_a_registry_picks_the_rule_set_by_the_assessment_date():
    registry = RuleSetRegistry()
    registry.register(RuleSet20040927())
    registry.register(RuleSet20300101())
    assert registry.rule_set_for(date(2029, 12, 31)).name == "2004-09-27"
    assert registry.rule_set_for(date(2030, 1, 1)).name == "2030-01-01"
    facts = replace(a_plus_facts(), rule_set="2004-09-27")
    assert registry.rule_set_for(facts.assessment_date, facts.rule_set).name == "2004-09-27"


def test_the_test_rule_set_is_not_registered_for_production():
    assert RULE_SETS.names() == ("2004-09-27",)


def test_replacing_a_criterion_the_rule_set_does_not_have_is_refused():
    @criterion("X9")
    def x9(a):
        raise AssertionError("never called")

    with pytest.raises(ValueError, match="X9"):
        RuleSet20040927.replacing(x9)


def test_no_function_of_the_engine_is_over_60_lines():
    import ast
    import importlib
    import inspect
    import pkgutil

    import hms_rules

    for info in pkgutil.iter_modules(hms_rules.__path__):
        if info.name in ("apps", "management"):  # Django's, not the engine
            continue
        module = importlib.import_module(f"hms_rules.{info.name}")
        tree = ast.parse(inspect.getsource(module))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                length = node.end_lineno - node.lineno + 1
                assert length <= 60, f"{module.__name__}.{node.name}: {length} lines"
