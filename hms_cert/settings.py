"""Settings for HMS-sertifikat, read from the environment (12-factor).

Development defaults are safe: DEBUG is off unless asked for, SQLite is the embedded
database, and mail goes to the console. Production must set SECRET_KEY; there is no
default secret outside DEBUG (`make run` writes a .env with DEBUG and a secret of its own).
The test suite runs on tests/settings.py, which builds on this module.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from hms_cert.headers import standalone_style_hash
from hms_cert.storage import s3_storage_from_env

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

_DEV_SECRET = "dev-only-insecure-key-never-used-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The public base URL printed on certificates and in QR codes.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "api.apps.DjangoMessagesFirst",  # Django's bokmål over DRF's where they differ
    "rest_framework",
    "rest_framework_api_key",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "submissions",
    "companies",
    "surveys",
    "hms_rules",  # the rules engine; an app only for manage.py hms_decide
    "certificates",
    "reminders",
    "dashboard",
    "documents",
    "portal",
    "staff",
    "fieldwork",
    "questionnaires",
    "api",
]

MIDDLEWARE = [
    # First: one log line per request, timed around everything below.
    "hms_cert.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Database unreachable in a view → the 503 page (templates/503.html), not a stack trace.
    "hms_cert.middleware.DatabaseUnavailableMiddleware",
    # NUL and control characters out of every input, over-long values cut, oversized
    # uploads stopped before they are read (hms_cert/uploads.py): before any view or form.
    "hms_cert.middleware.CleanInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hms_cert.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Response headers of every page: CSP (django-csp), Permissions-Policy, and no caching
    # of what a logged-in user sees (hms_cert/headers.py).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "hms_cert.headers.PrivateResponsesNoStoreMiddleware",
    # A form posted twice (double click, resend) takes effect once (submissions/).
    "submissions.middleware.DuplicateSubmissionMiddleware",
    # Last, as django-axes asks: it turns a lockout signalled by the backend into the page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hms_cert.urls"
WSGI_APPLICATION = "hms_cert.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
# A persistent connection is checked before each request reuses it, so a database restart
# costs no failed request; and an unreachable server fails fast (503) instead of hanging.
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", env.bool("CONN_HEALTH_CHECKS", default=True))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite (make run) safe for concurrent writers, as PostgreSQL is: every transaction
    # takes the write lock when it begins (select_for_update does nothing here), a writer
    # waits up to 20 s for another instead of failing with "database is locked" (the 503
    # page), and WAL lets readers read while one writes.
    _sqlite_options = DATABASES["default"].setdefault("OPTIONS", {})
    _sqlite_options.setdefault("transaction_mode", "IMMEDIATE")
    _sqlite_options.setdefault("timeout", env.int("SQLITE_TIMEOUT", default=20))
    _sqlite_options.setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "hms_cert.auth_backends.AdminModelBackend",  # passwords; model permissions for the admin
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"  # each role to its own work (hms_cert.views.start)
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Password reset links and invitation links are one-time and short-lived.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=24 * 60 * 60)
INVITATION_TTL_DAYS = env.int("INVITATION_TTL_DAYS", default=7)

# Norwegian bokmål first, English switchable; dates as 25.11.2026 in Europe/Oslo.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("en", "English")]

# Questionnaire results are shown only for groups where at least this many answered;
# questionnaires.selectors never goes below 5, whatever this says.
QUESTIONNAIRE_MIN_ANSWERS = env.int("QUESTIONNAIRE_MIN_ANSWERS", default=5)
# The key of the answer codes' keyed hashes (questionnaires/codes.py). Empty: SECRET_KEY.
# Set it apart from SECRET_KEY so that a copy of the database and a leaked SECRET_KEY
# together still cannot test guessed codes; changing it voids the open rounds' codes.
QUESTIONNAIRE_CODE_KEY = env.str("QUESTIONNAIRE_CODE_KEY", default="")
# A theme scoring below this mean (1-5, higher is better) is flagged.
QUESTIONNAIRE_FLAG_BELOW = 3.0
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["hms_cert.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    # Uploads and certificate PDFs: a file appears whole or not at all (hms_cert/storage.py).
    "default": {"BACKEND": "hms_cert.storage.AtomicFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "hms_cert.storage.StaticFilesStorage"  # whitenoise's, hashed and compressed
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Source maps (swagger-ui's, redoc's and Bootstrap's: 7 MB) are read only by a browser's
# developer tools: served as they are, not compressed. Brotli on them cost collectstatic, so
# every `make serve`, about 40 s of CPU.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

# Uploads and PDFs on S3-compatible storage when AWS_STORAGE_BUCKET_NAME is set
# (docs/production.md).
STORAGES["default"] = s3_storage_from_env(env) or STORAGES["default"]

# The key every certificate PDF is signed with at issuing (certificates/signing.py): a
# PKCS#12 file (a path, relative to the checkout or absolute) and its passphrase. With DEBUG
# on, the self-signed development key `make run` creates (signing-dev.p12, never committed);
# with DEBUG off there is no default, and the system check and the WSGI application refuse
# to start without one (certificates/checks.py).
_signing_key = env.str(
    "CERTIFICATE_SIGNING_KEY", default="signing-dev.p12" if DEBUG else ""
).strip()
CERTIFICATE_SIGNING_KEY = str(BASE_DIR / _signing_key) if _signing_key else ""
CERTIFICATE_SIGNING_PASSPHRASE = env.str(
    "CERTIFICATE_SIGNING_PASSPHRASE", default="dev-only-signing-passphrase" if DEBUG else ""
)

# Certification: the fee for a company without a follow-up agreement whose own surveys we
# verified ("for beskjedne beløp"), and the largest file anyone may upload.
CERTIFICATE_FEE_NOK = Decimal(env.str("CERTIFICATE_FEE_NOK", default="2500.00"))
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
# Uploads above 2.5 MB are streamed to a temporary file, not held in memory; ordinary form
# fields stay small, and one request carries at most a handful of files.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 5
# Stops an upload as soon as it passes UPLOAD_MAX_BYTES (or announces more), unread.
FILE_UPLOAD_HANDLERS = [
    "hms_cert.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console by default; EMAIL_URL (smtp://user:pass@host:587/?tls=True) in production.
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="HMS-sertifikat <hms@bedriftstjenesten.no>"
)

# Security: strict where it costs nothing; HTTPS-only settings when not in DEBUG.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)  # a working day
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
_https = env.bool("HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=_https)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if _https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
SECURE_HSTS_PRELOAD = _https
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe /helse/ over plain HTTP on the private network: answer, don't redirect.
SECURE_REDIRECT_EXEMPT = [r"^helse/$"]

# Content-Security-Policy (django-csp): only our own scripts and styles, no inline ones.
# The one inline <style>, on the stand-alone 500/503 pages that may not load static files,
# is allowed by its hash (hms_cert/headers.py computes it from the file it is rendered from).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", standalone_style_hash()],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
# Features no page uses are switched off; the camera stays available to our own pages
# (photos taken on site with a phone).
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": ["self"],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
}

# The REST API (api/, docs/api.md): keys only (no sessions, so no CSRF), JSON errors,
# pages of 50, the OpenAPI 3 schema by drf-spectacular with Swagger UI's files served
# from our own static files (drf-spectacular-sidecar), never a CDN.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasApiKey"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.CleanJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.StrictLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "HMS-sertifikat API",
    "DESCRIPTION": (
        "Verification and bulk lookup of HMS certificates (public), and, with an API key, "
        "the companies, cases, certificates and invoicing lines its staff member sees."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CertificateClassEnum": "certificates.models.CLASS_CHOICES",
        "CertificateStatusEnum": "certificates.models.Certificate.Status",
        "CaseStatusEnum": "certificates.models.CertificationCase.Status",
        "ActionItemStatusEnum": "surveys.models.ActionItem.Status",
    },
}
# Requests per client address to the public endpoints; counted in the database cache
# below, so every gunicorn worker shares the count (api/throttling.py).
API_PUBLIC_RATE = env.str("API_PUBLIC_RATE", default="120/min")
API_KEY_RATE = env.str("API_KEY_RATE", default="600/min")
# The case page's cached parts (staff/case_views.py), kept in each worker's memory: every
# key holds the company's CaseRevision, raised by every change they show, so an entry is
# never stale, only unused, and a worker fills its own at its first view of a page. The
# bound keeps the unused ones from piling up: four entries a page, 4-40 kB each (about
# 15 MB a worker at 1,000 on the bench's data); the least recently used third goes when it
# is reached. Not the database cache: a hit would be a query and 60 kB through the socket.
CASE_PAGE_CACHE_ENTRIES = env.int("CASE_PAGE_CACHE_ENTRIES", default=1000)
# Whole case pages (hms_cert/page_cache.py), 60-70 kB each: bounded apart from the small
# public pages, so that 300 of them (about 20 MB a worker) are the most a worker keeps.
CASE_PAGE_CACHE_PAGES = env.int("CASE_PAGE_CACHE_PAGES", default=300)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "case_page": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "case_page",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": CASE_PAGE_CACHE_ENTRIES},
    },
    "case_pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "case_pages",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": CASE_PAGE_CACHE_PAGES},
    },
    "api_throttle": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "api_throttle_cache",  # created by api's migration (ThrottleCacheEntry)
    },
    # Public pages rendered once per content (hms_cert/page_cache.py): keyed by what they
    # show, so per process is correct; the bound keeps a worker's memory flat (~10 kB each).
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": env.int("PAGE_CACHE_ENTRIES", default=2000)},
    },
}

# Login throttling (django-axes): ten failed logins for one username lock that username
# for 15 minutes, from every address. Username rather than username + IP, because the
# account is what we protect: a password-guessing botnet changes address for free, and
# behind the reverse proxy the client address is only as good as its X-Forwarded-For (a
# wrong proxy count would put every user behind one address and one lock). The price,
# that someone can keep a user locked out, is bounded by the cool-off time. Throttling
# by address belongs to the reverse proxy, which sees the real one (limit_req on
# /logg-inn/). axes.W006 asks for the address because locks by user agent or cookie
# can be dodged by rotating them; an attacker cannot rotate the username they attack.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

_LOG_FORMAT = "json" if env.str("LOG_FORMAT", default="plain").lower() == "json" else "plain"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # One line per record: key=value (LOG_FORMAT=plain) or a JSON object (LOG_FORMAT=json).
    "formatters": {
        "plain": {"()": "hms_cert.logging.KeyValueFormatter"},
        "json": {"()": "hms_cert.logging.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": _LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # pyHanko warns, with a traceback, of every signature that does not validate: on
        # the verification page that is an answer, not a fault (certificates/signing.py).
        "pyhanko": {"level": "ERROR"},
        "pyhanko_certvalidator": {"level": "ERROR"},
    },
}
