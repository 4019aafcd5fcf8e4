import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hms_cert.settings")
application = get_wsgi_application()

# Production refuses to start without the key certificates are signed with, as it does
# without SECRET_KEY (certificates/checks.py); loading it here also reads it from disk
# once, in gunicorn's master, before the workers are forked.
if not settings.DEBUG:
    from certificates.signing import signing_key

    signing_key().signer  # noqa: B018 - loaded for its side effect: fail now, not at issuing
