"""Settings of the test suite: pytest-django's DJANGO_SETTINGS_MODULE (pyproject.toml).

Here with the tests, not in hms_cert: they make a signing key with certificates' own code,
and hms_cert, the bottom layer, imports no app.

The production settings (hms_cert/settings.py) with what tests need on top: a fixed
secret, a signing key of their own, plain HTTP (the test client speaks it), a fast password
hasher and unhashed static files (nobody runs collectstatic before the tests). Subprocesses
that must behave as production does set DJANGO_SETTINGS_MODULE=hms_cert.settings themselves.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from certificates.signing import create_self_signed_key

_TEST_SECRET = "test-only-insecure-key-never-used-in-production"

# Issuing signs every certificate (certificates/signing.py): the suite signs with a key made
# for it, once per process, unless one is configured. It is put in the environment, so that
# the production-like servers some tests start (gunicorn, DEBUG off) find it too.
if not os.environ.get("CERTIFICATE_SIGNING_KEY"):
    _key_folder = Path(tempfile.mkdtemp(prefix="hms-test-signing-"))
    atexit.register(shutil.rmtree, _key_folder, ignore_errors=True)
    _test_passphrase = "test-only-signing-passphrase"
    create_self_signed_key(
        _key_folder / "signing.p12", _test_passphrase, common_name="Bedriftstjenesten AS (test)"
    )
    os.environ["CERTIFICATE_SIGNING_KEY"] = str(_key_folder / "signing.p12")
    os.environ["CERTIFICATE_SIGNING_PASSPHRASE"] = _test_passphrase

# settings.py refuses to load without a secret when DEBUG is off: give it one while it
# loads, and take it out of the environment again so no subprocess inherits it.
_secret_given = "SECRET_KEY" in os.environ
os.environ.setdefault("SECRET_KEY", _TEST_SECRET)
try:
    from hms_cert.settings import *  # noqa: F403
    from hms_cert.settings import STORAGES
finally:
    if not _secret_given:
        del os.environ["SECRET_KEY"]

SECRET_KEY = os.environ.get("SECRET_KEY", _TEST_SECRET)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False
