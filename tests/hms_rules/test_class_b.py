"""Class B - "Meget god fysisk: kartlegging, handlingsplan": B1-B5 at their boundaries."""

from dataclasses import replace
from datetime import date

from hms_rules import (
    DONE,
    EXTERNAL,
    IN_PROGRESS,
    NOT_APPLICABLE,
    OPEN,
    PHYSICAL,
    PSYCHOSOCIAL,
    decide,
)

from .builders import DAY, D, a_plus_facts, criterion, item, physical, psychosocial, with_survey


def b1(facts):
    return criterion(facts, "B1")


def with_physical(survey, d=D, **changes):
    return with_survey(a_plus_facts(d, **changes), PHYSICAL, survey)


# ---------------------------------------------------------------- B1: verified physical survey


def test_b1_met_by_a_physical_survey_exactly_12_months_before_d():
    result = b1(with_physical(physical(date(2025, 11, 25))))
    assert result.met
    assert result.missing is None
    assert result.text == "Verifisert fysisk kartlegging siste 12 måneder"


def test_b1_not_met_by_a_survey_12_months_and_a_day_before_d():
    result = b1(with_physical(physical(date(2025, 11, 24))))
    assert not result.met
    assert result.missing == (
        "Fysisk kartlegging mangler: siste er fra 24.11.2025, mer enn 12 måneder før 25.11.2026"
    )


def test_b1_met_on_d_itself():
    assert b1(with_physical(physical(D))).met


def test_b1_leap_day_d_counts_back_to_28_february():
    d = date(2028, 2, 29)
    assert b1(with_physical(physical(date(2027, 2, 28)), d)).met
    result = b1(with_physical(physical(date(2027, 2, 27)), d))
    assert not result.met
    assert "27.02.2027" in result.missing
    assert "29.02.2028" in result.missing


def test_b1_a_survey_on_29_february_counts_twelve_months_later_on_28_february():
    d = date(2025, 2, 28)
    assert b1(with_physical(physical(date(2024, 2, 29)), d)).met
    assert b1(with_physical(physical(date(2024, 2, 28)), d)).met
    assert not b1(with_physical(physical(date(2024, 2, 27)), d)).met


def test_b1_a_survey_after_d_never_counts_and_is_named_as_dated_after_d():
    result = b1(with_physical(physical(D + DAY)))
    assert not result.met
    assert result.missing == (
        "Fysisk kartlegging fra 26.11.2026 er datert etter vurderingsdatoen 25.11.2026"
    )


def test_b1_not_met_without_any_physical_survey():
    result = b1(with_physical(None))
    assert not result.met
    assert result.missing == "Ingen verifisert fysisk kartlegging er registrert"


def test_b1_a_psychosocial_survey_does_not_count():
    facts = a_plus_facts(surveys=(psychosocial(D - DAY),))
    assert not b1(facts).met


def test_b1_an_external_survey_not_yet_verified_does_not_count():
    result = b1(with_physical(physical(date(2026, 8, 1), EXTERNAL, verified=False)))
    assert not result.met
    assert "01.08.2026" in result.missing
    assert "ikke verifisert" in result.missing


def test_b1_an_external_survey_accepted_by_an_advisor_counts():
    assert b1(with_physical(physical(date(2026, 8, 1), EXTERNAL, verified=True))).met


def test_b1_a_survey_by_bedriftstjenesten_is_verified_by_being_ours():
    assert b1(with_physical(physical(date(2026, 8, 1), verified=False))).met


def test_b1_unverified_recent_and_verified_old_names_both_dates():
    facts = replace(
        a_plus_facts(),
        surveys=(
            physical(date(2024, 5, 3)),
            physical(date(2026, 8, 1), EXTERNAL, verified=False),
            psychosocial(date(2026, 9, 1)),
        ),
    )
    result = b1(facts)
    assert not result.met
    assert "01.08.2026" in result.missing
    assert "03.05.2024" in result.missing
    assert "25.11.2026" in result.missing


# ---------------------------------------------------------------- B2: report and action plan


def test_b2_met_with_report_and_action_plan():
    result = criterion(a_plus_facts(), "B2")
    assert result.met
    assert result.text == "Skriftlig rapport og handlingsplan fra den fysiske kartleggingen"


def test_b2_plan_may_be_missing_where_the_report_records_no_findings():
    survey = physical(date(2026, 8, 1), has_action_plan=False, no_significant_deviations=True)
    assert criterion(with_physical(survey), "B2").met


def test_b2_not_met_without_action_plan_when_there_were_findings():
    result = criterion(with_physical(physical(date(2026, 8, 1), has_action_plan=False)), "B2")
    assert not result.met
    assert result.missing == "Handlingsplan mangler for fysisk kartlegging fra 01.08.2026"


def test_b2_not_met_without_written_report():
    result = criterion(with_physical(physical(date(2026, 8, 1), has_report=False)), "B2")
    assert not result.met
    assert result.missing == "Skriftlig rapport mangler for fysisk kartlegging fra 01.08.2026"


def test_b2_not_met_without_report_or_plan():
    survey = physical(date(2026, 8, 1), has_report=False, has_action_plan=False)
    result = criterion(with_physical(survey), "B2")
    assert result.missing == (
        "Skriftlig rapport og handlingsplan mangler for fysisk kartlegging fra 01.08.2026"
    )


def test_b2_not_met_when_no_survey_is_counted_in_b1():
    result = criterion(with_physical(physical(date(2025, 11, 24))), "B2")
    assert not result.met
    assert "B1" in result.missing


def test_b2_a_newer_survey_without_its_report_does_not_hide_an_older_complete_one():
    facts = replace(
        a_plus_facts(),
        surveys=(
            physical(date(2026, 3, 1)),
            physical(date(2026, 8, 1), has_report=False),
            psychosocial(date(2026, 9, 1)),
        ),
    )
    assert criterion(facts, "B2").met


def test_b2_names_the_newest_recent_survey_when_none_is_complete():
    facts = replace(
        a_plus_facts(),
        surveys=(
            physical(date(2026, 3, 1), has_action_plan=False),
            physical(date(2026, 8, 1), has_report=False),
            psychosocial(date(2026, 9, 1)),
        ),
    )
    result = criterion(facts, "B2")
    assert not result.met
    assert result.missing == "Skriftlig rapport mangler for fysisk kartlegging fra 01.08.2026"


def test_b2_same_day_surveys_are_chosen_whatever_their_order():
    good = physical(date(2026, 8, 1))
    bad = physical(date(2026, 8, 1), has_report=False)
    psy = psychosocial(date(2026, 9, 1))
    one = decide(replace(a_plus_facts(), surveys=(good, bad, psy)))
    other = decide(replace(a_plus_facts(), surveys=(psy, bad, good)))
    assert one == other
    assert criterion(one, "B2").met


# ---------------------------------------------------------------- B3: risk assessment


def test_b3_met_by_a_risk_assessment_exactly_12_months_before_d():
    result = criterion(a_plus_facts(risk_assessments=(date(2025, 11, 25),)), "B3")
    assert result.met
    assert result.text == "Dokumentert risikovurdering siste 12 måneder"


def test_b3_not_met_12_months_and_a_day_before_d():
    result = criterion(a_plus_facts(risk_assessments=(date(2025, 11, 24),)), "B3")
    assert not result.met
    assert result.missing == (
        "Risikovurdering mangler: siste er fra 24.11.2025, mer enn 12 måneder før 25.11.2026"
    )


def test_b3_the_latest_risk_assessment_on_or_before_d_is_named():
    dates = (date(2023, 1, 1), date(2024, 6, 30), D + DAY)
    result = criterion(a_plus_facts(risk_assessments=dates), "B3")
    assert not result.met
    assert "30.06.2024" in result.missing


def test_b3_a_risk_assessment_after_d_never_counts_and_is_named_as_dated_after_d():
    result = criterion(a_plus_facts(risk_assessments=(D + DAY,)), "B3")
    assert not result.met
    assert result.missing == (
        "Risikovurderingen fra 26.11.2026 er datert etter vurderingsdatoen 25.11.2026"
    )


def test_b3_without_any_risk_assessment():
    result = criterion(a_plus_facts(risk_assessments=()), "B3")
    assert result.missing == "Ingen risikovurdering er registrert"


def test_b3_leap_day():
    d = date(2028, 2, 29)
    assert criterion(a_plus_facts(d, risk_assessments=(date(2027, 2, 28),)), "B3").met
    assert not criterion(a_plus_facts(d, risk_assessments=(date(2027, 2, 27),)), "B3").met


# ---------------------------------------------------------------- B4: physical action items


def b4(*items):
    return criterion(a_plus_facts(action_items=items), "B4")


def test_b4_met_when_every_physical_item_is_done_or_in_progress_in_time():
    result = b4(item(PHYSICAL, DONE), item(PHYSICAL, IN_PROGRESS, D + DAY))
    assert result.met
    assert result.text == "Alle fysiske tiltak i handlingsplanen er rettet eller i aktiv utbedring"


def test_b4_met_without_physical_items():
    assert b4().met


def test_b4_in_progress_due_on_d_is_active():
    assert b4(item(PHYSICAL, IN_PROGRESS, D)).met


def test_b4_in_progress_due_the_day_before_d_is_not_active():
    result = b4(item(PHYSICAL, IN_PROGRESS, D - DAY))
    assert not result.met
    assert result.missing == (
        "1 fysisk tiltak er ikke rettet eller i aktiv utbedring "
        "(1 i arbeid, fristen gikk ut 24.11.2026)"
    )


def test_b4_open_is_not_active():
    result = b4(item(PHYSICAL, OPEN, D + 30 * DAY))
    assert not result.met
    assert result.missing == (
        "1 fysisk tiltak er ikke rettet eller i aktiv utbedring (1 ikke påbegynt)"
    )


def test_b4_in_progress_without_due_date_is_not_active():
    result = b4(item(PHYSICAL, IN_PROGRESS, None))
    assert not result.met
    assert "uten frist" in result.missing


def test_b4_not_applicable_is_left_out():
    assert b4(item(PHYSICAL, NOT_APPLICABLE, D - 300 * DAY), item(PHYSICAL, DONE)).met


def test_b4_psychosocial_items_do_not_count():
    assert b4(item(PSYCHOSOCIAL, OPEN)).met


def test_b4_counts_and_dates_what_is_missing():
    result = b4(
        item(PHYSICAL, OPEN),
        item(PHYSICAL, IN_PROGRESS, date(2026, 10, 1)),
        item(PHYSICAL, DONE),
    )
    assert result.missing == (
        "2 fysiske tiltak er ikke rettet eller i aktiv utbedring "
        "(1 ikke påbegynt, 1 i arbeid, fristen gikk ut 01.10.2026)"
    )


def test_b4_several_overdue_items_name_the_oldest_due_date():
    result = b4(
        item(PHYSICAL, IN_PROGRESS, date(2026, 10, 1)),
        item(PHYSICAL, IN_PROGRESS, date(2026, 9, 15)),
    )
    assert "2 i arbeid der fristen gikk ut, eldste frist 15.09.2026" in result.missing


# ---------------------------------------------------------------- B5: safety rounds off site


def b5(off_site_work, *rounds, d=D):
    return criterion(a_plus_facts(d, off_site_work=off_site_work, safety_rounds=rounds), "B5")


def test_b5_met_when_no_substantial_work_is_done_off_site():
    result = b5(False)
    assert result.met
    assert "ikke aktuelt" in result.text


def test_b5_off_site_work_with_a_recent_safety_round():
    result = b5(True, date(2025, 11, 25))
    assert result.met
    assert result.text.startswith("Vernerunde eller annen dokumentert HMS-sikring")


def test_b5_off_site_work_without_a_safety_round():
    result = b5(True)
    assert not result.met
    assert "ingen vernerunde" in result.missing


def test_b5_off_site_work_with_a_safety_round_12_months_and_a_day_ago():
    result = b5(True, date(2025, 11, 24))
    assert not result.met
    assert result.missing == (
        "Vernerunde mangler: siste er fra 24.11.2025, mer enn 12 måneder før 25.11.2026"
    )


def test_b5_a_safety_round_after_d_never_counts():
    assert not b5(True, D + DAY).met


# ---------------------------------------------------------------- class B as a whole


def test_class_b_met_when_b1_to_b5_hold():
    decision = decide(a_plus_facts())
    result = decision.class_result("B")
    assert result.met
    assert [c.code for c in result.criteria] == ["B1", "B2", "B3", "B4", "B5"]


def test_class_b_not_met_when_one_criterion_fails():
    decision = decide(a_plus_facts(risk_assessments=()))
    assert not decision.class_result("B").met
    assert decision.eligible_class is None
    assert decision.first_missing().code == "B3"
