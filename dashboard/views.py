"""The issuers' dashboard."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dashboard.chart import bar_chart
from dashboard.selectors import EXPIRING_WITHIN_DAYS, dashboard


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

