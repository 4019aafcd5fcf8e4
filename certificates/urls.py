from django.urls import path

from certificates import views

app_name = "certificates"
urlpatterns = [
    path("utstedelse/", views.issuing_queue, name="issuing_queue"),
    path("saker/<int:pk>/utsted/", views.issue, name="issue"),
    path("sertifikater/", views.certificate_list, name="list"),
    path("sertifikater/<int:pk>/", views.certificate_detail, name="detail"),
    path("sertifikater/<int:pk>/pdf/", views.certificate_pdf, name="pdf"),
    path("sertifikater/<int:pk>/tilbakekall/", views.certificate_revoke, name="revoke"),
    path("sertifikater/<int:pk>/erstatt/", views.certificate_reissue, name="reissue"),
    path("fakturering/", views.invoicing, name="invoicing"),
    path("verifiser/<str:code>/", views.verify, name="verify"),
    path("verifiser/<str:code>/merke.svg", views.badge, name="badge"),
    path("api/verifiser/<str:code>/", views.verify_json, name="verify_json"),
    path("register/", views.register, name="register"),
]
