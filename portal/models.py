"""What client users add to their action items beyond status: a comment thread."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from surveys.models import ActionItem


class ActionItemComment(models.Model):
    """A note on an action item, e.g. what was done, by a client user or an advisor."""

    item = models.ForeignKey(
        ActionItem, verbose_name=_("tiltak"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skrevet av"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("kommentar"))
    created_at = models.DateTimeField(_("skrevet"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kommentar til tiltak")
        verbose_name_plural = _("kommentarer til tiltak")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]
