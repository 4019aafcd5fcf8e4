"""System checks: production does not start without the key certificates are signed with.

Like SECRET_KEY: with DEBUG off, a missing or unopenable CERTIFICATE_SIGNING_KEY is an
error, so ``manage.py check --deploy`` (``make serve``), ``migrate`` and ``runserver`` stop
before anything is served; the WSGI application refuses to load as well (hms_cert/wsgi.py).
With DEBUG on it is a warning: ``make run`` creates the development key.
"""

from django.conf import settings
from django.core import checks

from certificates import signing

HINT = (
    "Set CERTIFICATE_SIGNING_KEY to Bedriftstjenesten AS' PKCS#12 file and "
    "CERTIFICATE_SIGNING_PASSPHRASE to its passphrase (docs/signing-key.md). "
    "For development, `make run` creates a self-signed key."
)


@checks.register("startup")
def signing_key_configured(app_configs=None, **kwargs):
    """Tagged "startup": hms_cert/wsgi.py runs it before serving (and so loads the key)."""
    problem = signing.signing_key_problem()
    if problem is None:
        if not settings.DEBUG:
            signing.signing_key().signer  # noqa: B018 - built now (pyHanko), not at issuing
        return []
    if settings.DEBUG:
        return [checks.Warning(problem, hint=HINT, id="certificates.W001")]
    return [checks.Error(problem, hint=HINT, id="certificates.E001")]
