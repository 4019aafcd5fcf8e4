"""The 500 and 503 pages. Neither may touch the database: they are rendered when it may be
the thing that failed. So they are rendered without a request (no context processors, so no
``user``, no session) from templates that stand alone (no ``base.html``, no static files).
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string

RETRY_AFTER_SECONDS = 30


def database_unavailable_response() -> HttpResponse:
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """``handler500``: the 503 page when the uncaught error was the database being gone.

    Django calls it inside its ``except`` block, so ``sys.exc_info()`` holds the error.
    That covers failures outside a view, e.g. a middleware saving the session.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        return database_unavailable_response()
    return HttpResponseServerError(render_to_string("500.html"))
