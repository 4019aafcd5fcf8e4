from django.urls import path

from staff import case_views

app_name = "cases"
urlpatterns = [
    path("saker/<int:pk>/", case_views.case_detail, name="detail"),
    path(
        "saker/<int:pk>/send-til-utstedelse/",
        case_views.case_send_to_issuing,
        name="send_to_issuing",
    ),
    path("saker/<int:pk>/ta-tilbake/", case_views.case_reopen, name="reopen"),
    path(
        "saker/<int:pk>/bekreftelser/<str:kind>/",
        case_views.confirmation_record,
        name="confirmation_record",
    ),
    path(
        "saker/<int:pk>/bekreftelser/<str:kind>/trekk-tilbake/",
        case_views.confirmation_withdraw,
        name="confirmation_withdraw",
    ),
]
