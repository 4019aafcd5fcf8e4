"""The two checklists shipped with the system, version 1 of each."""

from django.db import migrations

from fieldwork.checklist_data import PHYSICAL, SAFETY_ROUND, install


def install_all(apps, schema_editor):
    models = [apps.get_model("fieldwork", name) for name in ("ChecklistTemplate", "ChecklistSection", "ChecklistItem")]
    for data in (PHYSICAL, SAFETY_ROUND):
        install(data, *models)


def remove(apps, schema_editor):
    apps.get_model("fieldwork", "ChecklistTemplate").objects.filter(
        key__in=[PHYSICAL["key"], SAFETY_ROUND["key"]], version=1
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("fieldwork", "0001_initial")]

    operations = [migrations.RunPython(install_all, remove)]
