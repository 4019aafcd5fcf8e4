"""Class A - adds "God psykisk: kartlegging": A1-A4, the 24-month waiver, and B underneath."""

from dataclasses import replace
from datetime import date

from hms_rules import EXTERNAL, PHYSICAL, PSYCHOSOCIAL, LegalMinimumFact, decide

from .builders import DAY, D, a_plus_facts, criterion, physical, psychosocial, with_survey


def with_psy(*surveys, d=D, **changes):
    facts = a_plus_facts(d, **changes)
    kept = tuple(s for s in facts.surveys if s.kind != PSYCHOSOCIAL)
    return replace(facts, surveys=kept + surveys)


# ---------------------------------------------------------------- A1: psychosocial survey


def test_a1_met_by_a_formal_survey_exactly_12_months_before_d():
    decision = decide(with_psy(psychosocial(date(2025, 11, 25))))
    result = criterion(decision, "A1")
    assert result.met
    assert result.text == (
        "Verifisert psykososial kartlegging med formaliserte arbeidsmiljø-/medarbeidersamtaler "
        "siste 12 måneder"
    )
    assert not decision.waiver_used


def test_a1_not_met_12_months_and_a_day_before_d_without_the_waiver():
    result = criterion(with_psy(psychosocial(date(2025, 11, 24))), "A1")
    assert not result.met
    assert result.missing.startswith(
        "Psykososial kartlegging mangler: siste er fra 24.11.2025, mer enn 12 måneder før "
        "25.11.2026"
    )


def test_a1_leap_day():
    d = date(2028, 2, 29)
    assert criterion(with_psy(psychosocial(date(2027, 2, 28)), d=d), "A1").met
    assert not criterion(with_psy(psychosocial(date(2027, 2, 27)), d=d), "A1").met


def test_a1_needs_formal_conversations():
    result = criterion(with_psy(psychosocial(date(2026, 9, 1), formal_conversations=False)), "A1")
    assert not result.met
    assert result.missing == (
        "Psykososial kartlegging fra 01.09.2026 er ikke gjennomført med formaliserte "
        "arbeidsmiljø-/medarbeidersamtaler"
    )


def test_a1_external_survey_not_verified_does_not_count():
    survey = psychosocial(date(2026, 9, 1), EXTERNAL, verified=False)
    result = criterion(with_psy(survey), "A1")
    assert not result.met
    assert "01.09.2026" in result.missing
    assert "ikke verifisert" in result.missing


def test_a1_external_survey_verified_counts():
    assert criterion(with_psy(psychosocial(date(2026, 9, 1), EXTERNAL, verified=True)), "A1").met


def test_a1_a_survey_after_d_never_counts_and_is_named_as_dated_after_d():
    result = criterion(with_psy(psychosocial(D + DAY)), "A1")
    assert not result.met
    assert result.missing == (
        "Psykososial kartlegging fra 26.11.2026 er datert etter vurderingsdatoen 25.11.2026"
    )


def test_a1_without_any_psychosocial_survey():
    result = criterion(with_psy(), "A1")
    assert result.missing == "Ingen verifisert psykososial kartlegging er registrert"


def test_a1_a_physical_survey_does_not_count():
    facts = a_plus_facts(surveys=(physical(D - DAY), physical(D - 2 * DAY)))
    assert not criterion(facts, "A1").met


# ---------------------------------------------------------------- A1: the waiver


def test_waiver_at_exactly_24_months():
    decision = decide(with_psy(psychosocial(date(2024, 11, 25), no_new_survey_needed=True)))
    result = criterion(decision, "A1")
    assert result.met
    assert decision.waiver_used
    assert "unntak" in result.text
    assert "25.11.2024" in result.text
    assert decision.eligible_class == "A+"


def test_waiver_24_months_and_a_day_past_does_not_hold():
    decision = decide(with_psy(psychosocial(date(2024, 11, 24), no_new_survey_needed=True)))
    result = criterion(decision, "A1")
    assert not result.met
    assert not decision.waiver_used
    assert "24.11.2024" in result.missing
    assert "24 måneder" in result.missing


def test_waiver_leap_day():
    d = date(2028, 2, 29)
    ok = psychosocial(date(2026, 2, 28), no_new_survey_needed=True)
    late = psychosocial(date(2026, 2, 27), no_new_survey_needed=True)
    assert criterion(with_psy(ok, d=d), "A1").met
    assert not criterion(with_psy(late, d=d), "A1").met


def test_waiver_needs_the_survey_to_have_found_no_reason_for_a_new_one():
    result = criterion(with_psy(psychosocial(date(2025, 6, 1))), "A1")
    assert not result.met
    assert "01.06.2025" in result.missing
    assert "unntaket krever" in result.missing


def test_waiver_needs_a_survey_by_formal_conversations():
    survey = psychosocial(date(2025, 6, 1), no_new_survey_needed=True, formal_conversations=False)
    assert not criterion(with_psy(survey), "A1").met


def test_waiver_looks_at_the_most_recent_verified_psychosocial_survey():
    older = psychosocial(date(2025, 1, 1), no_new_survey_needed=True)
    newer = psychosocial(date(2025, 6, 1), no_new_survey_needed=False)
    decision = decide(with_psy(older, newer))
    assert not criterion(decision, "A1").met
    assert not decision.waiver_used


def test_waiver_not_used_when_a_recent_survey_qualifies():
    old = psychosocial(date(2025, 1, 1), no_new_survey_needed=True)
    recent = psychosocial(date(2026, 9, 1))
    decision = decide(with_psy(old, recent))
    assert criterion(decision, "A1").met
    assert not decision.waiver_used


def test_waiver_survey_is_the_one_a2_looks_at():
    survey = psychosocial(date(2025, 6, 1), no_new_survey_needed=True, report_reviewed=False)
    decision = decide(with_psy(survey))
    assert decision.waiver_used
    result = criterion(decision, "A2")
    assert not result.met
    assert "01.06.2025" in result.missing


# ---------------------------------------------------------------- A2: report reviewed


def test_a2_met_when_the_report_has_been_reviewed():
    result = criterion(a_plus_facts(), "A2")
    assert result.met
    assert result.text == "Skriftlig rapport fra den psykososiale kartleggingen er gjennomgått"


def test_a2_not_met_when_the_report_is_not_reviewed():
    result = criterion(with_psy(psychosocial(date(2026, 9, 1), report_reviewed=False)), "A2")
    assert not result.met
    assert result.missing == (
        "Rapporten fra psykososial kartlegging fra 01.09.2026 er ikke gjennomgått"
    )


def test_a2_not_met_without_a_report():
    result = criterion(with_psy(psychosocial(date(2026, 9, 1), has_report=False)), "A2")
    assert result.missing == "Skriftlig rapport mangler for psykososial kartlegging fra 01.09.2026"


def test_a2_not_met_without_a_survey_counted_in_a1():
    result = criterion(with_psy(), "A2")
    assert not result.met
    assert "A1" in result.missing


# ---------------------------------------------------------------- A3: legal minimum


def test_a3_met_when_every_counted_survey_is_by_bedriftstjenesten():
    result = criterion(a_plus_facts(legal_minimum=LegalMinimumFact()), "A3")
    assert result.met


def test_a3_external_physical_survey_without_legal_minimum():
    facts = with_survey(a_plus_facts(), PHYSICAL, physical(date(2026, 8, 1), EXTERNAL))
    result = criterion(facts, "A3")
    assert not result.met
    assert result.missing.startswith(
        "Fysisk kartlegging fra 01.08.2026 er utført av andre enn Bedriftstjenesten AS"
    )
    assert "arbeidsavtaler" in result.missing


def test_a3_external_psychosocial_survey_without_legal_minimum():
    result = criterion(with_psy(psychosocial(date(2026, 9, 1), EXTERNAL)), "A3")
    assert not result.met
    assert "psykososial kartlegging fra 01.09.2026" in result.missing.lower()


def test_a3_both_external_are_named():
    facts = replace(
        a_plus_facts(),
        surveys=(physical(date(2026, 8, 1), EXTERNAL), psychosocial(date(2026, 9, 1), EXTERNAL)),
    )
    result = criterion(facts, "A3")
    assert "01.08.2026" in result.missing
    assert "01.09.2026" in result.missing


def test_a3_external_survey_with_legal_minimum_documented():
    facts = with_survey(
        a_plus_facts(legal_minimum=LegalMinimumFact.all_confirmed()),
        PHYSICAL,
        physical(date(2026, 8, 1), EXTERNAL),
    )
    assert criterion(facts, "A3").met
    assert decide(facts).eligible_class == "A+"


def test_a3_an_external_survey_not_counted_does_not_matter():
    facts = replace(
        a_plus_facts(),
        surveys=(
            physical(date(2026, 2, 1), EXTERNAL),
            physical(date(2026, 8, 1)),
            psychosocial(date(2026, 9, 1)),
        ),
    )
    assert criterion(facts, "A3").met


def test_a3_applies_to_the_survey_counted_through_the_waiver():
    survey = psychosocial(date(2025, 6, 1), EXTERNAL, no_new_survey_needed=True)
    assert not criterion(with_psy(survey), "A3").met


# ---------------------------------------------------------------- A4: ongoing improvement


def test_a4_met_when_an_advisor_recorded_ongoing_work():
    assert criterion(a_plus_facts(), "A4").met


def test_a4_not_met_without():
    result = criterion(a_plus_facts(psychosocial_improvement_ongoing=False), "A4")
    assert not result.met
    assert result.missing


# ---------------------------------------------------------------- class A as a whole


def test_class_a_lists_a1_to_a4():
    result = decide(a_plus_facts()).class_result("A")
    assert result.met
    assert [c.code for c in result.criteria] == ["A1", "A2", "A3", "A4"]


def test_class_a_needs_class_b_met():
    decision = decide(a_plus_facts(risk_assessments=()))
    a = decision.class_result("A")
    assert all(c.met for c in a.criteria)
    assert not a.met
    assert not decision.class_result("A+").met
    assert decision.eligible_class is None


def test_class_a_not_met_gives_b():
    decision = decide(a_plus_facts(psychosocial_improvement_ongoing=False))
    assert decision.eligible_class == "B"
    assert decision.first_missing().code == "A4"
