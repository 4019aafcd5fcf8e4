"""The facts example of RULES.md ("The rules service as JSON"), verbatim."""

import copy

RULES_MD_FACTS = {
    "assessment_date": "2026-11-25",
    "rule_set": "2004-09-27",
    "company": {"off_site_work": False},
    "surveys": [
        {
            "kind": "physical",
            "performed_on": "2026-08-01",
            "provider": "BEDRIFTSTJENESTEN",
            "verified": True,
            "has_report": True,
            "has_action_plan": True,
        },
        {
            "kind": "psychosocial",
            "performed_on": "2026-09-01",
            "provider": "EXTERNAL",
            "verified": True,
            "has_report": True,
            "report_reviewed": True,
            "formal_conversations": True,
            "no_new_survey_needed": False,
            "no_significant_deviations": False,
            "has_action_plan": True,
        },
    ],
    "risk_assessments": ["2026-08-15"],
    "safety_rounds": [],
    "action_items": [{"area": "physical", "status": "IN_PROGRESS", "due_date": "2027-02-01"}],
    "legal_minimum_verified": True,
    "psychosocial_improvement_ongoing": True,
    "management_focus_note": "Ledelsen har månedlige HMS-møter og følger opp medarbeidersamtalene.",
    "discretionary_justification": "",
    "previous_certificates": [
        {"class": "A", "valid_from": "2025-11-20", "valid_until": "2026-11-19", "revoked": False}
    ],
}


_CERT = RULES_MD_FACTS["previous_certificates"][0]


def _dropping(data: dict, key: str) -> dict:
    data.pop(key)
    return data


def rules_md_facts(**changes) -> dict:
    """A deep copy of the example, with top-level fields changed."""
    data = copy.deepcopy(RULES_MD_FACTS)
    data.update(changes)
    return data


# (name, facts JSON or a callable producing it, the field path the one-line error must name)
def _without(key):
    data = rules_md_facts()
    del data[key]
    return data


def _nested(path, value):
    data = rules_md_facts()
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return data


BAD_FACTS = [
    ("top level not an object", [RULES_MD_FACTS], "(facts)"),
    ("unknown top-level field", rules_md_facts(colour="blå"), "colour"),
    ("unknown nested field", _nested(["surveys", 0, "colour"], "blå"), "surveys[0].colour"),
    ("unknown company field", _nested(["company", "employees"], 5), "company.employees"),
    ("wrong type for a list", rules_md_facts(surveys="none"), "surveys"),
    (
        "bool where a date is",
        _nested(["surveys", 1, "performed_on"], True),
        "surveys[1].performed_on",
    ),
    (
        "impossible date",
        _nested(["surveys", 1, "performed_on"], "2026-02-30"),
        "surveys[1].performed_on",
    ),
    ("date not ISO", rules_md_facts(risk_assessments=["25.11.2026"]), "risk_assessments[0]"),
    ("unknown kind", _nested(["surveys", 0, "kind"], "Physical"), "surveys[0].kind"),
    ("unknown provider", _nested(["surveys", 0, "provider"], "US"), "surveys[0].provider"),
    ("unknown status", _nested(["action_items", 0, "status"], "DONE!"), "action_items[0].status"),
    ("unknown area", _nested(["action_items", 0, "area"], "PHYSICAL"), "action_items[0].area"),
    (
        "unknown class",
        _nested(["previous_certificates", 0, "class"], "AA"),
        "previous_certificates[0].class",
    ),
    ("unknown rule_set", rules_md_facts(rule_set="2030-01-01"), "rule_set"),
    ("missing assessment_date", _without("assessment_date"), "assessment_date"),
    (
        "missing survey kind",
        _nested(["surveys", 0], {"performed_on": "2026-08-01", "provider": "EXTERNAL"}),
        "surveys[0].kind",
    ),
    ("bool where a string is", rules_md_facts(management_focus_note=True), "management_focus_note"),
    ("number where a bool is", rules_md_facts(legal_minimum_verified=1), "legal_minimum_verified"),
    (
        "string where a bool is",
        _nested(["previous_certificates", 0, "revoked"], "false"),
        "previous_certificates[0].revoked",
    ),
    ("null where an object is", rules_md_facts(company=None), "company"),
    (
        "both forms of the legal minimum",
        rules_md_facts(legal_minimum={"regulations": True}),
        "legal_minimum_verified",
    ),
    (
        "unknown part of the legal minimum",
        _dropping(rules_md_facts(legal_minimum={"contracts": True}), "legal_minimum_verified"),
        "legal_minimum.contracts",
    ),
    (
        "string where a legal minimum part is",
        _dropping(rules_md_facts(legal_minimum={"regulations": "yes"}), "legal_minimum_verified"),
        "legal_minimum.regulations",
    ),
    (
        "revoked_on on a certificate not revoked",
        _nested(["previous_certificates", 0, "revoked_on"], "2026-05-03"),
        "previous_certificates[0].revoked_on",
    ),
    (
        "impossible revocation date",
        _nested(
            ["previous_certificates", 0], {**_CERT, "revoked": True, "revoked_on": "2026-02-30"}
        ),
        "previous_certificates[0].revoked_on",
    ),
    (
        "date before the first rule set",
        rules_md_facts(assessment_date="2004-09-26", rule_set=None),
        "assessment_date",
    ),
]
