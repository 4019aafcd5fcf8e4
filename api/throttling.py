"""The API's limits: per client address without a key, per key with one; shared by every worker.

DRF's ``SimpleRateThrottle`` keeps each client's recent requests in a cache. The cache
here is ``api_throttle``, a database cache (``api.models.ThrottleCacheEntry``), so the
limit holds across gunicorn workers and servers rather than per process. The client is
django-axes' client address, as for login and mail throttling (accounts/throttling.py).
A keyed request is counted against its key, whatever address it comes from, so that one
integration gone wrong (a CRM in a loop) cannot take the database for everyone else.
"""

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

from accounts.throttling import client_address


class SharedRateThrottle(SimpleRateThrottle):
    """Counted in the ``api_throttle`` database cache, so every worker sees one count."""

    def __init__(self):
        self.cache = caches["api_throttle"]
        super().__init__()


class PublicRateThrottle(SharedRateThrottle):
    scope = "api_public"

    def get_rate(self) -> str:
        return settings.API_PUBLIC_RATE

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}


class KeyRateThrottle(SharedRateThrottle):
    """The limit of one API key (``API_KEY_RATE``), counted in the same shared cache."""

    scope = "api_key"

    def get_rate(self) -> str:
        return settings.API_KEY_RATE

    def get_cache_key(self, request, view) -> str | None:
        if request.auth is None:  # refused before this by HasApiKey; nothing to count
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
