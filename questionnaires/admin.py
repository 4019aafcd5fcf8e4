"""Staff adjust the questionnaire as data: a changed wording belongs in a new version.

Deliberately not registered: Answer, AnswerCode and Round. Nobody, the admin included,
may look at individual answers, and codes and rounds change only through the services.
"""

from django.contrib import admin

from questionnaires.models import Question, QuestionnaireTemplate, Theme


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0
    fields = ["position", "key", "title_nb", "title_en"]


@admin.register(QuestionnaireTemplate)
class QuestionnaireTemplateAdmin(admin.ModelAdmin):
    list_display = ["title_nb", "key", "version", "is_current"]
    inlines = [ThemeInline]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "key", "text_nb", "text_en", "reverse"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["title_nb", "template", "position"]
    list_select_related = ["template"]
    inlines = [QuestionInline]
