"""The shipped checklists and their versions, revised in the admin."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from fieldwork.models import Answer, ChecklistItem, ChecklistSection, ChecklistTemplate, Kind
from fieldwork.selectors import current_template
from fieldwork.services import answer_save, inspection_start
from hms_cert.versioned import template_revise
from tests.admin_forms import post_change_form, staff_logged_in, writes

pytestmark = pytest.mark.django_db


def test_two_checklists_are_shipped_in_bokmal_and_english():
    physical = current_template(Kind.PHYSICAL)
    safety_round = current_template(Kind.SAFETY_ROUND)
    assert physical.title == "Fysisk kartlegging"
    assert safety_round.title == "Vernerunde"
    items = ChecklistItem.objects.filter(section__template=physical)
    assert 38 <= items.count() <= 45
    assert physical.sections.count() == 12
    assert ChecklistItem.objects.filter(section__template=safety_round).count() < items.count()
    assert not items.filter(question_en="").exists()
    assert not items.filter(regulation="").exists()
    item = items.first()
    with translation.override("en"):
        assert item.display_question == item.question_en
    with translation.override("nb"):
        assert item.display_question == item.question


def test_a_revision_is_the_next_current_version_and_the_old_stays(company, advisor):
    old = current_template(Kind.PHYSICAL)
    inspection = inspection_start(company=company, kind=Kind.PHYSICAL, actor=advisor)
    new = template_revise(template=old, actor=advisor).template
    assert (new.key, new.version, new.is_current) == (old.key, 2, True)
    old.refresh_from_db()
    assert not old.is_current
    assert current_template(Kind.PHYSICAL) == new
    inspection.refresh_from_db()
    assert inspection.template == old
    count = ChecklistItem.objects.filter(section__template=old).count()
    assert ChecklistItem.objects.filter(section__template=new).count() == count


def test_reading_the_current_checklist_writes_nothing():
    with CaptureQueriesContext(connection) as queries:
        template = current_template(Kind.PHYSICAL)
    assert (template.key, template.version) == ("fysisk-kartlegging", 1)
    assert writes(queries) == []


def test_a_missing_checklist_is_not_installed_on_read_and_no_inspection_starts(company, advisor):
    ChecklistTemplate.objects.filter(kind=Kind.SAFETY_ROUND).delete()
    with CaptureQueriesContext(connection) as queries:
        assert current_template(Kind.SAFETY_ROUND) is None
    assert writes(queries) == []
    with pytest.raises(ValidationError, match="ingen sjekkliste"):
        inspection_start(
            company=company, kind=Kind.SAFETY_ROUND, actor=advisor, site_address="Kaia 3"
        )
    assert not ChecklistTemplate.objects.filter(kind=Kind.SAFETY_ROUND).exists()


@pytest.fixture
def staff(client):
    """A staff user with the checklists' model permissions, logged in to the admin."""
    return staff_logged_in(
        client, "fieldwork", "checklisttemplate", "checklistsection", "checklistitem"
    )


SAFE_FLOORS = "Er gulvene trygge å gå på?"


def test_editing_an_item_in_use_in_the_admin_makes_a_new_version(client, staff, company, advisor):
    inspection = inspection_start(company=company, kind=Kind.PHYSICAL, actor=advisor)
    item = ChecklistItem.objects.filter(section__template=inspection.template).first()
    response = post_change_form(
        client,
        f"/admin/fieldwork/checklistitem/{item.pk}/change/",
        question=SAFE_FLOORS,
        _continue="Lagre og fortsett",
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.question != SAFE_FLOORS  # the version in use is unchanged
    new = current_template(Kind.PHYSICAL)
    assert new.version == 2
    changed = ChecklistItem.objects.get(section__template=new, question=SAFE_FLOORS)
    assert changed.section.title == item.section.title
    assert f"/checklistitem/{changed.pk}/" in response["Location"]  # what is edited next
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert (
        "Fysisk kartlegging v1 er i bruk, så endringen er lagret i en ny versjon (versjon 2)."
        in said
    )
    old_items = ChecklistItem.objects.filter(section__template=inspection.template)
    assert old_items.count() == ChecklistItem.objects.filter(section__template=new).count()
    assert not old_items.filter(question=SAFE_FLOORS).exists()
    inspection.refresh_from_db()
    assert inspection.template.version == 1


def test_editing_a_checklist_in_use_saves_a_new_version_by_the_staff_user(
    client, staff, company, advisor
):
    inspection = inspection_start(company=company, kind=Kind.PHYSICAL, actor=advisor)
    old = inspection.template
    response = post_change_form(
        client,
        f"/admin/fieldwork/checklisttemplate/{old.pk}/change/",
        title="Fysisk kartlegging 2027",
        version="7",  # read-only: the revision numbers the versions
        is_current="",
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert (old.title, old.is_current) == ("Fysisk kartlegging", False)
    new = current_template(Kind.PHYSICAL)
    assert (new.key, new.version, new.title) == (old.key, 2, "Fysisk kartlegging 2027")
    assert new.sections.count() == old.sections.count()
    assert new.history.earliest().history_user == staff


def test_adding_and_deleting_in_a_checklist_in_use_makes_one_new_version(
    client, staff, company, advisor
):
    inspection = inspection_start(company=company, kind=Kind.PHYSICAL, actor=advisor)
    old = inspection.template
    section = old.sections.first()
    gone = section.items.last()
    response = client.post(f"/admin/fieldwork/checklistitem/{gone.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    new = current_template(Kind.PHYSICAL)
    assert new.version == 2
    assert ChecklistItem.objects.filter(pk=gone.pk).exists()  # still in the version in use
    assert not ChecklistItem.objects.filter(section__template=new, question=gone.question).exists()
    new_section = new.sections.get(order=section.order)
    response = client.post(
        "/admin/fieldwork/checklistitem/add/",
        {
            "section": new_section.pk,
            "order": 9,
            "question": SAFE_FLOORS,
            "answer_kind": ChecklistItem.AnswerKind.OK_DEVIATION,
        },
    )
    assert response.status_code == 302
    assert current_template(Kind.PHYSICAL) == new  # the new version is not in use: no third
    assert new_section.items.filter(question=SAFE_FLOORS).exists()
    assert not ChecklistItem.objects.filter(section__template=old, question=SAFE_FLOORS).exists()


def test_a_template_not_in_use_is_edited_in_place(client, staff):
    template = current_template(Kind.SAFETY_ROUND)
    response = post_change_form(
        client,
        f"/admin/fieldwork/checklisttemplate/{template.pk}/change/",
        title="Vernerunde på byggeplass",
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.title == "Vernerunde på byggeplass"
    assert ChecklistTemplate.objects.filter(key=template.key).count() == 1
    section = template.sections.first()
    response = post_change_form(
        client, f"/admin/fieldwork/checklistsection/{section.pk}/change/", title="Stedet"
    )
    assert response.status_code == 302
    assert ChecklistSection.objects.get(pk=section.pk).title == "Stedet"
    assert ChecklistTemplate.objects.filter(key=template.key).count() == 1


def test_an_inspection_after_a_revision_walks_the_new_version_the_older_its_own(
    client, staff, company, advisor
):
    before = inspection_start(company=company, kind=Kind.PHYSICAL, actor=advisor)
    item = ChecklistItem.objects.filter(section__template=before.template).first()
    post_change_form(
        client, f"/admin/fieldwork/checklistitem/{item.pk}/change/", question=SAFE_FLOORS
    )
    after = inspection_start(company=company, kind=Kind.PHYSICAL, actor=advisor)
    assert (before.template.version, after.template.version) == (1, 2)
    new_item = ChecklistItem.objects.get(section__template=after.template, question=SAFE_FLOORS)
    answer_save(inspection=after, item=new_item, actor=advisor, value=Answer.Value.OK)
    answer_save(inspection=before, item=item, actor=advisor, value=Answer.Value.OK)
    with pytest.raises(ValidationError):
        answer_save(inspection=before, item=new_item, actor=advisor, value=Answer.Value.OK)
    before.refresh_from_db()
    assert before.template.version == 1
