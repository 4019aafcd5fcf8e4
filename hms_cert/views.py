from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control


def home(request):
    """The start page: what the service is, and where each kind of user goes next.

    Client users have their own start page, the portal; it is where login sends them.
    """
    if request.user.is_authenticated and request.user.is_client:
        return redirect("portal:dashboard")
    return render(request, "core/home.html")


@login_required
def start(request):
    """Where login leads when no ``next`` was asked for: each role's own work.

    Clients to Min side, issuers to their dashboard, advisors to their portfolio.
    """
    user = request.user
    if user.is_client:
        return redirect("portal:dashboard")
    if user.is_issuer:
        return redirect("dashboard:home")
    if user.is_staff_member:
        return redirect("companies:portfolio")
    return redirect("home")


@cache_control(max_age=86400, public=True)
def favicon(request):
    """``/favicon.ico``, which browsers ask for on pages without a ``<link rel=icon>``."""
    return redirect(static("img/favicon.svg"), permanent=True)
