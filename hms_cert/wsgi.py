import os

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hms_cert.settings")
application = get_wsgi_application()

# Production refuses to start without what it needs at run time, as it does without
# SECRET_KEY: the checks tagged "startup" (certificates/checks.py: the signing key, which
# they also read from disk once, here in gunicorn's master, before the workers are forked).
# Through Django's check registry, so that this bottom layer names no app.
if not settings.DEBUG:
    serious = [m for m in checks.run_checks(tags=["startup"]) if m.is_serious()]
    if serious:
        raise ImproperlyConfigured("; ".join(f"{m.id}: {m.msg}" for m in serious))
