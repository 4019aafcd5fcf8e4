"""The client portal (/min-side/): a client's companies and their action items."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal import selectors, services
from portal.forms import ActionItemClientForm


@login_required
def dashboard(request):
    """A client's start page: their company, or a choice when they belong to several."""
    if not request.user.is_client:
        return redirect("home")
    companies = list(selectors.client_companies(request.user))
    if len(companies) == 1:
        return _dashboard(request, companies[0], companies)
    return render(request, "portal/choose_company.html", {"companies": companies})


@login_required
def dashboard_company(request, company_pk):
    company = selectors.get_client_company_for(request.user, company_pk)
    if not request.user.has_perm("portal.view_dashboard", company):
        raise PermissionDenied
    return _dashboard(request, company, list(selectors.client_companies(request.user)))


def _dashboard(request, company, companies):
    data = selectors.dashboard_for(request.user, company, timezone.localdate())
    context = {
        "data": data,
        "companies": companies,
        "questionnaire_rounds": list(company.questionnaire_rounds.all()),
    }
    return render(request, "portal/dashboard.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def action_item_update(request, pk):
    item = selectors.get_client_action_item_for(request.user, pk)
    if not request.user.has_perm("portal.update_action_item", item):
        raise PermissionDenied
    form = ActionItemClientForm(
        request.POST or None,
        request.FILES or None,
        initial={"status": item.status, "reason": item.status_reason},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_item_client_update(item=item, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Tiltaket er oppdatert."))
            return redirect("portal:dashboard_company", company_pk=item.company_id)
    return render(request, "portal/action_item_update.html", {"item": item, "form": form})
