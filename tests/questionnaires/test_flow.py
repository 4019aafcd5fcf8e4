"""A round from start to reviewed report, through the services and the pages."""

import datetime as dt
import hashlib
import subprocess

import pytest
from django.utils import timezone

import hms_rules as rules
from certificates.facts import build_facts
from questionnaires import codes, services
from questionnaires.models import Answer, AnswerCode, Round
from questionnaires.selectors import round_results
from surveys import services as survey_services
from surveys.models import ActionItem, Area, Survey
from tests.questionnaires.conftest import answer, close, issue

pytestmark = pytest.mark.django_db


def test_start_creates_the_survey_and_groups_but_no_code(make_round, world):
    round_ = make_round()
    assert round_.survey.kind == Survey.Kind.PSYCHOSOCIAL
    assert round_.survey.company == world["company"]
    assert [(g.name, g.size) for g in round_.groups.all()] == [("Lager", 5)]
    assert not round_.codes.exists()  # codes are made when sent, one per person


def test_slips_are_stored_only_as_keyed_hashes(make_round):
    round_ = make_round()
    made = issue(round_, 5, group="Lager")
    assert len(set(made)) == 5
    stored = set(round_.codes.values_list("code_hash", flat=True))
    assert stored == {codes.code_hash(c) for c in made}
    assert not stored & set(made)
    assert not stored & {hashlib.sha256(codes.normalise(c).encode()).hexdigest() for c in made}
    round_.refresh_from_db()
    assert round_.slips_printed == 5


def criteria(company):
    decision = rules.decide(build_facts(company=company, case=None, on=timezone.localdate()))
    return {c.code: c.met for r in decision.classes for c in r.criteria}


@pytest.mark.real_pdf  # reads the report back
def test_full_round_meets_a1_and_a2_only_once_conversations_and_review_are_recorded(
    make_round, world
):
    round_ = make_round()
    answer(round_, 3, group="Lager", score=4, low_themes=("demands",))
    answer(round_, 3, score=4, low_themes=("demands",), free_text="Travelt før jul.")
    close(round_)
    advisor = world["advisor"]
    results = round_results(round_)
    assert [t.theme.key for t in results.flagged] == ["demands"]

    services.proposal_confirm(
        round_=round_,
        actor=advisor,
        description="Krav i jobben under grensen",
        severity="MEDIUM",
        measure="Gå gjennom arbeidsmengden",
        responsible="Daglig leder",
        due_date=timezone.localdate() + dt.timedelta(days=30),
    )
    item = ActionItem.objects.get()
    assert item.area == Area.PSYCHOSOCIAL
    assert item.survey == round_.survey
    services.report_create(round_=round_, actor=advisor)
    met = criteria(world["company"])
    assert met["A1"] is False  # no formal conversations yet

    services.conversation_create(
        round_=round_,
        actor=advisor,
        kind="group",
        held_on=timezone.localdate(),
        participants=8,
        led_by="Rådgiver og verneombud",
        summary="Arbeidsmengden før jul ble tatt opp.",
    )
    round_.refresh_from_db()
    services.report_create(round_=round_, actor=advisor)
    round_.refresh_from_db()
    data = round_.report.read()
    assert hashlib.sha256(data).hexdigest() == round_.report_sha256
    assert criteria(world["company"])["A2"] is False  # written, not reviewed
    services.report_review(round_=round_, actor=advisor)
    met = criteria(world["company"])
    assert met["A1"] is True
    assert met["A2"] is True

    text = pdf_text(round_.report.path)
    assert "Krav i jobben (under grensen)" in text
    assert "6 av 12 ansatte svarte (50 %)" in text
    assert "Arbeidsmengden før jul ble tatt opp." in text
    assert "Gå gjennom arbeidsmengden" in text
    assert "Travelt før jul." not in text  # free text stays with the advisor
    assert "Lager (5 ansatte): For få svar til å vise resultater." in text


@pytest.mark.real_pdf  # reads the report back
def test_round_without_flagged_themes_records_no_significant_deviations(make_round, world):
    round_ = make_round(groups=())
    answer(round_, 5, score=5)
    close(round_)
    round_ = services.report_create(round_=round_, actor=world["advisor"])
    survey = Survey.objects.get(pk=round_.survey_id)
    assert survey.no_significant_deviations is True
    assert survey.no_new_survey_needed is True
    assert survey.has_written_report is True
    assert "Ingen vesentlige avvik avdekket" in pdf_text(round_.report.path)


def pdf_text(path) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, timeout=60
    )
    return " ".join(done.stdout.decode().split())


def test_deleting_the_survey_deletes_its_round_and_answers(make_round, world):
    """The surveys page's delete must not fail on a round: the round is part of the survey."""
    round_ = make_round()
    answer(round_, 2)
    survey_services.survey_delete(survey=round_.survey, actor=world["advisor"])
    assert not Round.objects.exists()
    assert not Answer.objects.exists() and not AnswerCode.objects.exists()
