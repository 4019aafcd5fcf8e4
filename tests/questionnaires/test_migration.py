"""Rounds answered before issue 29 lose what paired their answers (migration 0003).

The old codes were readable by the company and numbered on the sheet, the old answers
carried their day and their order, and a group of 1 pointed at one person.
"""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("questionnaires", "0002_template_v1")]
AFTER = [("questionnaires", "0003_anonymous_codes")]


def migrate(targets=None):
    """Migrate to ``targets``; None: to the latest migrations, as the other tests expect."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_round(world):
    apps = migrate(BEFORE)
    Round = apps.get_model("questionnaires", "Round")
    Survey = apps.get_model("surveys", "Survey")
    Template = apps.get_model("questionnaires", "QuestionnaireTemplate")
    template = Template.objects.create(key="old", version=99, title_nb="t", title_en="t")
    today = dt.date(2026, 11, 2)
    survey = Survey.objects.create(
        company_id=world["company"].pk, kind="psychosocial", performed_on=today
    )
    round_ = Round.objects.create(
        company_id=world["company"].pk,
        template=template,
        survey=survey,
        employee_count=8,
        opened_on=today,
        closes_on=today + dt.timedelta(days=14),
        code_secret="abc",
        created_by_id=world["advisor"].pk,
    )
    manager = round_.groups.create(name="Ledelse", size=1)
    shop = round_.groups.create(name="Verksted", size=6)
    for number, group in enumerate([manager] + [shop] * 6 + [None], start=1):
        round_.codes.create(group=group, number=number, code_hash=f"{number:064x}", used=True)
    for n, group in enumerate([manager] + [shop] * 6):
        round_.answers.create(
            group=group, answered_on=today + dt.timedelta(days=n), values={"q": n}
        )
    yield round_.pk, manager.pk, shop.pk
    migrate()  # leave the database as the other tests expect it


def test_old_codes_go_small_groups_lose_their_answers_and_the_rest_is_kept(old_round):
    round_pk, manager_pk, shop_pk = old_round
    apps = migrate(AFTER)
    Answer = apps.get_model("questionnaires", "Answer")
    AnswerCode = apps.get_model("questionnaires", "AnswerCode")
    assert not AnswerCode.objects.filter(round_id=round_pk).exists()
    answers = Answer.objects.filter(round_id=round_pk)
    assert answers.count() == 7
    assert not answers.filter(group_id=manager_pk).exists()  # the manager's is in no group
    assert answers.filter(group_id=shop_pk).count() == 6
    assert sorted(a.values["q"] for a in answers) == list(range(7))
    columns = {f.name for f in Answer._meta.get_fields()}
    assert "answered_on" not in columns
