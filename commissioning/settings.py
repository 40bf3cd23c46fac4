"""Settings for Commissioning Together, read from the environment.

One module for every environment. Development needs nothing set: DEBUG is on,
the database is a SQLite file beside manage.py and email goes to the console.
Production sets DEBUG=false, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and the
EMAIL_* variables (see README.md).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = envbool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY in the environment when DEBUG is off.")
    SECRET_KEY = "development-only-key-never-use-in-production-0123456789abcdefghij"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "commissioning.apps.CommissioningAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "guardian",
    "axes",
    # Stores background tasks in the database for `manage.py db_worker` (production).
    "django_tasks_db",
    "commissioning.apps.CommissioningConfig",
    "applications.apps.ApplicationsConfig",
    "panels.apps.PanelsConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that changes a page's content (see its docstring for BREACH).
    "commissioning.middleware.PagesCompressedMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "commissioning.middleware.IdleSessionsEndMiddleware",
    "commissioning.middleware.GrantsReadOnceMiddleware",
    "commissioning.middleware.SignedInPagesNotStoredMiddleware",
    "commissioning.middleware.StoreUnavailableMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a lockout into our plain-English page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "commissioning.urls"
WSGI_APPLICATION = "commissioning.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "commissioning.context_processors.service",
            ],
            "builtins": [
                "commissioning.templatetags.policy",
                "commissioning.templatetags.stages",
                "commissioning.templatetags.page_parts",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # In production a connection is kept for a minute (checked before each request reuses it):
        # opening one costs more than most pages. Behind PgBouncer in transaction mode, set 0.
        conn_max_age=envint("CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "commissioning.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first, so a locked-out person is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Stores object grants (who sits on which panel); read only through commissioning.permissions.
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "commissioning:sign_in"
LOGIN_REDIRECT_URL = "commissioning:home"
LOGOUT_REDIRECT_URL = "commissioning:home"
# A reset link works once (the token covers the password) and for one day.
PASSWORD_RESET_TIMEOUT = int(timedelta(days=1).total_seconds())

# guardian: no anonymous user row; anonymous visitors never hold grants.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

# A PDF "being built" for longer than this (seconds) has lost its worker: it is shown as failed
# and can be asked for again (panels/services/builds.py). The largest report takes under a minute.
BUILD_TIME_LIMIT = envint("BUILD_TIME_LIMIT", 30 * 60)

# Shared computers: a signed-in session ends after an hour with nothing done; pages warn five
# minutes before (commissioning/idle.py). The session's clock is written at most once a minute.
# All in seconds, so a browser test can use a few.
SESSION_IDLE_TIMEOUT = envint("SESSION_IDLE_TIMEOUT", 60 * 60)
SESSION_IDLE_WARNING = envint("SESSION_IDLE_WARNING", 5 * 60)
SESSION_IDLE_REFRESH = envint("SESSION_IDLE_REFRESH", 60)

# django-axes: five wrong passwords for one account (its email, whatever the address or browser)
# pause signing in to it for 15 minutes, so one address cannot try four passwords on every account,
# and people behind one proxy or one library's connection do not lock each other out. The page
# says when to try again and how to set a new password (commissioning/errors.py).
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
# Our sign-in form posts the email as "username", as Django's AuthenticationForm does.
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_CALLABLE = "commissioning.errors.locked_out"
AXES_RESET_ON_SUCCESS = True
# The address recorded with each try (commissioning/http.py). Behind an HTTPS proxy every request
# comes from the proxy: name the header it sets (such as X-Forwarded-For) and how many proxies
# you trust. Off by default: a header the client sent itself must not be believed.
AXES_CLIENT_IP_CALLABLE = "commissioning.http.client_address"
TRUSTED_PROXY_HEADER = (
    "HTTP_" + os.environ["TRUSTED_PROXY_HEADER"].strip().upper().replace("-", "_")
    if os.environ.get("TRUSTED_PROXY_HEADER", "").strip()
    else ""
)
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 1)
# axes warns that a lock without the address can be got round by changing browsers; ours is per
# account on purpose (above), so changing browser or address changes nothing.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_VERBOSE = False

# Sign-in by emailed link (django-sesame): a link works once and for 15 minutes. "Once" rests on
# the account's last sign-in time, which the link's signature covers: using the link (or signing
# in any other way) changes it, so the link stops working.
SESAME_MAX_AGE = timedelta(minutes=15)
SESAME_ONE_TIME = True
# How many sign-in links may be asked for in 15 minutes, for one email address and from one
# internet address, before people are asked to wait.
SIGN_IN_LINKS_PER_EMAIL = envint("SIGN_IN_LINKS_PER_EMAIL", 3)
SIGN_IN_LINKS_PER_IP_ADDRESS = envint("SIGN_IN_LINKS_PER_IP_ADDRESS", 10)

# A form's text may be up to 10 MB (Django's default is 2.5 MB), so that a very long paste reaches
# the form and is refused on its field, with its limit named and the text kept; beyond that the
# kind 413 page (commissioning/errors.py) says what to do. Files are not counted here.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"


def file_storage() -> dict:
    """Where uploads and generated PDFs are kept.

    On one server, the local disk under MEDIA_ROOT. With AWS_STORAGE_BUCKET_NAME set, an
    S3-compatible bucket that every app server and worker shares (django-storages), so a file
    uploaded through one server downloads through another. The objects stay private: no ACL
    makes them public and the app never links to the bucket; its own views check who may see a
    file and stream it (see commissioning/storage.py).
    """
    bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    from botocore.config import Config

    endpoint = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            # Without keys, boto3 finds credentials itself (an instance role, ~/.aws).
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            # The bucket's own default (private) rather than a canned ACL, which buckets with
            # ACLs switched off refuse.
            "default_acl": None,
            "file_overwrite": False,
            "client_config": Config(
                signature_version="s3v4",
                # Servers such as SeaweedFS or MinIO on their own address take the bucket in the path.
                s3={"addressing_style": "path" if endpoint else "auto"},
                # A store that is down must fail a request in seconds, with a kind page, not hang it.
                connect_timeout=envint("AWS_S3_CONNECT_TIMEOUT", 5),
                read_timeout=envint("AWS_S3_READ_TIMEOUT", 30),
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        },
    }


STORAGES = {
    "default": file_storage(),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Background tasks (Django's django.tasks), such as building a decision report: in development
# and tests the immediate backend runs a task at once, in the request; in production the tasks
# wait in the database until `manage.py db_worker` runs them (django-tasks-db). TASKS_BACKEND
# ("immediate" or "database") overrides the choice DEBUG makes.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate" if DEBUG else "database")
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured('Set TASKS_BACKEND to "immediate" or "database".')

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Email: the console in development, SMTP from the environment in production.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Commissioning Together <no-reply@commissioning.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": envint("EMAIL_PORT", 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": envbool("EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
elif DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    raise ImproperlyConfigured(
        "Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD) when DEBUG is off."
    )

# Security: everything `manage.py check --deploy` asks for when DEBUG is off.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in at INFO; failures and lockouts (WARNING) are what matter.
    # WeasyPrint reports each rendering step ("Step 4 - Creating layout") at INFO.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}
