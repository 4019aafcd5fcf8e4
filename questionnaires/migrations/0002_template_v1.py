"""Ship version 1 of the psychosocial questionnaire (questionnaires/template_data.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from questionnaires.loading import load_template

    load_template(
        apps.get_model("questionnaires", "QuestionnaireTemplate"),
        apps.get_model("questionnaires", "Theme"),
        apps.get_model("questionnaires", "Question"),
    )


def unload(apps, schema_editor):
    apps.get_model("questionnaires", "QuestionnaireTemplate").objects.filter(
        key="psykososial", version=1
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
