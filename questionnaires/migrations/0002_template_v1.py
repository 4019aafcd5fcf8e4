"""Ship version 1 of the psychosocial questionnaire (questionnaires/template_data.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from questionnaires import template_data as data

    Template = apps.get_model("questionnaires", "QuestionnaireTemplate")
    Theme = apps.get_model("questionnaires", "Theme")
    Question = apps.get_model("questionnaires", "Question")
    template = Template.objects.create(
        key=data.KEY,
        version=data.VERSION,
        title_nb=data.TITLE[0],
        title_en=data.TITLE[1],
        free_text_nb=data.FREE_TEXT[0],
        free_text_en=data.FREE_TEXT[1],
        is_current=True,
    )
    for position, (key, title, guide, questions) in enumerate(data.THEMES, start=1):
        theme = Theme.objects.create(
            template=template,
            key=key,
            position=position,
            title_nb=title[0],
            title_en=title[1],
            guide_nb=guide[0],
            guide_en=guide[1],
        )
        for q_position, (q_key, nb, en, reverse) in enumerate(questions, start=1):
            Question.objects.create(
                theme=theme, key=q_key, position=q_position, text_nb=nb, text_en=en, reverse=reverse
            )


def unload(apps, schema_editor):
    apps.get_model("questionnaires", "QuestionnaireTemplate").objects.filter(
        key="psykososial", version=1
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
