"""Admin pages whose edits change a case's facts.

Here, beside the hook they call (``companies.freshness``), so that surveys, companies and
certificates can all use them without importing upwards (docs/layers.md).
"""

from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from companies.freshness import KEPT_PAGE_RECORDS, case_facts_changed


class FactsChangedAdmin(SimpleHistoryAdmin):
    """Admin edits of a record the rules engine decides on mark the company's stored
    decision stale, as the services do (``certificates.decisions.case_facts_changed``).

    Saves, deletes, inline formsets, the delete action and the history's revert all pass
    through these methods, inside the admin's transaction (the delete action gets one
    here). A record moved to another company marks both. ``company_lookup``, the query
    lookup that gives a record's company's pk, is the path ``KEPT_PAGE_RECORDS`` names.
    """

    @property
    def company_lookup(self) -> str:
        path, _kind = KEPT_PAGE_RECORDS[self.model._meta.label]
        return path.replace(".", "__")

    def _company_of(self, obj) -> int | None:
        value = obj
        for part in self.company_lookup.split("__"):
            value = getattr(value, part, None)
        return value

    def _facts_changed(self, *companies) -> None:
        for company in {pk for pk in companies if pk is not None}:
            case_facts_changed(company=company)

    def save_model(self, request, obj, form, change):
        before = None
        if change and obj.pk is not None:
            stored = type(obj)._default_manager.filter(pk=obj.pk)
            before = stored.values_list(self.company_lookup, flat=True).first()
        super().save_model(request, obj, form, change)
        self._facts_changed(before, self._company_of(obj))

    def delete_model(self, request, obj):
        company = self._company_of(obj)
        super().delete_model(request, obj)
        self._facts_changed(company)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            companies = set(queryset.values_list(self.company_lookup, flat=True))
            super().delete_queryset(request, queryset)
            self._facts_changed(*companies)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        self._facts_changed(self._company_of(form.instance))
