"""Properties of the decision over generated facts (hypothesis)."""

from dataclasses import replace

from hypothesis import HealthCheck, given, settings

from hms_rules import CLASS_ORDER, class_rank, decide

from .strategies import facts, facts_and_future

CODES = {
    "B": ("B1", "B2", "B3", "B4", "B5"),
    "A": ("A1", "A2", "A3", "A4"),
    "A+": ("P1", "P2", "P3"),
}

fast = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fast
@given(facts())
def test_the_decision_is_deterministic(f):
    assert decide(f) == decide(f)
    assert decide(replace(f)) == decide(f)


@fast
@given(facts_and_future())
def test_anything_dated_after_d_never_changes_what_is_met(pair):
    f, with_future = pair
    before, after = decide(f), decide(with_future)
    assert after.eligible_class == before.eligible_class
    assert (after.discretionary, after.waiver_used) == (before.discretionary, before.waiver_used)
    for old, new in zip(before.classes, after.classes, strict=True):
        assert new.met == old.met
        assert [c.met for c in new.criteria] == [c.met for c in old.criteria]


@fast
@given(facts())
def test_every_class_lists_all_its_criteria(f):
    decision = decide(f)
    assert tuple(c.klass for c in decision.classes) == CLASS_ORDER
    for result in decision.classes:
        assert tuple(c.code for c in result.criteria) == CODES[result.klass]
        for c in result.criteria:
            assert c.text
            assert (c.missing is None) == c.met
            if c.missing is not None:
                assert c.missing.strip()
                assert "\n" not in c.missing


@fast
@given(facts())
def test_class_met_means_its_criteria_and_the_class_below(f):
    decision = decide(f)
    below = True
    for result in decision.classes:
        assert result.met == (below and all(c.met for c in result.criteria))
        below = result.met


@fast
@given(facts())
def test_eligible_class_is_the_highest_class_met_and_discretionary_only_without_b(f):
    decision = decide(f)
    met = [r.klass for r in decision.classes if r.met]
    if met:
        assert decision.eligible_class == met[-1]
        assert not decision.discretionary
    else:
        assert decision.eligible_class in (None, "B")
        assert decision.discretionary == (decision.eligible_class == "B")
    if decision.discretionary:
        assert not decision.class_result("B").met
        assert decision.eligible_class == "B"
        assert f.discretionary_justification.strip()


@fast
@given(facts())
def test_a_plus_only_when_every_criterion_of_every_class_is_met(f):
    decision = decide(f)
    rank = class_rank(decision.eligible_class)
    for result in decision.classes:
        if class_rank(result.klass) <= rank and not decision.discretionary:
            assert all(c.met for c in result.criteria)
    if decision.eligible_class == "A+":
        assert decision.first_missing() is None
    elif decision.first_missing() is not None:
        assert not decision.first_missing().met


@fast
@given(facts())
def test_waiver_used_only_when_a1_is_met(f):
    decision = decide(f)
    a1 = decision.class_result("A").criteria[0]
    if decision.waiver_used:
        assert a1.met
