"""Loading the shipped questionnaire (template_data) into the database.

Takes the model classes as arguments, so the data migration (with its historical models)
and the tests (which put it back after a flush, tests/conftest.py) share one loader. The
running application never calls it: reading the current template never writes.
"""

from questionnaires import template_data as data


def load_template(template_model, theme_model, question_model):
    """The shipped version, created with its themes and questions if it is missing."""
    template, created = template_model.objects.get_or_create(
        key=data.KEY,
        version=data.VERSION,
        defaults={
            "title_nb": data.TITLE[0],
            "title_en": data.TITLE[1],
            "free_text_nb": data.FREE_TEXT[0],
            "free_text_en": data.FREE_TEXT[1],
            "is_current": True,
        },
    )
    if not created:
        return template
    for position, (key, title, guide, questions) in enumerate(data.THEMES, start=1):
        theme = theme_model.objects.create(
            template=template,
            key=key,
            position=position,
            title_nb=title[0],
            title_en=title[1],
            guide_nb=guide[0],
            guide_en=guide[1],
        )
        question_model.objects.bulk_create(
            question_model(
                theme=theme, key=q_key, position=q_position, text_nb=nb, text_en=en, reverse=rev
            )
            for q_position, (q_key, nb, en, rev) in enumerate(questions, start=1)
        )
    return template
