from django.urls import path

from surveys import views

app_name = "surveys"
urlpatterns = [
    path(
        "virksomheter/<int:company_pk>/kartlegginger/ny/",
        views.survey_create,
        name="survey_create",
    ),
    path("kartlegginger/<int:pk>/endre/", views.survey_update, name="survey_update"),
    path("kartlegginger/<int:pk>/verifiser/", views.survey_verify, name="survey_verify"),
    path("kartlegginger/<int:pk>/slett/", views.survey_delete, name="survey_delete"),
    path("kartlegginger/<int:survey_pk>/funn/nytt/", views.finding_create, name="finding_create"),
    path("funn/<int:pk>/endre/", views.finding_update, name="finding_update"),
    path("funn/<int:pk>/slett/", views.finding_delete, name="finding_delete"),
    path(
        "virksomheter/<int:company_pk>/risikovurderinger/ny/",
        views.risk_assessment_create,
        name="risk_assessment_create",
    ),
    path(
        "risikovurderinger/<int:pk>/endre/",
        views.risk_assessment_update,
        name="risk_assessment_update",
    ),
    path(
        "risikovurderinger/<int:pk>/slett/",
        views.risk_assessment_delete,
        name="risk_assessment_delete",
    ),
    path(
        "risikovurderinger/<int:risk_assessment_pk>/farer/ny/",
        views.hazard_create,
        name="hazard_create",
    ),
    path("farer/<int:pk>/endre/", views.hazard_update, name="hazard_update"),
    path("farer/<int:pk>/slett/", views.hazard_delete, name="hazard_delete"),
    path(
        "virksomheter/<int:company_pk>/vernerunder/ny/",
        views.safety_round_create,
        name="safety_round_create",
    ),
    path("vernerunder/<int:pk>/endre/", views.safety_round_update, name="safety_round_update"),
    path("vernerunder/<int:pk>/slett/", views.safety_round_delete, name="safety_round_delete"),
    path(
        "virksomheter/<int:company_pk>/tiltak/nytt/",
        views.action_item_create,
        name="action_item_create",
    ),
    path("tiltak/<int:pk>/endre/", views.action_item_update, name="action_item_update"),
    path("tiltak/<int:pk>/status/", views.action_item_status, name="action_item_status"),
    path("tiltak/<int:pk>/slett/", views.action_item_delete, name="action_item_delete"),
]
