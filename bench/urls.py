"""The site's URLs and the bench's bare view beside them (``bench.settings`` only)."""

from django.urls import path

from bench.bare import bare
from hms_cert.urls import handler500
from hms_cert.urls import urlpatterns as site_urlpatterns

__all__ = ["handler500", "urlpatterns"]

urlpatterns = [path("bench/bare/<int:pk>/", bare, name="bench-bare"), *site_urlpatterns]
