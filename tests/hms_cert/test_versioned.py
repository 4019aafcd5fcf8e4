"""template_revise (hms_cert.versioned), shown on the checklists and the questionnaire."""

import pytest

from fieldwork.models import ChecklistSection, ChecklistTemplate, Kind
from fieldwork.selectors import current_template
from hms_cert.versioned import template_revise
from questionnaires.models import Question, QuestionnaireTemplate
from tests.factories import AdvisorFactory

pytestmark = pytest.mark.django_db


def test_a_revision_copies_every_part_and_records_who_made_it():
    actor = AdvisorFactory()
    old = QuestionnaireTemplate.objects.get(is_current=True)
    revision = template_revise(template=old, actor=actor)
    new = revision.template
    assert (new.key, new.version, new.is_current, new.title_nb) == (old.key, 2, True, old.title_nb)
    old.refresh_from_db()
    assert not old.is_current
    old_questions = Question.objects.filter(theme__template=old).order_by("pk")
    for question in old_questions:
        copy = revision.copy_of(question)
        assert copy.pk != question.pk
        assert (copy.key, copy.text_nb, copy.reverse) == (
            question.key,
            question.text_nb,
            question.reverse,
        )
        assert copy.theme == revision.copy_of(question.theme)
        assert copy.theme.template == new
    assert Question.objects.filter(theme__template=new).count() == old_questions.count()
    assert new.history.get().history_user == actor
    assert old.history.latest().history_user == actor  # no longer current, by whom


def test_revising_an_older_version_takes_the_next_number():
    actor = AdvisorFactory()
    first = current_template(Kind.PHYSICAL)
    template_revise(template=first, actor=actor)
    third = template_revise(template=first, actor=actor).template
    assert third.version == 3
    assert list(
        ChecklistTemplate.objects.filter(key=first.key).values_list("version", "is_current")
    ) == [(3, True), (2, False), (1, False)]


def test_a_revision_that_fails_part_way_leaves_nothing(monkeypatch):
    first = current_template(Kind.SAFETY_ROUND)

    def copy_one_section_then_fail(self, revision):
        revision.copy(self.sections.first(), template=revision.template)
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(ChecklistTemplate, "copy_parts", copy_one_section_then_fail)
    with pytest.raises(RuntimeError):
        template_revise(template=first, actor=AdvisorFactory())
    assert list(ChecklistTemplate.objects.filter(key=first.key)) == [first]
    assert current_template(Kind.SAFETY_ROUND) == first
    assert ChecklistSection.objects.filter(template__key=first.key).count() == 3
