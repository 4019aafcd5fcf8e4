from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path(
        "virksomheter/<int:company_pk>/dokumenter/",
        views.company_documents,
        name="company_documents",
    ),
    path("virksomheter/<int:company_pk>/dokumenter/last-opp/", views.upload, name="upload"),
    path("dokumenter/<int:pk>/fil/", views.download, name="download"),
    path("dokumenter/<int:pk>/trekk-tilbake/", views.withdraw, name="withdraw"),
    path("dokumenter/til-gjennomgang/", views.review_queue, name="review_queue"),
    path("dokumenter/<int:pk>/gjennomgang/", views.review, name="review"),
    path(
        "dokumenter/<int:pk>/bekreft-lovkrav/",
        views.record_legal_confirmation,
        name="record_legal_confirmation",
    ),
]
