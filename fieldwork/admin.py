"""Checklists in the admin: editing a template in use makes a new version.

A template that an inspection has used is never changed in place: saving a change to it,
to one of its sections or items (or adding one) first copies the template as the next
version, and the change is made to the copy, which becomes the current version. The
inspections keep the version they were done with.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext as _

from fieldwork.checklists import counterpart, template_in_use, template_revise
from fieldwork.models import ChecklistItem, ChecklistSection, ChecklistTemplate, Inspection


def _template_of(obj) -> ChecklistTemplate:
    if isinstance(obj, ChecklistTemplate):
        return obj
    if isinstance(obj, ChecklistSection):
        return obj.template
    return obj.section.template


class VersioningAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        stored = type(obj).objects.get(pk=obj.pk) if change else None
        template = _template_of(stored if change else obj)
        if not template_in_use(template):
            super().save_model(request, obj, form, change)
            return
        copy = template_revise(template=template, actor=request.user)
        if change:
            target = copy if isinstance(obj, ChecklistTemplate) else counterpart(stored, copy)
            for name in form.changed_data:
                value = getattr(obj, name)
                if isinstance(value, ChecklistSection | ChecklistTemplate):
                    value = (
                        copy if isinstance(value, ChecklistTemplate) else counterpart(value, copy)
                    )
                setattr(target, name, value)
            target.save()
        else:
            if isinstance(obj, ChecklistSection):
                obj.template = copy
            else:
                obj.section = counterpart(obj.section, copy)
            obj.save()
        obj.pk = (target if change else obj).pk
        messages.info(
            request,
            _("Sjekklisten er i bruk, så endringen er lagret i en ny versjon (%(version)s).")
            % {"version": copy.version},
        )


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(VersioningAdmin):
    list_display = ("title", "key", "version", "kind", "is_current")
    list_filter = ("kind", "is_current")
    readonly_fields = ("key", "version", "is_current")
    fields = ("key", "version", "is_current", "kind", "title", "title_en")


@admin.register(ChecklistSection)
class ChecklistSectionAdmin(VersioningAdmin):
    list_display = ("title", "template", "order")
    list_filter = ("template",)


@admin.register(ChecklistItem)
class ChecklistItemAdmin(VersioningAdmin):
    list_display = ("question", "section", "order", "regulation")
    list_filter = ("section__template",)
    search_fields = ("question", "question_en")


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "company", "provider", "status")
    list_filter = ("kind", "status", "provider")
    readonly_fields = ("report_sha256",)
