"""Nothing stored or shown lets anyone tell who answered what."""

import logging

import pytest
from django.contrib import admin
from django.db import connection
from django.urls import reverse

from questionnaires import services
from questionnaires.models import Answer, AnswerCode, Group, Round
from tests.questionnaires.conftest import answer, values_scoring

pytestmark = pytest.mark.django_db


def test_the_answer_table_has_only_round_group_day_and_the_answers():
    columns = {f.column: f for f in Answer._meta.concrete_fields}
    assert set(columns) == {"id", "round_id", "group_id", "answered_on", "values", "free_text"}
    relations = {f.related_model for f in Answer._meta.concrete_fields if f.is_relation}
    assert relations == {Round, Group}
    assert AnswerCode not in relations
    assert type(columns["answered_on"]).__name__ == "DateField"  # the day, never a time
    with connection.cursor() as cursor:
        described = connection.introspection.get_table_description(cursor, Answer._meta.db_table)
    assert {c.name for c in described} == set(columns)
    # No history either: a history row would carry an exact time and the change's author.
    assert not hasattr(Answer, "history")
    assert not hasattr(AnswerCode, "history")


def test_a_saved_answer_holds_nothing_that_leads_back_to_its_code(make_round):
    round_ = make_round()
    (code,) = answer(round_, 1, group="Lager", free_text="Bra")
    row = Answer.objects.values().get()
    assert set(row) == {"id", "round_id", "group_id", "answered_on", "values", "free_text"}
    assert row["round_id"] == round_.pk
    assert row["group_id"] == round_.groups.get().pk
    stored = repr(row)
    assert code not in stored and code.replace("-", "") not in stored
    used = AnswerCode.objects.get(used=True)
    assert used.code_hash not in stored and str(used.pk) not in str(row["values"])
    assert set(AnswerCode._meta.get_fields()) & {"answer", "answered_at"} == set()


def test_a_used_code_cannot_answer_again(make_round, client):
    round_ = make_round()
    (code,) = answer(round_, 1)
    with pytest.raises(Exception, match="allerede brukt"):
        services.answer_submit(code=code, values=values_scoring(3), free_text="")
    response = client.post(reverse("questionnaires:respond"), {"code": code, "language": "nb"})
    assert "Koden er ugyldig, allerede brukt" in response.content.decode()
    assert Answer.objects.count() == 1


def test_a_closed_round_takes_no_answers(make_round, world):
    round_ = make_round()
    services.round_close(round_=round_, actor=world["advisor"])
    code = services.round_code_list(round_)[0][2]
    with pytest.raises(Exception, match="stengt"):
        services.answer_submit(code=code, values=values_scoring(3), free_text="")


def test_answers_cannot_be_seen_in_the_admin():
    registered = set(admin.site._registry)
    assert Answer not in registered
    assert AnswerCode not in registered


def test_the_request_log_never_records_a_code(make_round, client, caplog):
    round_ = make_round()
    code = services.round_code_list(round_)[0][2]
    url = reverse("questionnaires:respond")
    with caplog.at_level(logging.INFO, logger="hms.request"):
        client.get(url)
        page = client.post(url, {"step": "code", "code": code, "language": "nb"})
        form = {"step": "answer", "code": code, "language": "nb", "free_text": ""}
        form.update({f"q_{k}": v for k, v in values_scoring(4).items()})
        done = client.post(url, form)
    assert "q_demands_time" in page.content.decode()
    assert "Takk for svarene" in done.content.decode()
    paths = [r.fields["path"] for r in caplog.records if r.name == "hms.request"]
    assert paths == [url, url, url]
    logged = " ".join(r.getMessage() + repr(getattr(r, "fields", "")) for r in caplog.records)
    assert code not in logged and code.replace("-", "") not in logged
    assert Answer.objects.count() == 1


def test_a_code_in_the_query_string_is_not_taken(make_round, client):
    """Codes travel only by POST: a GET never fills one in or starts the questionnaire."""
    round_ = make_round()
    code = services.round_code_list(round_)[0][2]
    response = client.get(reverse("questionnaires:respond"), {"code": code})
    assert response.context["form"]["code"].value() is None
    assert "q_demands_time" not in response.content.decode()
