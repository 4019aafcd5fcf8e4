"""The JSON form of facts and decision (RULES.md, "The rules service as JSON")."""

import json
from datetime import date

import pytest
from hypothesis import given, settings

from hms_rules import (
    EXTERNAL,
    IN_PROGRESS,
    LEGAL_MINIMUM_PARTS,
    PHYSICAL,
    PSYCHOSOCIAL,
    ActionItemFact,
    Facts,
    LegalMinimumFact,
    PreviousCertificateFact,
    decide,
)
from hms_rules.json_form import (
    FactsError,
    decision_to_json,
    facts_from_json,
    facts_to_json,
    frozen_decision_to_json,
)

from .builders import a_plus_facts
from .json_examples import BAD_FACTS, RULES_MD_FACTS, rules_md_facts
from .strategies import facts


def test_the_rules_md_example_facts_are_read():
    f = facts_from_json(RULES_MD_FACTS)
    assert f.assessment_date == date(2026, 11, 25)
    assert f.rule_set == "2004-09-27"
    assert not f.off_site_work
    assert [s.kind for s in f.surveys] == [PHYSICAL, PSYCHOSOCIAL]
    psy = f.surveys[1]
    assert psy.provider == EXTERNAL
    assert psy.verified and psy.has_report and psy.report_reviewed and psy.formal_conversations
    assert not psy.no_new_survey_needed
    assert f.surveys[0].report_reviewed is False  # a missing boolean is false
    assert f.risk_assessments == (date(2026, 8, 15),)
    assert f.safety_rounds == ()
    assert f.action_items == (ActionItemFact(PHYSICAL, IN_PROGRESS, date(2027, 2, 1)),)
    assert f.previous_certificates == (
        PreviousCertificateFact("A", date(2025, 11, 20), date(2026, 11, 19), False),
    )


def test_the_rules_md_example_is_a_plus_because_its_class_a_certificate_overlaps_the_year():
    # RULES.md's decision example shows "A" with P1 missing, but the example's certificate
    # (20.11.2025-19.11.2026) overlaps the 12 months before 25.11.2026, which is P1 as
    # RULES.md and the seed define it ("foregående år sertifisert i klasse A").
    decision = decide(facts_from_json(RULES_MD_FACTS))
    assert decision.eligible_class == "A+"


def test_the_rules_md_example_without_a_certificate_gives_a_and_the_documented_p1_text():
    data = decision_to_json(decide(facts_from_json(rules_md_facts(previous_certificates=[]))))
    assert data["eligible_class"] == "A"
    assert data["discretionary"] is False
    assert data["waiver_used"] is False
    b1 = data["classes"][0]["criteria"][0]
    assert b1 == {
        "code": "B1",
        "met": True,
        "text": "Verifisert fysisk kartlegging siste 12 måneder",
        "missing": None,
    }
    p1 = data["classes"][2]["criteria"][0]
    assert p1 == {
        "code": "P1",
        "met": False,
        "text": "Sertifisert i klasse A eller høyere foregående år",
        "missing": (
            "Ingen tidligere sertifikat i klasse A eller A+ er registrert; A+ forutsetter "
            "sertifikat i klasse A eller A+ fra en tidligere periode"
        ),
    }


def test_decision_json_has_the_rules_md_shape():
    data = decision_to_json(decide(facts_from_json(RULES_MD_FACTS)))
    assert list(data) == [
        "rule_set",
        "assessment_date",
        "eligible_class",
        "discretionary",
        "waiver_used",
        "stable_until",
        "classes",
    ]
    assert data["rule_set"] == "2004-09-27"
    assert data["assessment_date"] == "2026-11-25"
    assert [c["class"] for c in data["classes"]] == ["B", "A", "A+"]
    for result in data["classes"]:
        assert list(result) == ["class", "met", "criteria"]
        for c in result["criteria"]:
            assert list(c) == ["code", "met", "text", "missing"]
    assert json.loads(json.dumps(data)) == data


def test_eligible_class_null_when_nothing_holds():
    data = decision_to_json(decide(facts_from_json({"assessment_date": "2026-11-25"})))
    assert data["eligible_class"] is None


def test_missing_lists_are_empty_and_missing_booleans_false():
    f = facts_from_json({"assessment_date": "2026-11-25"})
    assert f == Facts(assessment_date=date(2026, 11, 25))


def test_optional_nulls_are_accepted():
    f = facts_from_json(
        {
            "assessment_date": "2026-11-25",
            "rule_set": None,
            "action_items": [{"area": "psychosocial", "status": "OPEN", "due_date": None}],
        }
    )
    assert f.rule_set is None
    assert f.action_items[0].due_date is None


def test_facts_to_json_writes_every_field():
    data = facts_to_json(facts_from_json(RULES_MD_FACTS))
    assert data["surveys"][0]["report_reviewed"] is False
    assert data["company"] == {"off_site_work": False}
    assert data["previous_certificates"][0]["class"] == "A"
    assert facts_from_json(data) == facts_from_json(RULES_MD_FACTS)


def test_round_trip_of_the_a_plus_case():
    f = a_plus_facts()
    assert facts_from_json(json.loads(json.dumps(facts_to_json(f)))) == f


@settings(max_examples=100, deadline=None)
@given(facts())
def test_round_trip(f):
    text = json.dumps(facts_to_json(f), ensure_ascii=False)
    assert facts_from_json(json.loads(text)) == f


@pytest.mark.parametrize(("name", "data", "path"), BAD_FACTS, ids=[b[0] for b in BAD_FACTS])
def test_bad_facts_name_the_field_on_one_line(name, data, path):
    with pytest.raises(FactsError) as caught:
        facts_from_json(data)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message
    assert len(message.splitlines()) == 1
    assert caught.value.path == path


def test_the_impossible_date_message_is_the_documented_one():
    data = rules_md_facts()
    data["surveys"][1]["performed_on"] = "2026-02-30"
    with pytest.raises(FactsError, match=r'^surveys\[1\]\.performed_on: not a date: "2026-02-30"$'):
        facts_from_json(data)


def test_facts_error_is_a_value_error():
    assert issubclass(FactsError, ValueError)


def test_only_plain_iso_dates():
    for text in ("20261125", "2026-11-25T00:00", "2026-W48-3", "２０２６-11-25", " 2026-11-25"):
        with pytest.raises(FactsError, match=r"^assessment_date: "):
            facts_from_json({"assessment_date": text})


def test_an_odd_field_name_stays_on_one_line():
    with pytest.raises(FactsError) as caught:
        facts_from_json({"assessment_date": "2026-11-25", "a\nb\u2028c": 1})
    assert len(str(caught.value).splitlines()) == 1


def test_a_named_rule_set_cannot_assess_a_date_before_it_started():
    with pytest.raises(FactsError, match="before rule set"):
        facts_from_json({"assessment_date": "2004-09-26", "rule_set": "2004-09-27"})


def test_the_legal_minimum_as_five_facts():
    data = rules_md_facts(legal_minimum={"employment_contracts": True, "regulations": True})
    del data["legal_minimum_verified"]
    f = facts_from_json(data)
    assert f.legal_minimum == LegalMinimumFact(employment_contracts=True, regulations=True)
    assert not f.legal_minimum_verified


def test_the_legal_minimum_shorthand_means_all_five():
    assert facts_from_json(rules_md_facts()).legal_minimum == LegalMinimumFact.all_confirmed()
    data = rules_md_facts(legal_minimum_verified=False)
    assert facts_from_json(data).legal_minimum == LegalMinimumFact()


def test_both_forms_of_the_legal_minimum_are_an_error_naming_the_field():
    with pytest.raises(FactsError) as caught:
        facts_from_json(rules_md_facts(legal_minimum={}))
    assert str(caught.value) == (
        "legal_minimum_verified: give either legal_minimum or legal_minimum_verified, not both"
    )


def test_facts_to_json_writes_the_five_facts_and_the_revocation_date():
    f = facts_from_json(
        rules_md_facts(
            previous_certificates=[
                {
                    "class": "A",
                    "valid_from": "2025-11-20",
                    "valid_until": "2026-11-19",
                    "revoked": True,
                    "revoked_on": "2026-05-03",
                }
            ]
        )
    )
    data = facts_to_json(f)
    assert data["legal_minimum"] == dict.fromkeys(LEGAL_MINIMUM_PARTS, True)
    assert "legal_minimum_verified" not in data
    assert data["previous_certificates"][0]["revoked_on"] == "2026-05-03"
    assert facts_from_json(data) == f


def test_decision_json_in_english():
    data = decision_to_json(decide(facts_from_json(rules_md_facts())), "en")
    b1 = data["classes"][0]["criteria"][0]
    assert b1["text"] == "Verified physical survey in the last 12 months"


def test_the_frozen_form_carries_both_languages():
    facts_ = facts_from_json(rules_md_facts(previous_certificates=[]))
    data = frozen_decision_to_json(decide(facts_))
    p1 = data["classes"][2]["criteria"][0]
    assert p1["text"] == "Sertifisert i klasse A eller høyere foregående år"
    assert p1["translations"]["en"]["text"] == "Certified in class A or higher the previous year"
    assert p1["translations"]["en"]["missing"].startswith("No earlier certificate of class A")
