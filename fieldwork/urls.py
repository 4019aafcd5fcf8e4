from django.urls import path

from fieldwork import views

app_name = "fieldwork"
urlpatterns = [
    path("virksomheter/<int:company_pk>/befaring/ny/", views.start, name="start"),
    path("befaring/<int:pk>/", views.walk, name="walk"),
    path("befaring/<int:pk>/punkt/<int:item_pk>/", views.answer, name="answer"),
    path("befaring/<int:pk>/tiltak/", views.plan, name="plan"),
    path("befaring/<int:pk>/tiltak/<int:answer_pk>/", views.plan_confirm, name="plan_confirm"),
    path("befaring/<int:pk>/fullfor/", views.finish, name="finish"),
    path("befaring/<int:pk>/apne-igjen/", views.reopen, name="reopen"),
    path("befaring/<int:pk>/rapport.pdf", views.report, name="report"),
    path("befaring/bilde/<int:pk>/", views.photo, name="photo"),
    path("befaring/bilde/<int:pk>/fjern/", views.photo_remove, name="photo_remove"),
]
