"""Class A+ - adds "Meget god psykisk: kartlegging, handlingsplan": P1-P3, and A underneath."""

from dataclasses import replace
from datetime import date

from certificates.rules import (
    CLASS_A,
    CLASS_A_PLUS,
    CLASS_B,
    DONE,
    IN_PROGRESS,
    NOT_APPLICABLE,
    OPEN,
    PHYSICAL,
    PSYCHOSOCIAL,
    decide,
)

from .builders import DAY, D, a_plus_facts, cert, criterion, item, psychosocial, with_survey

P1_MISSING = "Ingen gyldig sertifikat i klasse A eller A+ de siste 12 månedene før 25.11.2026"


def p1(*certificates, d=D):
    return criterion(a_plus_facts(d, previous_certificates=certificates), "P1")


# ---------------------------------------------------------------- P1: class A the year before


def test_p1_met_by_a_class_a_certificate_of_the_year_before():
    result = p1(cert(CLASS_A, date(2025, 11, 20), date(2026, 11, 19)))
    assert result.met
    assert result.text == "Sertifisert i klasse A eller høyere foregående år"


def test_p1_met_by_a_class_a_plus_certificate():
    assert p1(cert(CLASS_A_PLUS, date(2025, 11, 20))).met


def test_p1_a_class_b_certificate_does_not_count():
    result = p1(cert(CLASS_B, date(2025, 11, 20)))
    assert not result.met
    assert result.missing == P1_MISSING


def test_p1_a_revoked_certificate_does_not_count():
    result = p1(cert(CLASS_A, date(2025, 11, 20), revoked=True))
    assert not result.met
    assert result.missing == P1_MISSING


def test_p1_a_certificate_issued_on_d_does_not_count():
    assert not p1(cert(CLASS_A, D)).met


def test_p1_a_certificate_issued_after_d_does_not_count():
    assert not p1(cert(CLASS_A, D + DAY)).met


def test_p1_a_certificate_issued_the_day_before_d_counts():
    assert p1(cert(CLASS_A, D - DAY)).met


def test_p1_a_certificate_that_ended_11_months_before_d_counts_because_it_overlaps():
    assert p1(cert(CLASS_A, date(2024, 12, 25), date(2025, 12, 24))).met


def test_p1_a_certificate_that_ended_exactly_12_months_before_d_still_overlaps():
    assert p1(cert(CLASS_A, date(2024, 11, 25), date(2025, 11, 25))).met


def test_p1_a_certificate_that_ended_more_than_12_months_before_d_does_not_count():
    result = p1(cert(CLASS_A, date(2024, 11, 24), date(2025, 11, 24)))
    assert not result.met
    assert "25.11.2026" in result.missing


def test_p1_leap_day():
    d = date(2028, 2, 29)
    assert p1(cert(CLASS_A, date(2026, 2, 28), date(2027, 2, 28)), d=d).met
    assert not p1(cert(CLASS_A, date(2026, 2, 27), date(2027, 2, 27)), d=d).met


def test_p1_one_good_certificate_among_bad_ones_is_enough():
    assert p1(
        cert(CLASS_A, date(2025, 11, 20), revoked=True),
        cert(CLASS_B, date(2025, 11, 20)),
        cert(CLASS_A, date(2025, 3, 1)),
    ).met


def test_p1_not_met_without_certificates():
    result = p1()
    assert not result.met
    assert result.missing == P1_MISSING


# ---------------------------------------------------------------- P2: management focus


def test_p2_met_with_a_written_note():
    result = criterion(a_plus_facts(), "P2")
    assert result.met
    assert "fokus på HMS" in result.text


def test_p2_not_met_with_an_empty_or_blank_note():
    for note in ("", "   \n"):
        result = criterion(a_plus_facts(management_focus_note=note), "P2")
        assert not result.met
        assert "skriftlig notat" in result.missing


# ---------------------------------------------------------------- P3: psychosocial plan, items


def p3(*items, survey=None):
    facts = a_plus_facts(action_items=items)
    if survey is not None:
        facts = with_survey(facts, PSYCHOSOCIAL, survey)
    return criterion(facts, "P3")


def test_p3_met_with_a_plan_and_every_psychosocial_item_active():
    result = p3(item(PSYCHOSOCIAL, DONE), item(PSYCHOSOCIAL, IN_PROGRESS, D))
    assert result.met
    assert result.text.startswith("Konkret handlingsplan etter den psykososiale kartleggingen")


def test_p3_not_met_without_a_plan_when_the_survey_found_deviations():
    result = p3(survey=psychosocial(date(2026, 9, 1), has_action_plan=False))
    assert not result.met
    assert result.missing == "Handlingsplan mangler for psykososial kartlegging fra 01.09.2026"


def test_p3_no_plan_needed_when_the_survey_found_no_significant_deviations():
    survey = psychosocial(date(2026, 9, 1), has_action_plan=False, no_significant_deviations=True)
    assert p3(survey=survey).met


def test_p3_open_psychosocial_item_is_not_active():
    result = p3(item(PSYCHOSOCIAL, OPEN))
    assert not result.met
    assert result.missing == (
        "1 psykososialt tiltak er ikke rettet eller i aktiv utbedring (1 ikke påbegynt)"
    )


def test_p3_in_progress_due_on_d_is_active_and_the_day_before_is_not():
    assert p3(item(PSYCHOSOCIAL, IN_PROGRESS, D)).met
    result = p3(item(PSYCHOSOCIAL, IN_PROGRESS, D - DAY))
    assert not result.met
    assert "1 forfalt 24.11.2026" in result.missing


def test_p3_not_applicable_is_left_out():
    assert p3(item(PSYCHOSOCIAL, NOT_APPLICABLE, date(2020, 1, 1))).met


def test_p3_physical_items_do_not_count_for_p3():
    decision = decide(a_plus_facts(action_items=(item(PHYSICAL, OPEN),)))
    assert criterion(decision, "P3").met
    assert not criterion(decision, "B4").met


def test_p3_names_both_a_missing_plan_and_inactive_items():
    survey = psychosocial(date(2026, 9, 1), has_action_plan=False)
    result = p3(item(PSYCHOSOCIAL, OPEN), item(PSYCHOSOCIAL, OPEN), survey=survey)
    assert "Handlingsplan mangler" in result.missing
    assert "2 psykososiale tiltak" in result.missing


def test_p3_looks_at_the_survey_counted_through_the_waiver():
    survey = psychosocial(date(2025, 6, 1), no_new_survey_needed=True, has_action_plan=False)
    decision = decide(with_survey(a_plus_facts(), PSYCHOSOCIAL, survey))
    assert decision.waiver_used
    assert "01.06.2025" in criterion(decision, "P3").missing


def test_p3_not_met_without_a_survey_counted_in_a1():
    result = criterion(with_survey(a_plus_facts(), PSYCHOSOCIAL, None), "P3")
    assert not result.met
    assert "A1" in result.missing


# ---------------------------------------------------------------- class A+ as a whole


def test_class_a_plus_lists_p1_to_p3_and_is_the_eligible_class():
    decision = decide(a_plus_facts())
    result = decision.class_result("A+")
    assert result.met
    assert [c.code for c in result.criteria] == ["P1", "P2", "P3"]
    assert decision.eligible_class == "A+"
    assert decision.first_missing() is None


def test_class_a_plus_needs_class_a():
    decision = decide(a_plus_facts(psychosocial_improvement_ongoing=False))
    assert all(c.met for c in decision.class_result("A+").criteria)
    assert not decision.class_result("A+").met
    assert decision.eligible_class == "B"


def test_class_a_plus_not_met_gives_a_with_the_next_thing_missing():
    decision = decide(replace(a_plus_facts(), previous_certificates=()))
    assert decision.eligible_class == "A"
    first = decision.first_missing()
    assert first.code == "P1"
    assert first.missing == P1_MISSING
