"""Revising checklist templates (the shipped ones are made by a data migration).

A template that an inspection has used is never changed: ``template_revise`` copies it as
the next version, which becomes the current one, and the change is made to the copy.
"""

from django.db import transaction

from fieldwork.models import ChecklistItem, ChecklistSection, ChecklistTemplate, Inspection
from hms_cert.history import save_with_history


def template_in_use(template: ChecklistTemplate) -> bool:
    return Inspection.objects.filter(template=template).exists()


def template_revise(*, template: ChecklistTemplate, actor) -> ChecklistTemplate:
    """A copy of ``template`` (sections, items) as the next, current version."""
    with transaction.atomic():
        stored = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
        latest = ChecklistTemplate.objects.filter(key=stored.key).order_by("-version").first()
        ChecklistTemplate.objects.filter(key=stored.key, is_current=True).update(is_current=False)
        copy = ChecklistTemplate(
            key=stored.key,
            version=latest.version + 1,
            kind=stored.kind,
            title=stored.title,
            title_en=stored.title_en,
            is_current=True,
        )
        save_with_history(copy, actor=actor)
        for section in stored.sections.prefetch_related("items"):
            items = list(section.items.all())
            section.pk = None
            section.template = copy
            section.save()
            for item in items:
                item.pk = None
                item.section = section
            ChecklistItem.objects.bulk_create(items)
    return copy


def counterpart(obj, copy: ChecklistTemplate):
    """The section or item of ``copy`` standing where the stored ``obj`` stands in its own."""
    if isinstance(obj, ChecklistSection):
        return copy.sections.get(order=obj.order, title=obj.title)
    return ChecklistItem.objects.get(
        section__template=copy,
        section__order=obj.section.order,
        section__title=obj.section.title,
        order=obj.order,
        question=obj.question,
    )
