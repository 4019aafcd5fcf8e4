from django.urls import path

from questionnaires import views

app_name = "questionnaires"
urlpatterns = [
    path(
        "virksomheter/<int:company_pk>/sporreundersokelser/ny/",
        views.round_start,
        name="start",
    ),
    path("sporreundersokelser/<int:pk>/", views.round_detail, name="detail"),
    path("sporreundersokelser/<int:pk>/lenker/", views.links_send, name="links"),
    path("sporreundersokelser/<int:pk>/svarkoder/", views.slips_print, name="slips"),
    path("sporreundersokelser/<int:pk>/svarprosent/", views.round_rate, name="rate"),
    path("sporreundersokelser/<int:pk>/steng/", views.round_close, name="close"),
    path("sporreundersokelser/<int:pk>/resultater.csv", views.round_export, name="export"),
    path(
        "sporreundersokelser/<int:pk>/forslag/<slug:theme_key>/",
        views.proposal,
        name="proposal",
    ),
    path(
        "sporreundersokelser/<int:pk>/samtaler/ny/",
        views.conversation_create,
        name="conversation_create",
    ),
    path("sporreundersokelser/<int:pk>/rapport/lag/", views.report_create, name="report_create"),
    path(
        "sporreundersokelser/<int:pk>/rapport/gjennomgatt/",
        views.report_review,
        name="report_review",
    ),
    path("sporreundersokelser/<int:pk>/rapport/", views.report_download, name="report"),
    path("svar/", views.respond, name="respond"),
]
