"""The public endpoints' limit per client address, shared by every worker.

DRF's ``SimpleRateThrottle`` keeps each client's recent requests in a cache. The cache
here is ``api_throttle``, a database cache (``api.models.ThrottleCacheEntry``), so the
limit holds across gunicorn workers and servers rather than per process. The client is
django-axes' client address, as for login and mail throttling (accounts/throttling.py).
"""

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

from accounts.throttling import client_address


class PublicRateThrottle(SimpleRateThrottle):
    scope = "api_public"

    def __init__(self):
        self.cache = caches["api_throttle"]
        super().__init__()

    def get_rate(self) -> str:
        return settings.API_PUBLIC_RATE

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}
