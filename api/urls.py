from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("v1/verify/<path:code>/", views.VerificationView.as_view(), name="verify"),
    path("v1/lookup/", views.LookupView.as_view(), name="lookup"),
    path("v1/companies/", views.CompanyList.as_view(), name="companies"),
    path("v1/companies/<str:pk>/", views.CompanyDetail.as_view(), name="company"),
    path("v1/cases/", views.CaseList.as_view(), name="cases"),
    path("v1/cases/<str:pk>/", views.CaseDetail.as_view(), name="case"),
    path("v1/certificates/", views.CertificateList.as_view(), name="certificates"),
    path("v1/certificates/<str:pk>/", views.CertificateDetail.as_view(), name="certificate"),
    path("v1/invoicing/", views.InvoicingView.as_view(), name="invoicing"),
    path("v1/action-items/<str:pk>/", views.ActionItemDetail.as_view(), name="action-item"),
    path(
        "v1/action-items/<str:pk>/status/",
        views.ActionItemStatusView.as_view(),
        name="action-item-status",
    ),
    # Anything else under /api/: a JSON 404, never the site's HTML page.
    re_path(r"", views.not_found),
]
