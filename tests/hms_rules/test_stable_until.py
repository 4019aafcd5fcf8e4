"""``Decision.stable_until``: the same facts decide the same on every day before it."""

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hms_rules import (
    CLASS_A,
    IN_PROGRESS,
    PHYSICAL,
    Text,
    decide,
    first_day_months_after,
    months_before,
)

from .builders import DAY, D, a_plus_facts, cert, item, physical, psychosocial, with_survey
from .strategies import facts_and_future

# A horizon for facts that never change their decision: far enough past every window.
HORIZON = 900


def _keys(text: Text | None) -> object:
    """The message keys of a text, without its values (the texts name D itself)."""
    if text is None:
        return None
    nested = tuple(_keys(arg) for arg in text.args if isinstance(arg, Text))
    return (text.key, nested)


def outcome(decision) -> tuple:
    """What the decision says: its class, and each criterion met or what kind of missing."""
    return (
        decision.eligible_class,
        decision.discretionary,
        decision.waiver_used,
        tuple(
            (c.code, c.met, _keys(c.missing_message))
            for result in decision.classes
            for c in result.criteria
        ),
    )


def days_to_check(start: date, end: date, rnd) -> list[date]:
    """Every day from ``start`` to ``end`` - 1 when few, else a sample with both ends."""
    span = (end - start).days
    if span <= 90:
        return [start + timedelta(days=n) for n in range(span)]
    picks = {0, 1, span - 2, span - 1, *rnd.sample(range(span), 40)}
    return [start + timedelta(days=n) for n in sorted(picks)]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts_and_future(), st.randoms(use_true_random=False))
def test_the_decision_is_the_same_on_every_day_before_stable_until(pair, rnd):
    _, f = pair  # the facts with records dated after D as well
    first = decide(f)
    until = first.stable_until
    assert until is None or until > f.assessment_date
    end = until if until is not None else f.assessment_date + timedelta(days=HORIZON)
    expected = outcome(first)
    for day in days_to_check(f.assessment_date, end, rnd):
        assert outcome(decide(replace(f, assessment_date=day))) == expected, day


def test_a_survey_leaving_its_window_ends_the_decision():
    f = with_survey(a_plus_facts(), PHYSICAL, physical(D - 100 * DAY))
    f = replace(f, surveys=(*f.surveys, psychosocial(D - 300 * DAY)))
    # Physical 100 days old, psychosocial 60ish and 300 days old, risk 3 months old.
    oldest = D - 300 * DAY
    assert decide(f).stable_until <= first_day_months_after(oldest + DAY, 12)


def test_an_in_progress_item_passing_its_due_date_ends_the_decision():
    f = replace(a_plus_facts(), action_items=(item(PHYSICAL, IN_PROGRESS, D + 5 * DAY),))
    decision = decide(f)
    assert decision.stable_until == D + 6 * DAY
    assert decide(replace(f, assessment_date=D + 6 * DAY)).eligible_class is None


def test_a_certificate_reaching_ten_months_ends_the_decision():
    began = months_before(D, 9)
    f = replace(a_plus_facts(), previous_certificates=(cert(CLASS_A, began),))
    decision = decide(f)
    assert decision.eligible_class == CLASS_A
    assert decision.stable_until <= first_day_months_after(began, 10)
