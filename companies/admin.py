from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from companies.models import Company, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Company)
class CompanyAdmin(SimpleHistoryAdmin):
    list_display = (
        "name",
        "organisation_number",
        "advisor",
        "follow_up_agreement",
        "off_site_work",
    )
    list_filter = ("follow_up_agreement", "off_site_work", "advisor")
    search_fields = ("name", "organisation_number")
    inlines = [MembershipInline]
