"""Pishkhan settings, read from the environment.

With nothing set you get the embedded default: SQLite under var/, Celery in
eager mode, media under var/media/, console SMS and email. Production sets
DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and friends (see
.env.example and the README's configuration table).
"""

import datetime
import os
import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("PISHKHAN_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def _embedded_secret_key():
    # The embedded default keeps a random key in var/ so sessions survive restarts.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="") or _embedded_secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Absolute links (letters' QR codes, SMS, e-mail): SITE_URL when set (environment or .env), otherwise
# the address `make run` serves on (it passes PISHKHAN_RUN_URL from its HOST and PORT).
SITE_URL = (
    env.str("SITE_URL", default="") or env.str("PISHKHAN_RUN_URL", default="") or "http://127.0.0.1:8000"
).rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_jalali",
    "simple_history",
    "django_celery_beat",
    "axes",
    "core",
    "notifications",
    "accounts",
    "offices",
    "cases",
    "inquiries",
    "permits",
    "inspections",
    "billing",
    "supervision",
    "portal",
]

# The apps that take part in files, in the order their extension points run (cases.plugins):
# the service families first (they own the services' data), then the components every file uses.
PISHKHAN_PLUGINS = [
    "inquiries.plugin.InquiryServices",
    "permits.plugin.PermitServices",
    "permits.plugin.PlanReview",
    "inspections.plugin.Inspections",
    "billing.plugin.Billing",
    "inquiries.letters.plugin.Letters",
    "supervision.plugin.FollowUp",
]

MIDDLEWARE = [
    "core.middleware.ClientAddressMiddleware",
    "core.middleware.ServiceUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "core.middleware.RefuseControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.middleware.CommonMiddleware",  # Django's, redirecting only GET and HEAD to the slash
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.PersianDigitsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pishkhan.urls"
# Widgets render from templates/ (Persian file boxes) and date boxes hint this year's dates.
FORM_RENDERER = "core.renderers.PishkhanFormRenderer"
WSGI_APPLICATION = "pishkhan.wsgi.application"

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
                "portal.context_processors.navigation",
            ],
            "builtins": ["core.templatetags.pishkhan"],
        },
    }
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'pishkhan.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server and eager tasks write side by side.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    # Tests use a file too (not shared-cache memory), so concurrent writers queue as they do in use.
    # One file per test run, so runs side by side don't share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-pishkhan-{os.getpid()}.sqlite3")}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
# Django's rules, with messages of our own in Persian (accounts/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.passwords.MinimumLengthValidator"},
    {"NAME": "accounts.passwords.CommonPasswordValidator"},
    {"NAME": "accounts.passwords.NumericPasswordValidator"},
]
# The lockout check runs first: a locked-out username and address is refused before any password check.
AUTHENTICATION_BACKENDS = ["accounts.signin.LockoutBackend", "django.contrib.auth.backends.ModelBackend"]

# Language and time: Persian first, Jalali on screen, Tehran time.
LANGUAGE_CODE = "fa"
# Persian only: the pages are laid out right to left for it, and a browser that asks for English (many in
# Iran do) must not get the untranslated source strings in a right-to-left page.
LANGUAGES = [("fa", _("Persian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

# Static files are served by the app itself (WhiteNoise); the vendor folders
# come from npm packages, so no page ever loads anything from a CDN.
STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/vazirmatn", NODE_MODULES / "vazirmatn"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/jalalidatepicker", NODE_MODULES / "@majidh1" / "jalalidatepicker" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    # S3-compatible object storage for uploads and letters, for more than one web host.
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME")
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default=None)
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
WHITENOISE_USE_FINDERS = DEBUG
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024

# Redis, when configured, backs Celery and the cache.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # Optional at request time: with Redis unreachable the cache falls back to process memory (pishkhan/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# A task taken by a worker that died unacknowledged goes back to the queue after this many seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    # A broker that is down fails fast: the request goes on and the work is picked up by the sweeps.
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}

# Outgoing messages: console backends unless a gateway is configured.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="pishkhan@localhost")
SMS_BACKEND = env.str("SMS_BACKEND", default="console")
SMS_API_URL = env.str("SMS_API_URL", default="")
SMS_API_KEY = env.str("SMS_API_KEY", default="")
SMS_SENDER = env.str("SMS_SENDER", default="")
# Gateway templates (pre-approved patterns) per event, e.g. "case_registered=pishkhan-registered,...";
# events without one are sent as plain text. SMS_LOOKUP_URL is the gateway's template endpoint.
SMS_LOOKUP_URL = env.str("SMS_LOOKUP_URL", default="")
SMS_TEMPLATES = env.dict("SMS_TEMPLATES", default={})
# A message that still fails after this many attempts (backoff 30 s, 1, 2, 4… min) ends as "failed".
NOTIFY_MAX_ATTEMPTS = env.int("NOTIFY_MAX_ATTEMPTS", default=6)
NOTIFY_RETRY_BASE_SECONDS = env.int("NOTIFY_RETRY_BASE_SECONDS", default=30)
# Sent messages are deleted this many days after they were written (a nightly task); failed and
# retrying ones are kept. 0 keeps every message for ever.
MESSAGE_RETENTION_DAYS = env.int("MESSAGE_RETENTION_DAYS", default=365)

# Payments and citizens' sign-in by mobile (billing, accounts.otp); README "Configuration".
# BILLING_GATEWAY: the online payment gateway: "ipg" (an HTTP adapter in the style of Iran's internet
# payment gateways, with BILLING_GATEWAY_URL/_TERMINAL/_KEY), a dotted path to another adapter, "fake"
# (a stand-in bank page inside Pishkhan, the DEBUG default: production refuses to start with it), or
# empty for no online payment. BILLING_BANK_KEYS: each bank's shared secret ("name=key,..."): the
# bank's systems sign POST /api/v1/payments/ and their daily files with it (billing.bank_keys).
# OTP_*: a 6-digit code by SMS, valid OTP_TTL_SECONDS, OTP_MAX_TRIES wrong tries; at most
# OTP_SENDS_PER_MOBILE codes to one mobile and OTP_SENDS_PER_IP from one address per OTP_SEND_WINDOW_SECONDS.
BILLING_GATEWAY = env.str("BILLING_GATEWAY", default="fake" if DEBUG else "")
if BILLING_GATEWAY == "fake" and not DEBUG:
    raise ImproperlyConfigured("BILLING_GATEWAY=fake (the built-in test bank) runs only with DEBUG on.")
BILLING_GATEWAY_URL = env.str("BILLING_GATEWAY_URL", default="")
BILLING_GATEWAY_TERMINAL = env.str("BILLING_GATEWAY_TERMINAL", default="")
BILLING_GATEWAY_KEY = env.str("BILLING_GATEWAY_KEY", default="")
BILLING_GATEWAY_TIMEOUT = env.int("BILLING_GATEWAY_TIMEOUT", default=10)
BILLING_BANK_KEYS = env.dict("BILLING_BANK_KEYS", default={"testbank": "embedded-test-bank-key"} if DEBUG else {})
BILLING_BANK_SIGNATURE_MAX_AGE = env.int("BILLING_BANK_SIGNATURE_MAX_AGE", default=300)
OTP_TTL_SECONDS = env.int("OTP_TTL_SECONDS", default=120)
OTP_MAX_TRIES = env.int("OTP_MAX_TRIES", default=5)
OTP_SEND_WINDOW_SECONDS = env.int("OTP_SEND_WINDOW_SECONDS", default=15 * 60)
OTP_SENDS_PER_MOBILE = env.int("OTP_SENDS_PER_MOBILE", default=3)
OTP_SENDS_PER_IP = env.int("OTP_SENDS_PER_IP", default=10)

# The office map's tile layer; empty means the map draws markers on a blank canvas.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="")

# REST API.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DATETIME_FORMAT": "iso-8601",
    # The client's address is REMOTE_ADDR, set by core.middleware.ClientAddressMiddleware from
    # TRUSTED_PROXIES; DRF must not read X-Forwarded-For on its own (anyone can send it).
    "NUM_PROXIES": 0,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Pishkhan API",
    "DESCRIPTION": "Urban-planning services through government counter offices.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "BuildingUseEnum": "permits.models.BuildingUse",
        "CommissionDecisionEnum": "permits.models.CommissionReferral.Decision",
        "ViolationDecisionEnum": "supervision.models.violations.Decision",
        "CorrectionKindEnum": "cases.models.CorrectionItem.Kind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.schema.keep_example_names",
    ],
}

# Security: strict when DEBUG is off (production), relaxed for the local portal.
SECURE_HTTPS = env.bool("SECURE_HTTPS", default=not DEBUG and bool(env.str("SECRET_KEY", default="")))
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = SECURE_HTTPS and env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_HTTPS else None
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)

# The reverse proxies in front of Pishkhan (addresses or networks, e.g. "10.0.0.5,172.18.0.0/16").
# X-Forwarded-For is read only when the request comes from one of them; by default nobody is trusted
# and the client's address is the connection's.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
# API tokens live this many hours from sign-in; a password change ends them at once.
API_TOKEN_TTL_HOURS = env.int("API_TOKEN_TTL_HOURS", default=12)
# Sign-in lockout (django-axes, counted in the database: every worker and host sees one count).
# After AXES_FAILURE_LIMIT wrong passwords for one username from one address, that pair is locked
# for the cool-off; a right password before that clears the count.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_CLIENT_IP_CALLABLE = "core.middleware.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.signin.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

# Content-Security-Policy on every answer: scripts and styles only from our own static files.
# CSP_EXTRA lets a deployment add sources, e.g. "img-src=https://tiles.example.ir;form-action=https://bank.ir".
CSP_EXTRA = env.str("CSP_EXTRA", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # PDF rendering reports every step and every font subset at INFO: noise, not news.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
        # The embedded default's in-memory broker has no host, which kombu announces as a warning.
        "kombu.connection": {"level": "WARNING" if REDIS_URL else "ERROR"},
    },
}

# The renewal code's layout for this municipality: (part, digits).
RENEWAL_CODE_PARTS = [
    ("district", 2),
    ("block", 3),
    ("parcel", 3),
    ("building", 3),
    ("floor", 2),
    ("unit", 3),
]
SITE_NAME = env.str("SITE_NAME", default="پیشخوان خدمات شهرسازی")

# The files' history: every row and each file's head are keyed (HMAC-SHA256) with HISTORY_KEY, a secret
# kept outside the database, so someone who can write the tables cannot rewrite a chain that verifies.
# Without it the key is derived from SECRET_KEY (fine for the embedded default; set it in production
# and keep it when SECRET_KEY rotates). The daily digest of every file's head is also written, once, as
# a file to HISTORY_DIGEST_DIR (a write-once mount) or, with HISTORY_DIGEST_BUCKET, to an S3-compatible
# bucket (use one with Object Lock in compliance mode), where the database's administrators cannot reach.
HISTORY_KEY = env.str("HISTORY_KEY", default="")
if not HISTORY_KEY:
    import hashlib as _hashlib
    import hmac as _hmac

    HISTORY_KEY = _hmac.new(SECRET_KEY.encode(), b"pishkhan.history", _hashlib.sha256).hexdigest()
HISTORY_DIGEST_DIR = Path(env.str("HISTORY_DIGEST_DIR", default=str(VAR_DIR / "history-digests")))
if env.str("HISTORY_DIGEST_BUCKET", default=""):
    STORAGES["history"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("HISTORY_DIGEST_BUCKET"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "file_overwrite": False,
        },
    }
else:
    STORAGES["history"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(HISTORY_DIGEST_DIR)},
    }
