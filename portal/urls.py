from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("min-side/", views.dashboard, name="dashboard"),
    path("min-side/<int:company_pk>/", views.dashboard_company, name="dashboard_company"),
    path("min-side/tiltak/<int:pk>/", views.action_item_update, name="action_item_update"),
]
