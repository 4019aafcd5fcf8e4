"""``/helse/``: can this app process serve? For load balancers and monitoring.

200 ``{"status": "ok", "database": "ok", "storage": "ok"}`` when the database answers
``SELECT 1`` and the storage for uploads and PDFs is usable; otherwise 503 with the failing
check set to ``"unavailable"``. No login, never cached, and it reads no session, so a probe
costs one trivial query.
"""

import logging
import os
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("hms.health")

OK = "ok"
UNAVAILABLE = "unavailable"


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("health database=unavailable error=%s", type(error).__name__)
        return UNAVAILABLE
    return OK


def _writable_folder(location: Path) -> bool:
    """The folder is writable, or would be created in a writable one on the first save."""
    for folder in (location, *location.parents):
        if folder.exists():
            return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)
    return False


def check_storage() -> str:
    """A local folder must be writable; a remote storage (S3) must answer a lookup.

    Nothing is written: a probe every few seconds must not create objects (or costs).
    """
    try:
        location = getattr(default_storage, "location", None)
        if location is not None:
            usable = _writable_folder(Path(location))
        else:
            default_storage.exists("helse-probe")
            usable = True
    except Exception as error:  # any failure of a storage backend means "not usable"
        logger.warning("health storage=unavailable error=%s", type(error).__name__)
        return UNAVAILABLE
    if not usable:
        logger.warning("health storage=unavailable error=not_writable")
    return OK if usable else UNAVAILABLE


@never_cache
@require_safe
def health(request):
    checks = {"database": check_database(), "storage": check_storage()}
    healthy = all(value == OK for value in checks.values())
    body = {"status": OK if healthy else UNAVAILABLE, **checks}
    return JsonResponse(body, status=200 if healthy else 503)
