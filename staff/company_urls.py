from django.urls import path

from staff import company_views as views

app_name = "companies"
urlpatterns = [
    path("portefolje/", views.portfolio, name="portfolio"),
    path("virksomheter/ny/", views.company_create, name="create"),
    path("virksomheter/<int:pk>/", views.company_detail, name="detail"),
    path("virksomheter/<int:pk>/sak/", views.case_open, name="open_case"),
    path("virksomheter/<int:pk>/endre/", views.company_update, name="update"),
]
