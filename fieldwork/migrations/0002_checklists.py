"""The two checklists shipped with the system, version 1 of each."""

from django.db import migrations

from fieldwork.checklist_data import PHYSICAL, SAFETY_ROUND


def install(apps, schema_editor):
    Template = apps.get_model("fieldwork", "ChecklistTemplate")
    Section = apps.get_model("fieldwork", "ChecklistSection")
    Item = apps.get_model("fieldwork", "ChecklistItem")
    for data in (PHYSICAL, SAFETY_ROUND):
        template = Template.objects.create(
            key=data["key"],
            version=1,
            kind=data["kind"],
            title=data["title"],
            title_en=data["title_en"],
            is_current=True,
        )
        for s_order, (title, title_en, items) in enumerate(data["sections"], start=1):
            section = Section.objects.create(
                template=template, order=s_order, title=title, title_en=title_en
            )
            Item.objects.bulk_create(
                Item(
                    section=section,
                    order=i_order,
                    question=q,
                    question_en=q_en,
                    guidance=g,
                    guidance_en=g_en,
                    regulation=reg,
                )
                for i_order, (q, q_en, g, g_en, reg) in enumerate(items, start=1)
            )


def remove(apps, schema_editor):
    apps.get_model("fieldwork", "ChecklistTemplate").objects.filter(
        key__in=[PHYSICAL["key"], SAFETY_ROUND["key"]], version=1
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("fieldwork", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
