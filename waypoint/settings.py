"""Waypoint settings: one module, read from the environment.

Defaults are safe for development; WAYPOINT_ENV=production turns on the strict ones and refuses to start
without a real secret key.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from waypoint.database import database_settings, env_flag

BASE_DIR = Path(__file__).resolve().parent.parent

ENVIRONMENT = os.environ.get("WAYPOINT_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
TESTING = ENVIRONMENT == "test"

if PRODUCTION:
    SECRET_KEY = os.environ["SECRET_KEY"]
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-key-not-for-production-use-0123456789abcdef")

DEBUG = env_flag("DEBUG", default=not (PRODUCTION or TESTING))
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_htmx",
    "pgtrigger",
    "pghistory",
    "rest_framework",
    "drf_spectacular",
    # Waypoint's own apps, one per area of the domain.
    "organisation",
    "accounts",
    "intake",
    "casework",
    "commissioning",
    "justice",
    "volunteering",
    "outcomes",
    "equality",
    "safeguarding",
    "reviews",
    "audit",
    "reporting",
    "teams",
    "api",
    "frontend",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Security (issue 5, finding 6): no response with personal data is kept in a cache. Here, so it sees them all.
    "accounts.middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.RequireSecondFactorMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "access.middleware.NotAllowedIsNotFoundMiddleware",
    "access.middleware.RememberReachMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "waypoint.request_checks.RefuseNulBytesMiddleware",
]

# Widget templates (the GOV.UK date input) live in templates/includes/widgets/, so forms use the project's templates.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "waypoint.urls"
WSGI_APPLICATION = "waypoint.wsgi.application"

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
                "frontend.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {"default": database_settings(BASE_DIR, production=PRODUCTION)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "casework:caseload"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

# Sessions: 30 minutes idle (the cookie is renewed on each request), and at most this long in all.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", 30 * 60))
# Idle expiry slides with activity: accounts.middleware.SessionLifetimeMiddleware saves an active session (so
# moves its expiry on) once a minute, rather than Django saving it on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=int(os.environ.get("SESSION_ABSOLUTE_HOURS", 10)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_NAME = "__Host-waypoint-session" if PRODUCTION else "waypoint-session"
CSRF_COOKIE_NAME = "__Host-waypoint-csrf" if PRODUCTION else "waypoint-csrf"

if PRODUCTION:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 63072000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Report figures from 1 to this less one are suppressed for analysts and for sharing outside the service.
WAYPOINT_SUPPRESS_BELOW = int(os.environ.get("WAYPOINT_SUPPRESS_BELOW", 5))
# A force is flagged when its notifications are under this percentage of the homicides it recorded.
WAYPOINT_COVERAGE_FLAG_BELOW = int(os.environ.get("WAYPOINT_COVERAGE_FLAG_BELOW", 80))

# Second factor: TOTP with backup codes (django-otp).
OTP_TOTP_ISSUER = "Waypoint"

# Security (issue 5, finding 9): password guessing. Lock an account name from one address after five failures,
# for 30 minutes; the holder can still sign in from elsewhere, and is emailed (accounts.lockout). The values are
# pinned by accounts/tests/test_lockout.py.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False
# The client's address, read behind this many proxies of our own (0: Waypoint is reached directly).
WAYPOINT_TRUSTED_PROXY_COUNT = int(os.environ.get("WAYPOINT_TRUSTED_PROXY_COUNT", 0))
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"
# Email, for telling an account's holder about a lockout.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Waypoint <waypoint@localhost>")

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English")), ("cy", _("Welsh"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# collectstatic's target, for production; elsewhere WhiteNoise serves straight from the finders.
STATIC_ROOT = BASE_DIR / "var" / "staticfiles" if PRODUCTION else None
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# The browsable API (the API's HTML pages) only where a developer turns it on, and never in production: JSON only.
API_BROWSABLE = os.environ.get("WAYPOINT_BROWSABLE_API", "0") == "1" and not PRODUCTION
# Requests one user may make, as DRF writes a rate: a number, "/", and second, minute, hour or day.
API_THROTTLE_RATE = os.environ.get("WAYPOINT_API_THROTTLE_RATE", "1000/hour")
if not re.fullmatch(r"[1-9][0-9]*/(second|minute|hour|day)", API_THROTTLE_RATE):
    raise ImproperlyConfigured(f"WAYPOINT_API_THROTTLE_RATE must look like 1000/hour, not {API_THROTTLE_RATE!r}")

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        *(["rest_framework.renderers.BrowsableAPIRenderer"] if API_BROWSABLE else []),
    ],
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.VerifiedSessionAuthentication",
        "api.authentication.BearerTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.IsActiveUser"],
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "api.schema.WaypointAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiUserThrottle"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Waypoint API",
    "DESCRIPTION": "Case management for services supporting people bereaved by homicide.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ContactKindEnum": "casework.models.ContactKind",
        "AssessmentKindEnum": "casework.models.AssessmentKind",
        "ClosureReasonEnum": "casework.models.ClosureReason",
        "CicaStatusEnum": "commissioning.models.CicaStatus",
        "ConsentOutcomeEnum": "casework.models.ConsentOutcome",
        "VerdictOutcomeEnum": "justice.models.VerdictOutcome",
        "JourneyEventKindEnum": "justice.models.EventKind",
        "EqualityYesNoEnum": "equality.models.YesNo",
        "ConcernKindEnum": "safeguarding.models.ConcernKind",
        "AdvocacyOfferOutcomeEnum": "reviews.models.OfferOutcome",
        "CoverReasonEnum": "casework.models.CoverReason",
        "PoliceLiaisonKindEnum": "intake.models.LiaisonKind",
    },
}

# Never log personal data: requests are logged by path and status only, and errors without local variables.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Tracebacks are logged as exception types and frames, without messages (waypoint/log_format.py).
    "formatters": {
        "plain": {
            "()": "waypoint.log_format.NoDetailsFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # django-axes logs account names and addresses at WARNING: keep them out of the logs.
        "axes": {"level": "ERROR"},
    },
}

if TESTING:
    # Still Argon2, with a small work factor so that the suite stays quick.
    PASSWORD_HASHERS = ["accounts.hashers.QuickArgon2PasswordHasher"]

# Security (issue 5, finding 8): personal API tokens are kept as digests and end after this many days.
API_TOKEN_DAYS = int(os.environ.get("WAYPOINT_API_TOKEN_DAYS", 90))
# How many days ahead upcoming hearings and trials show in a case holder's "What is due".
JOURNEY_DUE_DAYS_AHEAD = int(os.environ.get("WAYPOINT_JOURNEY_DUE_DAYS_AHEAD", "14"))
# The Witness Service hand-over is due this many days before a listed trial (time for its pre-trial visit), until one
# is recorded since the trial was listed.
WITNESS_HANDOVER_DAYS_BEFORE = int(os.environ.get("WAYPOINT_WITNESS_HANDOVER_DAYS_BEFORE", "14"))
# Domestic Homicide Reviews are being renamed Domestic Abuse Related Death Reviews: how sentences name the review,
# and the title of its page.
WAYPOINT_DHR_NAME = os.environ.get("WAYPOINT_DHR_NAME", "Domestic Homicide Review")
WAYPOINT_DHR_TITLE = os.environ.get(
    "WAYPOINT_DHR_TITLE", "Domestic Abuse Related Death Review (formerly Domestic Homicide Review)"
)
# The team caseload page (teams): open cases (people) a worker may hold before their load is flagged, and how far
# ahead it counts hearings.
WAYPOINT_CASELOAD_TARGET = int(os.environ.get("WAYPOINT_CASELOAD_TARGET", "30"))
WAYPOINT_TEAM_HEARING_DAYS = int(os.environ.get("WAYPOINT_TEAM_HEARING_DAYS", "28"))

# Change history: every insert, update and delete of tracked records, append-only in the database.
PGHISTORY_APPEND_ONLY = True

# Commissioned services agreed above this many pounds need a team leader of the region (or the national manager)
# to approve them; at or below it, whoever records the service approves it.
WAYPOINT_COMMISSIONING_APPROVAL_LIMIT = os.environ.get("WAYPOINT_COMMISSIONING_APPROVAL_LIMIT", "500")

# ---- Performance: database connections, caches, sessions, password hashing (issue 6) ------------------
# django.contrib.postgres: the trigram extension and expression indexes with an operator class (search).
INSTALLED_APPS += ["django.contrib.postgres"]
# JIT off for the application's connections: its compile time cost more than it saved on every report measured
# (1.4 s of a 2.8 s query), and the queries here are short. 16 MB for each sort or hash (4 MB by default): national
# reports group a hundred thousand rows or more, whose sorts otherwise spill to disk at 100 times the volume.
_db_options = DATABASES["default"].setdefault("OPTIONS", {})
_db_options["options"] = " ".join(filter(None, [_db_options.get("options", ""), "-c jit=off -c work_mem=16MB"]))

# One cache shared by every worker process: Redis where REDIS_URL is set; otherwise a table in the database
# (made by the `frontend` migration), so the embedded default needs no other server.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "waypoint_cache"}}
# With Redis, sessions are read from the cache and written through to the database. Without it the cache is the
# database too, so a cached session would cost more queries, not fewer: sessions stay plain database rows.
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# API collections are paged by cursor, not offset: no count of the whole collection, the same cost at any depth.
REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"] = "api.pagination.CursorPagination"

# OWASP's password storage parameters for Argon2id (accounts.hashers); the test suite keeps its quick ones.
if not TESTING:
    PASSWORD_HASHERS = [
        "accounts.hashers.WaypointArgon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]

# Loopback benchmarking only (`make serve`): production settings over plain HTTP on 127.0.0.1, with no TLS
# redirect and cookies that are not marked Secure. Refused for any other host.
if PRODUCTION and os.environ.get("WAYPOINT_PLAIN_HTTP_LOOPBACK") == "1":
    if set(ALLOWED_HOSTS) - {"127.0.0.1", "localhost"}:
        raise RuntimeError("WAYPOINT_PLAIN_HTTP_LOOPBACK=1 is for 127.0.0.1 only: set ALLOWED_HOSTS=127.0.0.1")
    SECURE_SSL_REDIRECT = False
    SECURE_HSTS_SECONDS = 0
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
    SESSION_COOKIE_NAME, CSRF_COOKIE_NAME = "waypoint-session", "waypoint-csrf"
