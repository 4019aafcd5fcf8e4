"""The engine's texts: what a client can act on, in bokmål and in English.

Every key of the message table is reached by some case below, and each is checked in
English too: same dates, no bokmål word.
"""

import re
from dataclasses import replace
from datetime import date

from hypothesis import HealthCheck, given, settings

from hms_rules import (
    CLASS_A,
    CLASS_B,
    EXTERNAL,
    IN_PROGRESS,
    OPEN,
    PHYSICAL,
    PSYCHOSOCIAL,
    LegalMinimumFact,
    Text,
    decide,
)
from hms_rules.texts import MESSAGES

from .builders import DAY, D, a_plus_facts, cert, criterion, item, physical, psychosocial
from .strategies import facts

BOKMAL_WORDS = {
    "og", "ikke", "er", "fra", "før", "etter", "mangler", "kartlegging", "tiltak", "siste",
    "måneder", "klasse", "sertifikat", "sertifikatet", "vurderingsdatoen", "fristen", "gikk",
    "rapport", "handlingsplan", "risikovurdering", "vernerunde", "virksomheten", "ledelsen",
    "utsteder", "rådgiver", "forutsetter", "unntak", "unntaket", "tilbakekalt", "gyldig",
    "periode", "mulig", "tidligst", "ingen", "registrert", "psykososial", "fysisk", "i", "med",
    "verneombud", "arbeidsavtaler", "hms", "datert", "eldste", "frist", "påbegynt", "arbeid",
}  # fmt: skip


def surveys(*surveys, **changes):
    return replace(a_plus_facts(**changes), surveys=surveys)


PHYS, PSY = physical(date(2026, 8, 1)), psychosocial(date(2026, 9, 1))
NONE = LegalMinimumFact()

# Cases that between them reach every text of the table.
CASES = [
    a_plus_facts(),
    a_plus_facts(off_site_work=True, safety_rounds=(date(2026, 3, 1),)),
    a_plus_facts(off_site_work=True, safety_rounds=()),
    a_plus_facts(off_site_work=True, safety_rounds=(date(2025, 3, 1), D + DAY)),
    a_plus_facts(risk_assessments=(date(2025, 3, 1), D + DAY)),
    a_plus_facts(risk_assessments=()),
    surveys(PSY),
    surveys(physical(date(2024, 5, 3)), physical(date(2026, 8, 1), EXTERNAL, verified=False), PSY),
    surveys(physical(D + DAY), PSY),
    surveys(physical(date(2024, 5, 3)), PSY),
    a_plus_facts(action_items=(item(PSYCHOSOCIAL, OPEN),)),
    surveys(physical(date(2026, 8, 1), has_report=False, has_action_plan=False), PSY),
    surveys(physical(date(2026, 8, 1), has_report=False), PSY),
    surveys(physical(date(2026, 8, 1), has_action_plan=False), PSY),
    surveys(PHYS),
    surveys(PHYS, psychosocial(date(2026, 9, 1), EXTERNAL, verified=False)),
    surveys(PHYS, psychosocial(date(2024, 1, 1)), psychosocial(D, EXTERNAL, verified=False)),
    surveys(PHYS, psychosocial(date(2026, 9, 1), formal_conversations=False)),
    surveys(PHYS, psychosocial(date(2023, 9, 1))),
    surveys(PHYS, psychosocial(date(2025, 6, 1))),
    surveys(
        PHYS, psychosocial(date(2025, 6, 1), no_new_survey_needed=True, formal_conversations=False)
    ),
    surveys(PHYS, psychosocial(date(2025, 6, 1), no_new_survey_needed=True)),
    surveys(PHYS, psychosocial(D + DAY)),
    surveys(PHYS, psychosocial(date(2026, 9, 1), has_report=False)),
    surveys(PHYS, psychosocial(date(2026, 9, 1), report_reviewed=False)),
    surveys(PHYS, psychosocial(date(2026, 9, 1), has_action_plan=False)),
    surveys(physical(date(2026, 8, 1), EXTERNAL), PSY, legal_minimum=NONE),
    surveys(PHYS, psychosocial(date(2026, 9, 1), EXTERNAL), legal_minimum=NONE),
    surveys(
        physical(date(2026, 8, 1), EXTERNAL),
        psychosocial(date(2026, 9, 1), EXTERNAL),
        legal_minimum=LegalMinimumFact(equipment_inspection=True),
    ),
    a_plus_facts(psychosocial_improvement_ongoing=False, management_focus_note=""),
    a_plus_facts(
        action_items=(
            item(PHYSICAL, OPEN),
            item(PSYCHOSOCIAL, IN_PROGRESS, D - DAY),
            item(PSYCHOSOCIAL, IN_PROGRESS),
        )
    ),
    a_plus_facts(
        action_items=(
            item(PHYSICAL, IN_PROGRESS, D - DAY),
            item(PHYSICAL, IN_PROGRESS, D - 9 * DAY),
            item(PHYSICAL, IN_PROGRESS),
            item(PSYCHOSOCIAL, OPEN),
            item(PSYCHOSOCIAL, OPEN),
        )
    ),
    a_plus_facts(previous_certificates=()),
    a_plus_facts(previous_certificates=(cert(CLASS_B, date(2025, 11, 20)),)),
    a_plus_facts(previous_certificates=(cert(CLASS_A, date(2025, 11, 20), revoked=True),)),
    a_plus_facts(
        previous_certificates=(cert(CLASS_A, date(2025, 11, 20), None, True, date(2026, 5, 3)),)
    ),
    a_plus_facts(previous_certificates=(cert(CLASS_A, date(2019, 11, 20)),)),
    a_plus_facts(previous_certificates=(cert(CLASS_A, D - DAY),)),
    a_plus_facts(previous_certificates=(cert(CLASS_A, D + DAY),)),
]


def _keys(text: Text) -> set[str]:
    keys = {text.key}
    for arg in text.args:
        if isinstance(arg, Text):
            keys |= _keys(arg)
    return keys


def _texts(decision):
    for result in decision.classes:
        for c in result.criteria:
            yield c.message
            if c.missing_message is not None:
                yield c.missing_message


def _assert_english(decision):
    for result in decision.classes:
        for c in result.criteria:
            for bokmal, english in ((c.text, c.text_in("en")), (c.missing, c.missing_in("en"))):
                if bokmal is None:
                    assert english is None
                    continue
                words = set(re.findall(r"[^\W\d_]+", english.lower()))
                assert not words & BOKMAL_WORDS, english
                assert not set("æøå") & set(english.lower()), english
                dates = re.findall(r"\d\d\.\d\d\.\d{4}", bokmal)
                assert re.findall(r"\d\d\.\d\d\.\d{4}", english) == dates, english


def test_the_cases_reach_every_text_of_the_table():
    used = set()
    for facts_ in CASES:
        for text in _texts(decide(facts_)):
            used |= _keys(text)
    assert set(MESSAGES) - used == set()


def test_every_text_of_every_case_reads_in_english_with_the_same_dates():
    for facts_ in CASES:
        _assert_english(decide(facts_))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts())
def test_no_bokmal_word_in_english_for_generated_decisions(f):
    _assert_english(decide(f))


def test_b1_in_english():
    result = criterion(surveys(physical(date(2024, 5, 3)), PSY), "B1")
    assert result.text_in("en") == "Verified physical survey in the last 12 months"
    assert result.missing_in("en") == (
        "Physical survey missing: the latest is from 03.05.2024, more than 12 months before "
        "25.11.2026"
    )


def test_p1_too_recent_in_english():
    result = criterion(a_plus_facts(previous_certificates=(cert(CLASS_A, D - DAY),)), "P1")
    assert result.missing_in("en") == (
        "The class A certificate of 24.11.2026 belongs to the current period (it began less "
        "than 10 months before 25.11.2026); A+ is possible from 24.09.2027 at the earliest"
    )


def test_overdue_items_say_the_deadline_passed():
    result = criterion(a_plus_facts(action_items=(item(PHYSICAL, IN_PROGRESS, D - DAY),)), "B4")
    assert "fristen gikk ut 24.11.2026" in result.missing
    assert "forfalt" not in result.missing
    assert "its deadline passed on 24.11.2026" in result.missing_in("en")


# ---------------------------------------------------------------- records dated after D


def test_a_safety_round_after_d_is_named_as_dated_after_d():
    result = criterion(a_plus_facts(off_site_work=True, safety_rounds=(D + DAY,)), "B5")
    assert not result.met
    assert result.missing == (
        "Vernerunden fra 26.11.2026 er datert etter vurderingsdatoen 25.11.2026"
    )
    assert result.missing_in("en") == (
        "The safety round of 26.11.2026 is dated after the assessment date 25.11.2026"
    )


def test_an_old_record_and_one_after_d_are_both_named():
    result = criterion(a_plus_facts(risk_assessments=(date(2025, 3, 1), D + 5 * DAY)), "B3")
    assert result.missing == (
        "Risikovurdering mangler: siste er fra 01.03.2025, mer enn 12 måneder før 25.11.2026; "
        "Risikovurderingen fra 30.11.2026 er datert etter vurderingsdatoen 25.11.2026"
    )


def test_no_text_calls_a_record_dated_after_d_absent():
    facts_ = surveys(physical(D + DAY), psychosocial(D + DAY), risk_assessments=(D + DAY,))
    for result in decide(facts_).classes:
        for c in result.criteria:
            assert "er registrert" not in (c.missing or "")


# ---------------------------------------------------------------- A3: the parts missing


def a3(legal_minimum):
    facts_ = surveys(physical(date(2026, 8, 1), EXTERNAL), PSY, legal_minimum=legal_minimum)
    return criterion(facts_, "A3")


def test_a3_names_the_one_part_missing():
    result = a3(replace(LegalMinimumFact.all_confirmed(), safety_representative=False))
    assert not result.met
    assert result.missing == (
        "Fysisk kartlegging fra 01.08.2026 er utført av andre enn Bedriftstjenesten AS, og "
        "lovens minstekrav er ikke dokumentert eller verifisert: mangler (c) verneombud "
        "(og evt. AMU) valgt og opplært"
    )
    assert result.missing_in("en").endswith(
        "missing (c) safety representative (and working environment committee where "
        "required) elected and trained"
    )


def test_a3_names_several_parts_missing_in_order():
    result = a3(LegalMinimumFact(equipment_inspection=True, regulations=True))
    assert result.missing.endswith(
        "mangler (a) skriftlige arbeidsavtaler med alle ansatte, (c) verneombud (og evt. AMU) "
        "valgt og opplært, (e) internkontrollsystem (HMS) i virksomheten"
    )
    assert "(b)" not in result.missing
    assert "(d)" not in result.missing


def test_a3_met_when_all_five_parts_are_confirmed():
    assert a3(LegalMinimumFact.all_confirmed()).met
