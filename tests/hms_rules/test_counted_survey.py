"""Which survey is counted (RULES.md): an unfinished newer survey never hides an older one
that qualifies; a newer complete survey replaces the older one."""

from dataclasses import replace
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hms_rules import (
    BEDRIFTSTJENESTEN as OURS,
)
from hms_rules import (
    EXTERNAL,
    IN_PROGRESS,
    PHYSICAL,
    PROVIDERS,
    PSYCHOSOCIAL,
    SURVEY_KINDS,
    SurveyFact,
    assessment,
    class_rank,
    decide,
)

from .builders import D, a_plus_facts, criterion, item, physical, psychosocial
from .strategies import facts

fast = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def with_surveys(*surveys, **changes):
    return replace(a_plus_facts(**changes), surveys=surveys)


# ------------------------------------------------ a newer unfinished survey hides nothing


def test_a_physical_survey_started_in_november_does_not_hide_the_complete_one_from_january():
    january = physical(date(2026, 1, 15))
    november = physical(date(2026, 11, 10), has_report=False, has_action_plan=False)
    decision = decide(with_surveys(january, november, psychosocial(date(2026, 9, 1))))
    assert criterion(decision, "B1").met
    assert criterion(decision, "B2").met
    assert decision.eligible_class == "A+"


def test_an_unverified_newer_physical_survey_does_not_hide_a_verified_one():
    older = physical(date(2026, 1, 15))
    newer = physical(date(2026, 11, 10), EXTERNAL, verified=False)
    decision = decide(with_surveys(older, newer, psychosocial(date(2026, 9, 1))))
    assert decision.eligible_class == "A+"


def test_a_reviewed_psychosocial_survey_is_not_passed_over_for_a_newer_unreviewed_one():
    reviewed = psychosocial(date(2026, 2, 1))
    unreviewed = psychosocial(date(2026, 10, 1), report_reviewed=False)
    decision = decide(with_surveys(physical(date(2026, 8, 1)), reviewed, unreviewed))
    assert criterion(decision, "A2").met
    assert decision.eligible_class == "A+"


def test_the_waiver_is_not_blocked_by_a_newer_survey_not_done_through_formal_conversations():
    waived = psychosocial(date(2025, 6, 1), no_new_survey_needed=True)
    informal = psychosocial(date(2026, 9, 1), formal_conversations=False)
    decision = decide(with_surveys(physical(date(2026, 8, 1)), waived, informal))
    assert decision.waiver_used
    assert criterion(decision, "A1").met
    assert "01.06.2025" in criterion(decision, "A1").text
    assert decision.eligible_class == "A+"


def test_the_waiver_is_not_blocked_by_a_newer_survey_without_its_report():
    waived = psychosocial(date(2025, 6, 1), no_new_survey_needed=True)
    started = psychosocial(date(2025, 12, 1), has_report=False, report_reviewed=False)
    decision = decide(with_surveys(physical(date(2026, 8, 1)), waived, started))
    assert decision.waiver_used
    assert decision.eligible_class == "A+"


# ------------------------------------------------ a newer complete survey replaces the older


def test_a_newer_complete_psychosocial_survey_replaces_the_older_its_plan_is_what_p3_sees():
    older = psychosocial(date(2026, 2, 1))  # has an action plan
    newer = psychosocial(date(2026, 10, 1), has_action_plan=False)  # findings, no plan yet
    decision = decide(with_surveys(physical(date(2026, 8, 1)), older, newer))
    p3 = criterion(decision, "P3")
    assert not p3.met
    assert p3.missing == "Handlingsplan mangler for psykososial kartlegging fra 01.10.2026"
    assert decision.eligible_class == "A"


def test_a_newer_complete_external_survey_replaces_ours_so_a3_looks_at_it():
    ours = physical(date(2026, 2, 1))
    theirs = physical(date(2026, 10, 1), EXTERNAL, verified=True)
    decision = decide(with_surveys(ours, theirs, psychosocial(date(2026, 9, 1))))
    assert not criterion(decision, "A3").met
    assert "01.10.2026" in criterion(decision, "A3").missing


def test_a_newer_complete_survey_that_needs_a_new_one_ends_the_older_waiver():
    waived = psychosocial(date(2024, 12, 1), no_new_survey_needed=True)
    newer = psychosocial(date(2025, 6, 1))  # complete, but found reason for a new survey
    decision = decide(with_surveys(physical(date(2026, 8, 1)), waived, newer))
    assert not decision.waiver_used
    assert not criterion(decision, "A1").met
    assert "01.06.2025" in criterion(decision, "A1").missing


def test_when_no_survey_is_complete_the_newest_candidate_is_named():
    no_plan = physical(date(2026, 2, 1), has_action_plan=False)
    no_report = physical(date(2026, 10, 1), has_report=False)
    b2 = criterion(with_surveys(no_plan, no_report, psychosocial(date(2026, 9, 1))), "B2")
    assert b2.missing == "Skriftlig rapport mangler for fysisk kartlegging fra 01.10.2026"


def test_p3_items_still_count_whichever_survey_is_counted():
    facts = with_surveys(
        physical(date(2026, 8, 1)),
        psychosocial(date(2026, 2, 1)),
        psychosocial(date(2026, 10, 1), report_reviewed=False),
        action_items=(item(PSYCHOSOCIAL, IN_PROGRESS, D - date.resolution),),
    )
    assert not criterion(facts, "P3").met


# ------------------------------------------------ properties


def _unfinished(kind: str, on: date, provider: str, bits: int, unverified: bool) -> SurveyFact:
    flags = {
        "has_action_plan": bool(bits & 1),
        "report_reviewed": bool(bits & 2),
        "formal_conversations": bool(bits & 4),
        "no_new_survey_needed": bool(bits & 8),
        "no_significant_deviations": bool(bits & 16),
    }
    if unverified:  # an EXTERNAL survey no advisor has accepted yet, report or not
        return SurveyFact(kind, on, EXTERNAL, verified=False, has_report=bool(bits & 32), **flags)
    return SurveyFact(kind, on, provider, verified=True, has_report=False, **flags)


@st.composite
def facts_and_an_unfinished_survey(draw):
    f = draw(facts())
    d = f.assessment_date
    survey = _unfinished(
        draw(st.sampled_from(SURVEY_KINDS)),
        draw(st.dates(date(d.year - 3, 1, 1), d)),
        draw(st.sampled_from(PROVIDERS)),
        draw(st.integers(0, 63)),
        draw(st.booleans()),
    )
    return f, survey


@fast
@given(facts_and_an_unfinished_survey(), st.randoms(use_true_random=False))
def test_adding_an_unverified_survey_or_one_without_its_report_never_lowers_the_class(pair, rnd):
    f, survey = pair
    surveys = [*f.surveys, survey]
    rnd.shuffle(surveys)
    more = replace(f, surveys=tuple(surveys))
    before, after = decide(f), decide(more)
    assert class_rank(after.eligible_class) >= class_rank(before.eligible_class)
    if not before.discretionary:
        for old, new in zip(before.classes, after.classes, strict=True):
            assert new.met or not old.met


@fast
@given(facts(), st.randoms(use_true_random=False))
def test_shuffling_the_input_never_changes_the_decision_or_its_texts(f, rnd):
    def shuffled(items):
        items = list(items)
        rnd.shuffle(items)
        return tuple(items)

    other = replace(
        f,
        surveys=shuffled(f.surveys),
        risk_assessments=shuffled(f.risk_assessments),
        safety_rounds=shuffled(f.safety_rounds),
        action_items=shuffled(f.action_items),
        previous_certificates=shuffled(f.previous_certificates),
    )
    mine, theirs = decide(f), decide(other)
    assert theirs == mine
    for old, new in zip(mine.classes, theirs.classes, strict=True):
        for a, b in zip(old.criteria, new.criteria, strict=True):
            assert (a.text, a.missing) == (b.text, b.missing)
            assert (a.text_in("en"), a.missing_in("en")) == (b.text_in("en"), b.missing_in("en"))


def test_physical_kind_constant_is_what_the_builders_use():
    assert physical(D).kind == PHYSICAL


# ------------------------------------------------ the one loop is a choice by max, made faster


def _newest(surveys):
    return max(surveys, key=assessment._survey_key, default=None)


def _choose_by_max(a):
    """The definition the one loop of ``_choose_surveys`` is written for speed from."""
    d, recent_from = a.d, a.recent_from
    verified = [
        s for s in a.facts.surveys if s.performed_on <= d and (s.verified or s.provider == OURS)
    ]
    a.any_recent_verified = any(s.performed_on >= recent_from for s in verified)
    physical_ = [s for s in verified if s.kind == PHYSICAL]
    plan = [
        s for s in physical_ if s.has_report and (s.has_action_plan or s.no_significant_deviations)
    ]
    complete = _newest(plan)
    if complete is not None and complete.performed_on >= recent_from:
        a.physical, a.physical_complete = complete, True
    else:
        a.physical = _newest(s for s in physical_ if s.performed_on >= recent_from)
    formal = [s for s in verified if s.kind != PHYSICAL and s.formal_conversations]
    waiver = [s for s in formal if a.waiver_from <= s.performed_on < recent_from]
    assessment._count_psychosocial(
        a,
        _newest(s for s in formal if s.has_report and s.report_reviewed),
        _newest(s for s in formal if s.performed_on >= recent_from),
        _newest(s for s in waiver if s.no_new_survey_needed),
    )


@fast
@given(facts())
def test_the_counted_surveys_are_those_max_would_choose(facts_):
    chosen = _counted(assessment.Assessment(facts_))
    original = assessment._choose_surveys
    assessment._choose_surveys = _choose_by_max
    try:
        by_max = _counted(assessment.Assessment(facts_))
    finally:
        assessment._choose_surveys = original
    assert chosen == by_max


def _counted(a) -> tuple:
    names = ("any_recent_verified", "physical", "physical_complete", "psychosocial")
    return tuple(getattr(a, name) for name in (*names, "psychosocial_complete"))
