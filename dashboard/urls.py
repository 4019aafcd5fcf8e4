from django.urls import path, re_path

from dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("oversikt/", views.home, name="home"),
    re_path(
        r"^oversikt/eksport/register\.(?P<fmt>csv|xlsx)$",
        views.register_export,
        name="register_export",
    ),
    re_path(
        r"^oversikt/eksport/portefolje\.(?P<fmt>csv|xlsx)$",
        views.portfolio_export,
        name="portfolio_export",
    ),
]
