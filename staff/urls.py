from django.urls import path

from staff import views

app_name = "staff"
urlpatterns = [
    path("virksomheter/<int:company_pk>/historikk/", views.company_history, name="history"),
]
