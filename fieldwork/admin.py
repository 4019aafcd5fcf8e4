"""Checklists in the admin: editing a template in use makes a new version.

A template that an inspection has used is never changed in place: saving a change to it,
to one of its sections or items (or adding or deleting one) first copies the template as
the next version, and the change is made to the copy, which becomes the current version
(``hms_cert.admin_mixins.VersionedTemplateAdmin``). The inspections keep the version they
were done with.
"""

from django.contrib import admin

from fieldwork.models import ChecklistItem, ChecklistSection, ChecklistTemplate, Inspection
from hms_cert.admin_mixins import VersionedTemplateAdmin


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(VersionedTemplateAdmin):
    list_display = ("title", "key", "version", "kind", "is_current")
    list_filter = ("kind", "is_current")
    fields = ("key", "version", "is_current", "kind", "title", "title_en")


@admin.register(ChecklistSection)
class ChecklistSectionAdmin(VersionedTemplateAdmin):
    template_path = "template"
    list_display = ("title", "template", "order")
    list_filter = ("template",)


@admin.register(ChecklistItem)
class ChecklistItemAdmin(VersionedTemplateAdmin):
    template_path = "section__template"
    list_display = ("question", "section", "order", "regulation")
    list_filter = ("section__template",)
    search_fields = ("question", "question_en")


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "company", "provider", "status")
    list_filter = ("kind", "status", "provider")
    readonly_fields = ("report_sha256",)
