from django.contrib import admin

from companies.admin_mixins import FactsChangedAdmin
from surveys.models import ActionItem, Finding, Hazard, RiskAssessment, SafetyRound, Survey


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0


class HazardInline(admin.TabularInline):
    model = Hazard
    extra = 0


@admin.register(Survey)
class SurveyAdmin(FactsChangedAdmin):
    list_display = ("company", "kind", "performed_on", "provider", "verified_on")
    list_filter = ("kind", "provider")
    search_fields = ("company__name",)
    inlines = [FindingInline]


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(FactsChangedAdmin):
    list_display = ("company", "title", "performed_on")
    search_fields = ("company__name", "title")
    inlines = [HazardInline]


@admin.register(SafetyRound)
class SafetyRoundAdmin(FactsChangedAdmin):
    list_display = ("company", "location", "performed_on")
    search_fields = ("company__name", "location")


@admin.register(ActionItem)
class ActionItemAdmin(FactsChangedAdmin):
    list_display = ("company", "area", "measure", "responsible", "due_date", "status")
    list_filter = ("area", "status")
    search_fields = ("company__name", "measure")
