"""The questionnaire's versions: read without writing, revised in the admin, kept by rounds."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from questionnaires import services
from questionnaires.models import Question, QuestionnaireTemplate, Theme
from questionnaires.selectors import current_template, round_results
from tests.admin_forms import post_change_form, staff_logged_in, writes
from tests.questionnaires.conftest import close, issue

pytestmark = pytest.mark.django_db

CALMER = "Jeg har sjelden for mye å gjøre."


@pytest.fixture
def staff(client):
    """A staff user with the questionnaire's model permissions, logged in to the admin."""
    return staff_logged_in(client, "questionnaires", "questionnairetemplate", "theme", "question")


def _template_url(template) -> str:
    return f"/admin/questionnaires/questionnairetemplate/{template.pk}/change/"


def _questions(template) -> dict[str, str]:
    return dict(Question.objects.filter(theme__template=template).values_list("key", "text_nb"))


def test_reading_the_current_questionnaire_writes_nothing():
    with CaptureQueriesContext(connection) as queries:
        template = current_template()
    assert (template.key, template.version, template.is_current) == ("psykososial", 1, True)
    assert writes(queries) == []


def test_a_missing_questionnaire_is_not_installed_on_read_and_no_round_starts(make_round):
    QuestionnaireTemplate.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        assert current_template() is None
    assert writes(queries) == []
    with pytest.raises(ValidationError, match="gjeldende spørreskjema"):
        make_round()
    assert not QuestionnaireTemplate.objects.exists()


def test_editing_a_theme_inline_of_a_template_in_use_makes_a_new_version(client, staff, make_round):
    round_ = make_round()
    old = round_.template
    before = _questions(old)
    response = post_change_form(
        client, _template_url(old), **{"themes-0-title_nb": "Arbeidsmengde"}
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert not old.is_current
    assert old.themes.first().title_nb == "Krav i jobben"  # the version in use is unchanged
    new = current_template()
    assert (new.key, new.version, new.title_nb) == (old.key, 2, old.title_nb)
    assert new.themes.first().title_nb == "Arbeidsmengde"
    assert [t.key for t in new.themes.all()] == [t.key for t in old.themes.all()]
    assert _questions(new) == _questions(old) == before
    assert new.history.earliest().history_user == staff
    round_.refresh_from_db()
    assert round_.template == old


def test_a_change_to_the_template_and_its_inline_together_is_one_new_version(
    client, staff, make_round
):
    old = make_round().template
    response = post_change_form(
        client,
        _template_url(old),
        title_nb="Arbeidsmiljø 2027",
        version="9",  # read-only: the revision numbers the versions
        **{"themes-0-title_nb": "Arbeidsmengde", "_continue": "Lagre og fortsett"},
    )
    assert response.status_code == 302
    new = current_template()
    assert (new.version, new.title_nb) == (2, "Arbeidsmiljø 2027")
    assert new.themes.first().title_nb == "Arbeidsmengde"
    assert QuestionnaireTemplate.objects.count() == 2
    assert response["Location"] == _template_url(new)
    old.refresh_from_db()
    assert old.title_nb == "Psykososialt arbeidsmiljø"


def test_editing_and_deleting_questions_of_a_theme_in_use_makes_a_new_version(
    client, staff, make_round
):
    old = make_round().template
    theme = old.themes.get(key="demands")
    kept, dropped = theme.questions.all()[:2]
    response = post_change_form(
        client,
        f"/admin/questionnaires/theme/{theme.pk}/change/",
        **{"questions-0-text_nb": CALMER, "questions-1-DELETE": "on"},
    )
    assert response.status_code == 302
    assert _questions(old)[kept.key] == kept.text_nb
    assert dropped.key in _questions(old)
    new = current_template()
    assert new.version == 2
    assert _questions(new)[kept.key] == CALMER
    assert dropped.key not in _questions(new)
    assert len(_questions(new)) == len(_questions(old)) - 1


def test_a_template_no_round_used_is_edited_in_place(client, staff):
    template = current_template()
    response = post_change_form(
        client,
        _template_url(template),
        title_nb="Arbeidsmiljøet hos oss",
        **{"themes-0-title_nb": "Arbeidsmengde"},
    )
    assert response.status_code == 302
    assert QuestionnaireTemplate.objects.count() == 1
    template.refresh_from_db()
    assert (template.version, template.title_nb) == (1, "Arbeidsmiljøet hos oss")
    assert template.themes.first().title_nb == "Arbeidsmengde"
    theme = template.themes.first()
    response = post_change_form(
        client, f"/admin/questionnaires/theme/{theme.pk}/change/", **{"questions-0-text_nb": CALMER}
    )
    assert response.status_code == 302
    assert QuestionnaireTemplate.objects.count() == 1
    assert theme.questions.first().text_nb == CALMER


def test_a_round_after_a_revision_asks_the_new_version_the_older_keeps_its_own(
    client, staff, make_round
):
    before = make_round()
    theme = before.template.themes.get(key="demands")
    dropped = theme.questions.all()[1]
    post_change_form(
        client, f"/admin/questionnaires/theme/{theme.pk}/change/", **{"questions-1-DELETE": "on"}
    )
    after = make_round()
    assert (before.template.version, after.template.version) == (1, 2)
    full = dict.fromkeys(_questions(before.template), 4)  # the dropped question's too
    for code in issue(before, 5):
        services.answer_submit(code=code, values=full, free_text="")
    with pytest.raises(ValidationError):
        services.answer_submit(code=issue(after, 1)[0], values=full, free_text="")
    del full[dropped.key]
    services.answer_submit(code=issue(after, 1)[0], values=full, free_text="")
    results = round_results(close(before))
    assert results.visible
    assert {r.theme.key for r in results.themes} == set(
        Theme.objects.filter(template=before.template).values_list("key", flat=True)
    )
    before.refresh_from_db()
    assert before.template.version == 1
