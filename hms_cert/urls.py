from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from hms_cert import views
from hms_cert.health import health

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("favicon.ico", views.favicon),
    path("helse/", health, name="health"),
    # First of the apps: it holds the busiest pages (verification, register), and no
    # address matches two patterns, so the order changes nothing else (tests/hms_cert/test_urls.py).
    path("", include("certificates.urls")),
    path("logg-inn/", auth_views.LoginView.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("accounts.language_urls")),
    path("", include("staff.company_urls")),
    path("", include("surveys.urls")),
    path("", include("staff.case_urls")),
    path("", include("dashboard.urls")),
    path("", include("accounts.urls")),
    path("", include("documents.urls")),
    path("", include("portal.urls")),
    path("", include("staff.urls")),
    path("", include("fieldwork.urls")),
    path("", include("questionnaires.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]

# The database being unreachable outside a view (e.g. saving the session) is a 503 too.
handler500 = "hms_cert.errors.server_error"
