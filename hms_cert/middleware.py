"""Production middleware: one structured log line per request, and a 503 page when the
database is unreachable instead of a stack trace."""

import logging
import time

from django.db import InterfaceError, OperationalError
from django.utils.functional import empty

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
