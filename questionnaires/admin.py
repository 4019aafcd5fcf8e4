"""Staff adjust the questionnaire as data: a changed wording belongs in a new version.

Saving a change to a template a round has used (to the template, a theme or a question,
here or in an inline) first copies it as the next version, and the change is made to the
copy, which becomes the current version (``hms_cert.admin_mixins.VersionedTemplateAdmin``);
the rounds keep the version they were answered with. A template no round has used is
edited in place.

Deliberately not registered: Answer, AnswerCode and Round. Nobody, the admin included,
may look at individual answers, and codes and rounds change only through the services.
"""

from django.contrib import admin

from hms_cert.admin_mixins import VersionedTemplateAdmin
from questionnaires.models import Question, QuestionnaireTemplate, Theme


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0
    fields = ["position", "key", "title_nb", "title_en"]


@admin.register(QuestionnaireTemplate)
class QuestionnaireTemplateAdmin(VersionedTemplateAdmin):
    list_display = ["title_nb", "key", "version", "is_current"]
    inlines = [ThemeInline]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "key", "text_nb", "text_en", "reverse"]


@admin.register(Theme)
class ThemeAdmin(VersionedTemplateAdmin):
    template_path = "template"
    list_display = ["title_nb", "template", "position"]
    list_select_related = ["template"]
    inlines = [QuestionInline]
