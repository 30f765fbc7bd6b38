"""Settings, all from the environment (12-factor).

HEARTH_ENV        development (default for `make run`) | production | test
DATABASE_URL      e.g. postgres://user@host:5432/hearth; default: SQLite file var/hearth.sqlite3
HEARTH_SECRET_KEY required in production
HEARTH_ALLOWED_HOSTS comma-separated host names (production)
HEARTH_DATA_DIR   where the SQLite file and uploaded files live (default: ./var)
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent  # src/hearth
PROJECT_DIR = BASE_DIR.parent.parent
DATA_DIR = Path(os.environ.get("HEARTH_DATA_DIR", PROJECT_DIR / "var"))
NODE_MODULES = Path(os.environ.get("HEARTH_NODE_MODULES", PROJECT_DIR / "node_modules"))

HEARTH_ENV = os.environ.get("HEARTH_ENV", "production")
if HEARTH_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured("HEARTH_ENV must be development, production or test")
PRODUCTION = HEARTH_ENV == "production"
DEBUG = HEARTH_ENV == "development" and os.environ.get("HEARTH_DEBUG", "1") == "1"

SECRET_KEY = os.environ.get("HEARTH_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("Set HEARTH_SECRET_KEY in production.")
    SECRET_KEY = "insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("HEARTH_ALLOWED_HOSTS", "").split(",") if h.strip()]
if not PRODUCTION:
    ALLOWED_HOSTS += ["127.0.0.1", "localhost", "testserver", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "hearth.core",
    "hearth.web",
    "hearth.api",
    "hearth.people",
    "hearth.properties",
    "hearth.tenancies",
    "hearth.repairs",
    "hearth.rents",
    "hearth.lettings",
    "hearth.tenancy_processes",
    "hearth.demo",
    "hearth.acceptance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hearth.core.middleware.SecurityHeaders",  # after WhiteNoise: static files keep their own caching
    "hearth.core.middleware.PageStatementTimeout",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "hearth.core.middleware.StripControlCharacters",  # before any view reads the query string or a form
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "hearth.config.urls"
WSGI_APPLICATION = "hearth.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "hearth.web.context.navigation",
            ],
        },
    }
]

DATA_DIR.mkdir(parents=True, exist_ok=True)
(DATA_DIR / "static").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'hearth.sqlite3'}",
        conn_max_age=int(os.environ.get("HEARTH_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if HEARTH_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("moj", NODE_MODULES / "@ministryofjustice" / "frontend" / "moj"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
]
GOVUK_ASSETS_DIR = NODE_MODULES / "govuk-frontend" / "dist" / "govuk" / "assets"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "files"
MEDIA_URL = "/files/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
HEARTH_MAX_ATTACHMENT_BYTES = int(os.environ.get("HEARTH_MAX_ATTACHMENT_BYTES", str(25 * 1024 * 1024)))

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# Sessions and cookies
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("HEARTH_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Only once the whole domain and its subdomains are HTTPS-only for good: see docs/operations.md.
    SECURE_HSTS_PRELOAD = os.environ.get("HEARTH_HSTS_PRELOAD", "0") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Powerful browser features no Hearth page uses, denied to every page (and so to anything injected)
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Content Security Policy: no inline script without the per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Login throttling: this many failures for one username (or one address) within the window
HEARTH_LOGIN_MAX_FAILURES = int(os.environ.get("HEARTH_LOGIN_MAX_FAILURES", "5"))
HEARTH_LOGIN_WINDOW_MINUTES = int(os.environ.get("HEARTH_LOGIN_WINDOW_MINUTES", "15"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("HEARTH_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = os.environ.get(
    "HEARTH_EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if not PRODUCTION
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = DATA_DIR / "outbox"
DEFAULT_FROM_EMAIL = os.environ.get("HEARTH_FROM_EMAIL", "housing@hearth.invalid")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("HEARTH_LOG_LEVEL", "WARNING")},
}

# The longest a query of a web request may run on PostgreSQL (0: no limit); the worker and
# management commands have none. Keep the report limit below gunicorn's --timeout.
HEARTH_PAGE_STATEMENT_TIMEOUT_MS = int(os.environ.get("HEARTH_PAGE_STATEMENT_TIMEOUT_MS", "15000"))
HEARTH_REPORT_STATEMENT_TIMEOUT_MS = int(os.environ.get("HEARTH_REPORT_STATEMENT_TIMEOUT_MS", "50000"))
# Pages given the report limit, besides every list's export (?export=csv|xlsx)
HEARTH_REPORT_PAGES = {"rents:rent_change_letters", "lettings:statistics"}

HEARTH_COUNCIL_NAME = os.environ.get("HEARTH_COUNCIL_NAME", "Hearth Borough Council")
HEARTH_PAGE_SIZE = 25

# Uploads (`core.uploads`): the types officers may attach (comma-separated keys of
# `core.uploads.TYPES`; empty: all of them), and the virus scanner (clamd) to send every upload to,
# a Unix socket path or host:port (empty: no scan). Background jobs (`core.jobs`): how often a
# running job's heartbeat is written, after how long without one its worker is taken to have
# stopped, and how often the workers look for such jobs.
HEARTH_UPLOAD_TYPES = os.environ.get("HEARTH_UPLOAD_TYPES", "")
HEARTH_CLAMD_SOCKET = os.environ.get("HEARTH_CLAMD_SOCKET", "")
HEARTH_JOB_HEARTBEAT_SECONDS = int(os.environ.get("HEARTH_JOB_HEARTBEAT_SECONDS", "30"))
HEARTH_JOB_STALE_SECONDS = int(os.environ.get("HEARTH_JOB_STALE_SECONDS", "600"))
HEARTH_JOB_CHECK_SECONDS = int(os.environ.get("HEARTH_JOB_CHECK_SECONDS", "300"))
