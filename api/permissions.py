"""What a request with an API key may do: read with any key, write with a read-write one."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from api.models import ApiKey


class HasApiKey(permissions.BasePermission):
    message = _("Dette krever en API-nøkkel med tilgang til endring.")

    def has_permission(self, request, view) -> bool:
        api_key = request.auth
        if not isinstance(api_key, ApiKey):
            return False
        return request.method in permissions.SAFE_METHODS or api_key.may_write


class IssuerKey(permissions.BasePermission):
    """Invoicing is for issuers, as the invoicing page is."""

    message = _("Bare nøkler for utstedere har tilgang til fakturering.")

    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("certificates.export_invoicing")
