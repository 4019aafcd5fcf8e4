"""Production middleware: one structured log line per request, a 503 page when the
database is unreachable instead of a stack trace, and hostile input cleaned or refused."""

import logging
import re
import time

from django.conf import settings
from django.core.files.uploadhandler import StopUpload
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.datastructures import MultiValueDict
from django.utils.functional import empty
from django.utils.translation import gettext

from hms_cert.errors import database_unavailable_response

request_logger = logging.getLogger("hms.request")
logger = logging.getLogger("hms.errors")

HEALTH_PATH = "/helse/"


def _user_id(request) -> int | None:
    """The id of the logged-in user, if the request already loaded it.

    ``request.user`` is lazy: reading it here for a request that never looked at it would
    cost a session and a user query (and fail again when the database is down).
    """
    user = request.__dict__.get("user")
    if user is None:
        return None
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is empty or not wrapped.is_authenticated:
        return None
    return wrapped.pk


class RequestLogMiddleware:
    """``msg=request method=GET path=/portefolje/ status=200 duration_ms=41.2 user_id=7``.

    First in ``MIDDLEWARE``, so the duration covers every other middleware and the status
    is the one sent. The path is logged without its query string (searches may hold names);
    the user is given by id only. A passing health probe is logged at DEBUG, so a load
    balancer asking every few seconds does not fill the log.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = (time.perf_counter() - started) * 1000
        status = response.status_code
        if status >= 500:
            level = logging.WARNING
        elif request.path == HEALTH_PATH and status == 200:
            level = logging.DEBUG
        else:
            level = logging.INFO
        if request_logger.isEnabledFor(level):
            request_logger.log(
                level,
                "request",
                extra={
                    "fields": {
                        "method": request.method,
                        "path": request.path,
                        "status": status,
                        "duration_ms": round(duration_ms, 1),
                        "user_id": _user_id(request),
                    }
                },
            )
        return response


class DatabaseUnavailableMiddleware:
    """A view that fails because the database cannot be reached answers with the 503 page.

    ``OperationalError`` (connection refused, server gone, timeout) and ``InterfaceError``
    (connection already closed) mean "try again later", not a bug. Other database errors
    (an ``IntegrityError``, a ``ProgrammingError``) are bugs and stay 500s. Failures outside
    the view (e.g. saving the session) are turned into the same page by ``handler500``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "database unavailable path=%s error=%s", request.path, type(exception).__name__
        )
        return database_unavailable_response()


# C0 control characters but tab, line feed and carriage return; DEL; the C1 controls.
# PostgreSQL refuses NUL in text outright ("text fields cannot contain NUL"); the others
# have no business in a name, a search or a header and only hide what a text really says.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Query strings carry searches, page numbers and dates: nothing the app reads is longer.
MAX_QUERY_VALUE_CHARS = 1000
# Form fields that reach a column before any form has checked them: django-axes records
# a failed login's username in a 255-character column (AccessAttempt.username). A longer
# value is cut to the column; the login form still refuses it as too long.
MAX_FORM_VALUE_CHARS = {"username": 255}
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def clean_text(value: str, max_chars: int | None = None) -> str:
    value = CONTROL_CHARACTERS.sub("", value)
    return value[:max_chars] if max_chars is not None else value


def _cleaned(query_dict: QueryDict, max_chars=lambda key: None) -> QueryDict:
    cleaned = QueryDict(mutable=True, encoding=query_dict.encoding)
    for key, values in query_dict.lists():
        name = clean_text(key)
        limit = max_chars(name)
        cleaned.setlist(name, [clean_text(value, limit) for value in values])
    cleaned._mutable = False
    return cleaned


class CleanInputMiddleware:
    """Every text input the app reads is cleaned here, in one place, before any view.

    - The path: a control character in it answers 404 (no URL of ours has one); JSON
      under /api/.
    - Query string and form fields (keys and values): control characters removed; query
      values cut to ``MAX_QUERY_VALUE_CHARS``, the fields of ``MAX_FORM_VALUE_CHARS`` to
      their column. The forms' own ``max_length`` checks do the rest.
    - Request headers (``HTTP_*``): control characters removed (django-axes stores the
      user agent, the language middleware reads Accept-Language).
    - Uploads: the body is parsed here, so ``LimitedUploadHandler`` stops one that is too
      large before it is read, and the answer is the 413 page.

    No view reads a JSON or other raw body; Django refuses a non-form body larger than
    ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (400) when one is read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if CONTROL_CHARACTERS.search(request.path):
            if request.path.startswith("/api/"):  # the API answers in JSON (api/)
                return JsonResponse({"detail": gettext("Ikke funnet.")}, status=404)
            raise Http404
        for key, value in list(request.META.items()):
            if key.startswith("HTTP_") and isinstance(value, str):
                request.META[key] = clean_text(value)
        request.GET = _cleaned(request.GET, lambda key: MAX_QUERY_VALUE_CHARS)
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            try:
                post = request.POST
            except StopUpload:  # refused up front, by Content-Length
                request._post, request._files = QueryDict(), MultiValueDict()
                post = request.POST
            if getattr(request, "upload_too_large", False):
                return upload_too_large_response()
            request.POST = _cleaned(post, MAX_FORM_VALUE_CHARS.get)
        return self.get_response(request)


def upload_too_large_response() -> HttpResponse:
    """413, stand-alone (no user, no session: the request stopped before they were read)."""
    limit = filesizeformat(settings.UPLOAD_MAX_BYTES)
    # No "Connection: close" (a hop-by-hop header, refused by WSGI servers): gunicorn's sync
    # workers close the connection after every response anyway.
    return HttpResponse(render_to_string("413.html", {"limit": limit}), status=413)
