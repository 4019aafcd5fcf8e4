from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in: one of our advisors, our issuing staff, or a client user."""

    class Role(models.TextChoices):
        ADVISOR = "ADVISOR", _("Rådgiver")
        ISSUER = "ISSUER", _("Administrasjon (utsteder)")
        CLIENT = "CLIENT", _("Kundebruker")

    role = models.CharField(_("rolle"), max_length=16, choices=Role.choices, default=Role.CLIENT)

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")

    @property
    def is_advisor(self) -> bool:
        return self.role == self.Role.ADVISOR

    @property
    def is_issuer(self) -> bool:
        return self.role == self.Role.ISSUER or self.is_superuser

    @property
    def is_client(self) -> bool:
        return self.role == self.Role.CLIENT and not self.is_superuser

    @property
    def is_staff_member(self) -> bool:
        """Our own people (advisors, issuers, superusers), as opposed to client users."""
        return self.is_advisor or self.is_issuer
