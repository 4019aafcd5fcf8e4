from django.conf import settings
from django.db import models


class FormSubmission(models.Model):
    """One posted form, by its submission token: the first claim wins, repeats get its result.

    The token is drawn by the browser when the form is shown (static/js/hms.js), so a
    double click or a resent request carries the same token. ``location`` is where the
    first POST sent the user (its redirect); it is empty while that POST is still running.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    token = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    location = models.CharField(max_length=2000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="one_submission_per_token")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.token}"
