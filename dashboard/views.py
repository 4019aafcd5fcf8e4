"""The issuers' dashboard and the exports of the register and the portfolio."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dashboard import exports
from dashboard.chart import bar_chart
from dashboard.selectors import EXPIRING_WITHIN_DAYS, dashboard
from hms_cert.spreadsheets import table_response
from staff.forms import PortfolioFilterForm


def _require(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


@login_required
@require_GET
def home(request):
    _require(request.user, "dashboard.view_dashboard")
    data = dashboard(request.user, on=timezone.localdate())
    context = {
        "data": data,
        "chart": bar_chart(data.per_year),
        "classes": ("B", "A", "A+"),
        "expiring_days": EXPIRING_WITHIN_DAYS,
    }
    return render(request, "dashboard/home.html", context)


@login_required
@require_GET
def register_export(request, fmt):
    """The public register (valid certificates today) for our own staff."""
    _require(request.user, "dashboard.export_register")
    today = timezone.localdate()
    table = exports.register_table(on=today)
    return table_response(table, fmt=fmt, filename=f"register-{today:%Y-%m-%d}")


@login_required
@require_GET
def portfolio_export(request, fmt):
    """The user's portfolio as on the portfolio page, with the page's filter (GET)."""
    _require(request.user, "companies.view_portfolio")
    today = timezone.localdate()
    form = PortfolioFilterForm(request.GET or None, show_advisor=request.user.is_issuer)
    table = exports.portfolio_table(request.user, on=today, criteria=form.criteria())
    return table_response(table, fmt=fmt, filename=f"portefolje-{today:%Y-%m-%d}")
