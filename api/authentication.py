"""``Authorization: Api-Key <key>``: the request acts as the key's staff member."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from api.models import ApiKey
from api.services import api_key_used

KEYWORD = "Api-Key"


def _usable_key(secret: str) -> ApiKey:
    """The unrevoked key whose hash matches ``secret``, with its user; else DoesNotExist."""
    prefix, _dot, _rest = secret.partition(".")
    api_key = ApiKey.objects.get_usable_keys().select_related("user").get(prefix=prefix)
    if not api_key.is_valid(secret):
        raise ApiKey.DoesNotExist
    return api_key


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """Authenticate by API key; a revoked, expired or unknown key is refused (401).

    A key whose staff member has left (inactive) or is no longer staff is refused too:
    it can never see more than its person could.
    """

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Ugyldig API-nøkkel."))
        try:
            api_key = _usable_key(header[1].decode())
        except (UnicodeError, ApiKey.DoesNotExist):
            raise exceptions.AuthenticationFailed(
                _("Ugyldig eller tilbakekalt API-nøkkel.")
            ) from None
        if api_key.has_expired:
            raise exceptions.AuthenticationFailed(_("API-nøkkelen er utløpt."))
        user = api_key.user
        if not (user.is_active and user.is_staff_member):
            raise exceptions.AuthenticationFailed(_("API-nøkkelen er ikke lenger i bruk."))
        api_key_used(api_key=api_key)
        return user, api_key

    def authenticate_header(self, request):
        return KEYWORD


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'The header "Authorization: Api-Key <key>".',
        }
