from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("virksomheter/<int:company_pk>/brukere/", views.company_users, name="company_users"),
    path("invitasjoner/<int:pk>/trekk-tilbake/", views.invitation_revoke, name="invitation_revoke"),
    path("medlemskap/<int:pk>/fjern/", views.membership_remove, name="membership_remove"),
    path("invitasjon/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path(
        "passord/glemt/",
        views.PasswordResetView.as_view(
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
            extra_email_context={"site_url": settings.SITE_URL},
        ),
        name="password_reset",
    ),
    path(
        "passord/glemt/sendt/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "passord/ny/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "passord/ny/ferdig/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "passord/endre/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("accounts:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "passord/endre/ferdig/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
