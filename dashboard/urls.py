from django.urls import path

from dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("oversikt/", views.home, name="home"),
]
