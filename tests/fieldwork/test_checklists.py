"""The shipped checklists and their versions."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from fieldwork.checklists import template_revise
from fieldwork.models import ChecklistItem, ChecklistTemplate, Kind
from fieldwork.selectors import current_template
from fieldwork.services import inspection_start
from tests.admin_forms import writes

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
    new = template_revise(template=old, actor=advisor)
    assert (new.key, new.version, new.is_current) == (old.key, 2, True)
    old.refresh_from_db()
    assert not old.is_current
    assert current_template(Kind.PHYSICAL) == new
    inspection.refresh_from_db()
    assert inspection.template == old
    count = ChecklistItem.objects.filter(section__template=old).count()
    assert ChecklistItem.objects.filter(section__template=new).count() == count


def test_editing_an_item_in_use_in_the_admin_makes_a_new_version(client, company, advisor):
    admin = type(advisor).objects.create_superuser("admin", "admin@example.no", "pw-admin-1")
    inspection = inspection_start(company=company, kind=Kind.PHYSICAL, actor=advisor)
    item = ChecklistItem.objects.filter(section__template=inspection.template).first()
    client.force_login(admin)
    response = client.post(
        f"/admin/fieldwork/checklistitem/{item.pk}/change/",
        {
            "section": item.section_id,
            "order": item.order,
            "question": "Er gulvene trygge å gå på?",
            "question_en": item.question_en,
            "guidance": item.guidance,
            "guidance_en": item.guidance_en,
            "regulation": item.regulation,
            "answer_kind": item.answer_kind,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.question != "Er gulvene trygge å gå på?"  # the version in use is unchanged
    new = current_template(Kind.PHYSICAL)
    assert new.version == 2
    assert ChecklistItem.objects.filter(
        section__template=new, question="Er gulvene trygge å gå på?"
    ).exists()
    inspection.refresh_from_db()
    assert inspection.template.version == 1


def test_a_template_not_in_use_is_edited_in_place(client, advisor):
    admin = type(advisor).objects.create_superuser("admin", "admin@example.no", "pw-admin-1")
    template = current_template(Kind.SAFETY_ROUND)
    client.force_login(admin)
    response = client.post(
        f"/admin/fieldwork/checklisttemplate/{template.pk}/change/",
        {"kind": template.kind, "title": "Vernerunde på byggeplass", "title_en": "Site round"},
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.title == "Vernerunde på byggeplass"
    assert ChecklistTemplate.objects.filter(key=template.key).count() == 1


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
