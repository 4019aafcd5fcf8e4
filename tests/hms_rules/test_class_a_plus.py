"""Class A+ - adds "Meget god psykisk: kartlegging, handlingsplan": P1-P3, and A underneath."""

from dataclasses import replace
from datetime import date

from hms_rules import (
    CLASS_A,
    CLASS_A_PLUS,
    CLASS_B,
    DONE,
    IN_PROGRESS,
    NOT_APPLICABLE,
    OPEN,
    PHYSICAL,
    PSYCHOSOCIAL,
    a_plus_possible_from,
    decide,
)

from .builders import DAY, D, a_plus_facts, cert, criterion, item, psychosocial, with_survey

P1_NONE = (
    "Ingen tidligere sertifikat i klasse A eller A+ er registrert; A+ forutsetter "
    "sertifikat i klasse A eller A+ fra en tidligere periode"
)


def p1(*certificates, d=D):
    return criterion(a_plus_facts(d, previous_certificates=certificates), "P1")


# ---------------------------------------------------------------- P1: class A the year before


def test_p1_met_by_a_class_a_certificate_of_the_year_before():
    result = p1(cert(CLASS_A, date(2025, 11, 20), date(2026, 11, 19)))
    assert result.met
    assert result.text == "Sertifisert i klasse A eller høyere foregående år"


def test_p1_met_by_a_class_a_plus_certificate():
    assert p1(cert(CLASS_A_PLUS, date(2025, 11, 20))).met


def test_p1_a_period_that_began_exactly_10_months_before_d_counts():
    assert p1(cert(CLASS_A, date(2026, 1, 25))).met


def test_p1_a_period_that_began_a_day_less_than_10_months_before_d_does_not_count():
    result = p1(cert(CLASS_A, date(2026, 1, 26)))
    assert not result.met
    assert result.missing == (
        "Sertifikatet i klasse A fra 26.01.2026 hører til inneværende periode (den begynte "
        "mindre enn 10 måneder før 25.11.2026); A+ er mulig tidligst 26.11.2026"
    )
    assert p1(cert(CLASS_A, date(2026, 1, 26)), d=D + DAY).met


def test_p1_an_a_issued_on_d_does_not_count_and_says_from_when_a_plus_is_possible():
    result = p1(cert(CLASS_A, D))
    assert not result.met
    assert "fra 25.11.2026 hører til inneværende periode" in result.missing
    assert result.missing.endswith("A+ er mulig tidligst 25.09.2027")


def test_p1_an_a_issued_yesterday_does_not_count():
    result = p1(cert(CLASS_A, D - DAY))
    assert not result.met
    assert result.missing.endswith("A+ er mulig tidligst 24.09.2027")


def test_p1_an_a_issued_11_months_ago_counts():
    assert p1(cert(CLASS_A, date(2025, 12, 25))).met


def test_p1_a_plus_possible_from_skips_a_day_where_the_month_is_too_short():
    # 30.04.2026 + 10 months is 28.02.2027, but 10 months before 28.02.2027 is 28.04.2026.
    assert a_plus_possible_from(date(2026, 4, 30)) == date(2027, 3, 1)
    assert not p1(cert(CLASS_A, date(2026, 4, 30)), d=date(2027, 2, 28)).met
    assert p1(cert(CLASS_A, date(2026, 4, 30)), d=date(2027, 3, 1)).met


def test_p1_a_class_b_certificate_does_not_count_and_is_named():
    result = p1(cert(CLASS_B, date(2025, 11, 20)))
    assert not result.met
    assert result.missing == (
        "Siste sertifikat (gyldig 20.11.2025–19.11.2026) var i klasse B; A+ forutsetter "
        "sertifikat i klasse A eller A+ fra en tidligere periode"
    )


def test_p1_a_newer_b_after_an_old_a_is_named_as_the_lower_class():
    result = p1(cert(CLASS_A, date(2023, 11, 20)), cert(CLASS_B, date(2025, 11, 20)))
    assert result.missing.startswith("Siste sertifikat (gyldig 20.11.2025–19.11.2026)")


def test_p1_a_revoked_certificate_does_not_count_and_says_when():
    result = p1(cert(CLASS_A, date(2025, 11, 20), revoked=True, revoked_on=date(2026, 5, 3)))
    assert not result.met
    assert result.missing == (
        "Sertifikatet i klasse A fra 20.11.2025 ble tilbakekalt 03.05.2026 og teller ikke"
    )


def test_p1_a_revoked_certificate_without_a_date():
    result = p1(cert(CLASS_A, date(2025, 11, 20), revoked=True))
    assert result.missing == "Sertifikatet i klasse A fra 20.11.2025 er tilbakekalt og teller ikke"


def test_p1_an_expired_certificate_says_when_it_expired():
    result = p1(cert(CLASS_A, date(2019, 11, 20)))
    assert not result.met
    assert result.missing == (
        "Siste sertifikat i klasse A var gyldig til 19.11.2020, mer enn 12 måneder før 25.11.2026"
    )


def test_p1_a_certificate_dated_after_d_is_named_as_such():
    result = p1(cert(CLASS_A, D + DAY))
    assert not result.met
    assert result.missing == (
        "Sertifikatet i klasse A fra 26.11.2026 er datert etter vurderingsdatoen 25.11.2026; "
        "A+ er mulig tidligst 26.09.2027"
    )


def test_p1_not_met_without_certificates():
    result = p1()
    assert not result.met
    assert result.missing == P1_NONE


def test_p1_speaks_of_the_latest_a():
    result = p1(cert(CLASS_A, date(2023, 11, 20)), cert(CLASS_A, date(2026, 8, 1)))
    assert "fra 01.08.2026 hører til inneværende periode" in result.missing


def test_p1_a_certificate_that_ended_11_months_before_d_counts_because_it_overlaps():
    assert p1(cert(CLASS_A, date(2024, 12, 25), date(2025, 12, 24))).met


def test_p1_a_certificate_that_ended_exactly_12_months_before_d_still_overlaps():
    assert p1(cert(CLASS_A, date(2024, 11, 25), date(2025, 11, 25))).met


def test_p1_a_certificate_that_ended_more_than_12_months_before_d_does_not_count():
    result = p1(cert(CLASS_A, date(2024, 11, 24), date(2025, 11, 24)))
    assert not result.met
    assert "24.11.2025" in result.missing
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


def test_p1_a_reissued_certificate_keeps_the_period_of_the_one_it_replaced():
    # Replaced on 01.10.2026 (a change of name): in the facts its period began 20.11.2025.
    assert p1(cert(CLASS_A, date(2025, 11, 20), date(2026, 11, 19))).met
    assert not p1(cert(CLASS_A, date(2026, 10, 1), date(2026, 11, 19))).met


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
    assert "1 i arbeid, fristen gikk ut 24.11.2026" in result.missing


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
    assert first.missing == P1_NONE


def test_p1_a_certificate_at_the_end_of_the_calendar_does_not_overflow():
    assert a_plus_possible_from(date.max) == date.max
    result = p1(cert(CLASS_A, date.max, date.max))
    assert "31.12.9999" in result.missing
