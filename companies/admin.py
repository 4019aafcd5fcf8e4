from django import forms
from django.contrib import admin

from companies.admin_mixins import FactsChangedAdmin
from companies.models import Company, Membership
from companies.services import organisation_number_change_check


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class CompanyAdminForm(forms.ModelForm):
    """The admin's form refuses what the service refuses: a certified orgnr stays."""

    class Meta:
        model = Company
        fields = "__all__"  # noqa: DJ007 - the admin edits every field

    def clean_organisation_number(self):
        number = self.cleaned_data["organisation_number"]
        if self.instance.pk is not None:
            stored = Company.objects.get(pk=self.instance.pk)
            try:
                organisation_number_change_check(company=stored, organisation_number=number)
            except forms.ValidationError as error:
                raise forms.ValidationError(error.message_dict["organisation_number"]) from None
        return number


@admin.register(Company)
class CompanyAdmin(FactsChangedAdmin):
    form = CompanyAdminForm
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
