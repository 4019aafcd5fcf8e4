"""API keys: created by staff in the admin, stored hashed, shown once, revocable.

djangorestframework-api-key provides the hashing, the prefix lookup, revocation and the
"shown once" admin; a key here adds what the issue asks on top of it:

* ``user``: the staff member the key acts for. The key sees exactly what that user sees
  as staff (``companies_for_staff``), and every write goes through the services with that
  user as ``actor``, so the history names them and the rules apply as to them;
* ``access``: read-only or read-write;
* ``last_used_at``: written when the key authenticates a request.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey


class ApiKey(AbstractAPIKey):
    class Access(models.TextChoices):
        READ = "READ", _("Bare lesing")
        READ_WRITE = "READ_WRITE", _("Lesing og endring")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("på vegne av"),
        on_delete=models.PROTECT,
        related_name="api_keys",
        limit_choices_to={"role__in": ["ADVISOR", "ISSUER"], "is_active": True},
        help_text=_(
            "Nøkkelen ser det denne medarbeideren ser, og endringer føres i historikken i "
            "hans eller hennes navn."
        ),
    )
    access = models.CharField(
        _("tilgang"), max_length=10, choices=Access.choices, default=Access.READ
    )
    last_used_at = models.DateTimeField(_("sist brukt"), null=True, blank=True, editable=False)

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def clean(self) -> None:
        super().clean()
        if self.user_id and not self.user.is_staff_member:
            raise ValidationError(
                {"user": _("En API-nøkkel kan bare lages for en rådgiver eller utsteder.")}
            )

    @property
    def may_write(self) -> bool:
        return self.access == self.Access.READ_WRITE


class ThrottleCacheEntry(models.Model):
    """The table of the ``api_throttle`` cache (Django's DatabaseCache; settings.CACHES).

    The public endpoints are throttled per client address with DRF's cache-based throttle;
    in a database cache the count is shared by every gunicorn worker and every server, as
    the mail throttles in accounts are. The columns are those ``createcachetable`` makes,
    declared here so that ``migrate`` creates the table. Nothing else reads or writes it.
    """

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "api_throttle_cache"
        verbose_name = "throttle cache entry"

    def __str__(self) -> str:
        return self.cache_key
