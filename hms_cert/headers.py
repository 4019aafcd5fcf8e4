"""Response headers that every page gets: the CSP's one hash, and no caching of private pages.

The stand-alone 500/503 pages (templates/_standalone_error.html) carry their CSS inline,
because they are rendered when the database, and so possibly everything else, has failed.
A strict Content-Security-Policy allows that one ``<style>`` by the SHA-256 of its text,
which is the file included into it; the hash is computed from the same file, so the two
cannot drift apart.
"""

import base64
import hashlib
from pathlib import Path

from django.conf import settings
from django.utils.cache import patch_cache_control

STANDALONE_CSS = Path(__file__).resolve().parent.parent / "templates" / "_standalone_error.css"


def standalone_style_hash() -> str:
    """The CSP source that allows the stand-alone error pages' inline style."""
    digest = hashlib.sha256(STANDALONE_CSS.read_bytes()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


class PrivateResponsesNoStoreMiddleware:
    """``Cache-Control: private, no-store`` on everything a logged-in user is shown.

    A logged-in page or download (a case, an uploaded contract, a certificate PDF) must not
    stay in a shared proxy or in the browser's cache on a shared computer after logout. A
    view that set its own Cache-Control (the live badge, the health check) keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Cheapest test first: without a session cookie nobody is logged in, and the user
        # (a database read) is then never looked up.
        if (
            not response.has_header("Cache-Control")
            and settings.SESSION_COOKIE_NAME in request.COOKIES
            and request.user.is_authenticated
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response
