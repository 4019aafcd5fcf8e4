"""Hypothesis strategies for the rules' facts, dated around their assessment date D."""

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import strategies as st

from hms_rules import (
    CLASS_ORDER,
    PROVIDERS,
    STATUSES,
    SURVEY_KINDS,
    ActionItemFact,
    Facts,
    LegalMinimumFact,
    PreviousCertificateFact,
    SurveyFact,
)

from .builders import a_plus_facts, psychosocial

# D is drawn from a few years that include 29 February 2028, and the boundaries around it.
assessment_dates = st.one_of(
    st.dates(date(2024, 1, 1), date(2030, 12, 31)),
    st.sampled_from([date(2028, 2, 29), date(2025, 2, 28), date(2026, 11, 25), date(2027, 3, 1)]),
)
texts = st.sampled_from(["", "  ", "Skriftlig notat fra rådgiver."])
# All five parts of A3's legal minimum confirmed, or any of them.
legal_minimums = st.one_of(
    st.just(LegalMinimumFact.all_confirmed()),
    st.builds(LegalMinimumFact, *[st.booleans()] * 5),
)


def _around(d: date, before: int, after: int):
    """Dates from ``before`` days before ``d`` to ``after`` days after it."""
    return st.integers(-before, after).map(lambda n: d + timedelta(days=n))


_FLAGS = (
    "verified",
    "has_report",
    "has_action_plan",
    "report_reviewed",
    "formal_conversations",
    "no_new_survey_needed",
    "no_significant_deviations",
)


def _survey(kind: str, performed_on: date, provider: str, bits: int) -> SurveyFact:
    flags = {name: bool(bits >> i & 1) for i, name in enumerate(_FLAGS)}
    return SurveyFact(kind, performed_on, provider, **flags)


def surveys(d: date, before: int = 800, after: int = 0):
    # The seven flags are drawn as one bit mask: far fewer draws, so far faster examples.
    return st.builds(
        _survey,
        st.sampled_from(SURVEY_KINDS),
        _around(d, before, after),
        st.sampled_from(PROVIDERS),
        st.integers(0, 2 ** len(_FLAGS) - 1),
    )


def action_items(d: date):
    return st.builds(
        ActionItemFact,
        area=st.sampled_from(SURVEY_KINDS),
        status=st.sampled_from(STATUSES),
        due_date=st.none() | _around(d, 60, 60),
    )


def certificates(d: date, before: int = 800, after: int = 0):
    return st.builds(
        lambda klass, start, length, revoked: PreviousCertificateFact(
            klass, start, start + timedelta(days=length), revoked
        ),
        st.sampled_from(CLASS_ORDER),
        _around(d, before, after),
        st.sampled_from([364, 365, 180, 0]),
        st.booleans(),
    )


def facts():
    """Facts dated on or before D (apart from due dates): random ones, and ones near A+."""
    return st.one_of(random_facts(), near_a_plus_facts())


@st.composite
def near_a_plus_facts(draw) -> Facts:
    """The builders' A+ case with a few of its parts replaced by random ones."""
    d = draw(assessment_dates)
    base = a_plus_facts(d)
    mutations = {
        "surveys": st.lists(surveys(d), max_size=3).map(
            lambda extra: (base.surveys[1:] if extra else base.surveys) + tuple(extra)
        ),
        "psychosocial": st.lists(surveys(d), max_size=2).map(
            lambda extra: base.surveys[:1] + tuple(extra)
        ),
        "psychosocial_waiver": st.builds(
            lambda days, reviewed: (
                *base.surveys[:1],
                psychosocial(
                    d - timedelta(days=days), no_new_survey_needed=True, report_reviewed=reviewed
                ),
            ),
            st.integers(300, 760),
            st.booleans(),
        ),
        "risk_assessments": st.lists(_around(d, 500, 0), max_size=2).map(tuple),
        "safety_rounds": st.lists(_around(d, 500, 0), max_size=2).map(tuple),
        "action_items": st.lists(action_items(d), max_size=4).map(tuple),
        "previous_certificates": st.lists(certificates(d), max_size=2).map(tuple),
        "off_site_work": st.booleans(),
        "legal_minimum": legal_minimums,
        "psychosocial_improvement_ongoing": st.booleans(),
        "management_focus_note": texts,
        "discretionary_justification": texts,
    }
    chosen = draw(st.lists(st.sampled_from(sorted(mutations)), max_size=3, unique=True))
    changes = {name: draw(mutations[name]) for name in chosen}
    for name in ("psychosocial", "psychosocial_waiver"):
        if name in changes:
            changes["surveys"] = changes.pop(name) + changes.get("surveys", ())
    return replace(base, **changes)


@st.composite
def random_facts(draw, d: date | None = None) -> Facts:
    """Facts with everything dated on or before D, apart from action items' due dates."""
    d = draw(assessment_dates) if d is None else d
    return Facts(
        assessment_date=d,
        off_site_work=draw(st.booleans()),
        surveys=tuple(draw(st.lists(surveys(d), max_size=5))),
        risk_assessments=tuple(draw(st.lists(_around(d, 500, 0), max_size=3))),
        safety_rounds=tuple(draw(st.lists(_around(d, 500, 0), max_size=3))),
        action_items=tuple(draw(st.lists(action_items(d), max_size=6))),
        legal_minimum=draw(legal_minimums),
        psychosocial_improvement_ongoing=draw(st.booleans()),
        management_focus_note=draw(texts),
        discretionary_justification=draw(texts),
        previous_certificates=tuple(draw(st.lists(certificates(d), max_size=3))),
        rule_set=draw(st.sampled_from([None, "2004-09-27"])),
    )


@st.composite
def facts_and_future(draw):
    """Facts, and the same facts with things dated after D added (which must not count)."""
    f = draw(facts())
    d = f.assessment_date
    day = timedelta(days=1)
    later = _around(d + day, 0, 800)
    more_surveys = draw(st.lists(surveys(d + day, 0, 800), min_size=0, max_size=3))
    more_risk = draw(st.lists(later, max_size=2))
    more_rounds = draw(st.lists(later, max_size=2))
    # A certificate issued on D or later never counts.
    more_certs = draw(st.lists(certificates(d, 0, 800), max_size=2))
    future = Facts(
        assessment_date=d,
        off_site_work=f.off_site_work,
        surveys=f.surveys + tuple(more_surveys),
        risk_assessments=f.risk_assessments + tuple(more_risk),
        safety_rounds=f.safety_rounds + tuple(more_rounds),
        action_items=f.action_items,
        legal_minimum=f.legal_minimum,
        psychosocial_improvement_ongoing=f.psychosocial_improvement_ongoing,
        management_focus_note=f.management_focus_note,
        discretionary_justification=f.discretionary_justification,
        previous_certificates=f.previous_certificates + tuple(more_certs),
        rule_set=f.rule_set,
    )
    return f, future
