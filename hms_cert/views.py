from django.shortcuts import redirect, render


def home(request):
    """The start page: what the service is, and where each kind of user goes next.

    Client users have their own start page, the portal; it is where login sends them.
    """
    if request.user.is_authenticated and request.user.is_client:
        return redirect("portal:dashboard")
    return render(request, "core/home.html")
