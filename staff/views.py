"""The staff's history page of a company: the whole audit trail, a page at a time."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from companies.selectors import get_company_for
from hms_cert.paging import page_number
from staff.history import history_page

HISTORY_PAGE_SIZE = 50  # records and events per page of the whole history


@login_required
def company_history(request, company_pk):
    """Staff only: who changed what for this company's certification, newest first."""
    company = get_company_for(request.user, company_pk)
    if not request.user.has_perm("staff.view_history", company):
        raise PermissionDenied
    number = page_number(request.GET.get("side"))
    page = history_page(request.user, company, number, per_page=HISTORY_PAGE_SIZE)
    context = {"company": company, "history": page.entries, "page": page}
    return render(request, "staff/company_history.html", context)
