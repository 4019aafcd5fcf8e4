from django.shortcuts import render


def home(request):
    """The start page: what the service is, and where each kind of user goes next."""
    return render(request, "core/home.html")
