"""Settings for Byggebro, read from the environment (see the README's table).

The embedded default needs nothing but Python: SQLite, Celery on a file-system
broker folder, emails written to files, all under ``var/``. ``DJANGO_ENV=production``
switches on the production posture and refuses to start without real secrets.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("BYGGEBRO_VAR_DIR", str(BASE_DIR / "var")))

DJANGO_ENV = env_choice("DJANGO_ENV", ("development", "production"), "development")
PRODUCTION = DJANGO_ENV == "production"

_DEV_SECRET_KEY = "development-only-secret-key-never-use-in-production-0123456789abcdef"
_DEV_CPR_LOOKUP_KEY = "development-only-cpr-lookup-key"

SECRET_KEY = env_str("SECRET_KEY") or ("" if PRODUCTION else _DEV_SECRET_KEY)
# A separate secret so that rotating SECRET_KEY (sessions, signed links) does not
# orphan every stored CPR lookup, and so a leak of one does not expose the other.
CPR_LOOKUP_KEY = env_str("CPR_LOOKUP_KEY") or ("" if PRODUCTION else _DEV_CPR_LOOKUP_KEY)

if PRODUCTION:
    if len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_ENV=production needs SECRET_KEY of 50+ random characters"
        )
    if len(CPR_LOOKUP_KEY) < 32 or CPR_LOOKUP_KEY == _DEV_CPR_LOOKUP_KEY:
        raise ImproperlyConfigured("DJANGO_ENV=production needs CPR_LOOKUP_KEY of 32+ characters")
    if CPR_LOOKUP_KEY == SECRET_KEY:
        raise ImproperlyConfigured("CPR_LOOKUP_KEY must differ from SECRET_KEY")

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "anymail",
    "axes",
    "accounts",
    "renovations",
    "matching",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "accounts.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.PrivateResponseMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.navigation",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'byggebro.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if USING_POSTGRES and not env_bool("DB_JIT", default=False):
    # PostgreSQL compiles a query whose estimated cost passes jit_above_cost to machine
    # code first: a second or more, for queries that run in milliseconds (the open needs
    # with their places taken: 0.6 s of JIT for 5 ms of work). The service's queries are
    # short; DB_JIT=true turns it back on (docs/benchmarks.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if not USING_POSTGRES:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker and cache when set, else the file-system broker -------
REDIS_URL = env_str("REDIS_URL")
CELERY_TIMEZONE = "Europe/Copenhagen"
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # The retention job (README, "Personal data"): nightly, outside office hours.
    "anonymise-inactive-candidates": {
        "task": "matching.candidates_anonymise_inactive",
        "schedule": crontab(hour=2, minute=30),
    },
    "purge-old-audit-events": {
        "task": "accounts.audit_events_purge",
        "schedule": crontab(hour=2, minute=45),
    },
    # Meeting packs for the coming week's follow-up group meetings (DESIGN §7).
    "freeze-meeting-packs": {
        "task": "matching.meeting_packs_due",
        "schedule": crontab(hour=6, minute=15),
    },
    # Reminders (docs/notifications.md): plan every few minutes, send what is due.
    "notifications-plan": {
        "task": "notifications.plan",
        "schedule": env_int("NOTIFICATIONS_PLAN_EVERY_SECONDS", 300),
    },
    "notifications-send-due": {
        "task": "notifications.send_due",
        "schedule": env_int("NOTIFICATIONS_SEND_EVERY_SECONDS", 60),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # Task retries back off for at most a few minutes, well inside this timeout,
    # so Redis never redelivers a task that is still being worked on.
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {"visibility_timeout": 3600}
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    BROKER_DIR = VAR_DIR / "broker"
    CELERY_BROKER_URL = "filesystem://localhost/"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
    for folder in ("queue", "control"):
        (BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Email --------------------------------------------------------------------
# EMAIL_PROVIDER names an anymail backend (mailgun, postmark, sendgrid, brevo,
# amazon_ses, resend, ...). EMAIL_PROVIDER_KEY fills that provider's main key;
# any ANYMAIL_<SETTING> variable is passed through for the rest.
EMAIL_PROVIDER = env_str("EMAIL_PROVIDER").strip().lower()
_PROVIDER_KEY_SETTING = {
    "mailgun": "MAILGUN_API_KEY",
    "postmark": "POSTMARK_SERVER_TOKEN",
    "sendgrid": "SENDGRID_API_KEY",
    "brevo": "BREVO_API_KEY",
    "resend": "RESEND_API_KEY",
    "mailersend": "MAILERSEND_API_TOKEN",
    "sparkpost": "SPARKPOST_API_KEY",
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Byggebro <noreply@byggebro.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_PROVIDER:
    EMAIL_BACKEND = f"anymail.backends.{EMAIL_PROVIDER}.EmailBackend"
    ANYMAIL: dict[str, str] = {
        key.removeprefix("ANYMAIL_"): value
        for key, value in os.environ.items()
        if key.startswith("ANYMAIL_")
    }
    # The delivery webhook (/anymail/tracking/) answers only with this "user:password".
    if PRODUCTION and not ANYMAIL.get("WEBHOOK_SECRET"):
        raise ImproperlyConfigured("EMAIL_PROVIDER needs ANYMAIL_WEBHOOK_SECRET in production")
    if EMAIL_PROVIDER in _PROVIDER_KEY_SETTING:
        provider_key = env_str("EMAIL_PROVIDER_KEY")
        if not provider_key:
            raise ImproperlyConfigured(f"EMAIL_PROVIDER={EMAIL_PROVIDER} needs EMAIL_PROVIDER_KEY")
        ANYMAIL[_PROVIDER_KEY_SETTING[EMAIL_PROVIDER]] = provider_key
else:
    EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    EMAIL_FILE_PATH = str(VAR_DIR / "emails")

# --- Notifications (docs/notifications.md) --------------------------------------
# Links in emails point here; the pages' paths are in notifications/links.py.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
NOTIFICATIONS_MESSAGE_ID_DOMAIN = env_str("NOTIFICATIONS_MESSAGE_ID_DOMAIN", "byggebro.local")
# Emails to people without an account (site mentors, interns) are in this language.
NOTIFICATIONS_DEFAULT_LANGUAGE = "da"
# Emails go out on working days between these hours, Copenhagen time; reminders are
# due at opening, the mentor's check-in at its hour, the digest at NOTIFICATIONS_DIGEST_AT.
NOTIFICATIONS_OFFICE_OPENS = env_int("NOTIFICATIONS_OFFICE_OPENS", 7)
NOTIFICATIONS_OFFICE_CLOSES = env_int("NOTIFICATIONS_OFFICE_CLOSES", 17)
# Off only for tests and benchmarks that send at any hour.
NOTIFICATIONS_OFFICE_HOURS_ONLY = env_bool("NOTIFICATIONS_OFFICE_HOURS_ONLY", default=True)
NOTIFICATIONS_DIGEST_AT = env_str("NOTIFICATIONS_DIGEST_AT", "07:30")
NOTIFICATIONS_CHECK_IN_HOUR = env_int("NOTIFICATIONS_CHECK_IN_HOUR", 12)
# A check-in link works until the end of this many working days after it was sent.
NOTIFICATIONS_CHECK_IN_WORKING_DAYS = env_int("NOTIFICATIONS_CHECK_IN_WORKING_DAYS", 3)
# How far back the rules catch up on what a day without planning missed.
NOTIFICATIONS_LOOKBACK_DAYS = env_int("NOTIFICATIONS_LOOKBACK_DAYS", 30)
# The sender claims this many rows at a time, and a task sends at most so many batches.
NOTIFICATIONS_BATCH_SIZE = env_int("NOTIFICATIONS_BATCH_SIZE", 200)
NOTIFICATIONS_BATCHES_PER_TASK = env_int("NOTIFICATIONS_BATCHES_PER_TASK", 25)
# Retries: 30 s, 1, 2, 4 ... minutes, at most 30 minutes (below the broker's visibility
# timeout of an hour), then failed for good.
NOTIFICATIONS_RETRY_BASE_SECONDS = env_int("NOTIFICATIONS_RETRY_BASE_SECONDS", 30)
NOTIFICATIONS_RETRY_MAX_SECONDS = env_int("NOTIFICATIONS_RETRY_MAX_SECONDS", 1800)
NOTIFICATIONS_MAX_ATTEMPTS = env_int("NOTIFICATIONS_MAX_ATTEMPTS", 10)
# A claim older than this belongs to a dead sender and is taken back; longer than a
# task may live (CELERY_TASK_TIME_LIMIT above), so a live sender never loses its rows.
NOTIFICATIONS_SENDING_LEASE_SECONDS = env_int("NOTIFICATIONS_SENDING_LEASE_SECONDS", 360)
if NOTIFICATIONS_SENDING_LEASE_SECONDS <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        "NOTIFICATIONS_SENDING_LEASE_SECONDS must exceed CELERY_TASK_TIME_LIMIT"
    )

# --- Authentication -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Language and time ------------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "config" / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "config" / "static"]
# Outside production the files come from the apps as they change, not from collectstatic.
WHITENOISE_AUTOREFRESH = not PRODUCTION
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- API ------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "renovations.authentication.TokenWithRolesAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "config.schema.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "config.pagination.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "config.exceptions.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Byggebro API",
    "DESCRIPTION": "Jobs for residents of social-housing areas under renovation.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CandidateStatusEnum": "matching.models.CandidateStatus",
        "PlacementStatusEnum": "matching.models.PlacementStatus",
        "NeedStatusEnum": "renovations.models.NeedStatus",
        "ProjectStatusEnum": "renovations.models.ProjectStatus",
        "RetentionStatusEnum": "matching.models.RetentionStatus",
        "EndPlanKindEnum": "matching.models.EndPlanKind",
        "OutcomeKindEnum": "matching.models.OutcomeKind",
        "NeedKindEnum": "renovations.models.NeedKind",
        "EvidenceEnum": "matching.models.Evidence",
        # The tag of each variant of a candidate or placement (matching.selectors.CandidateAccess).
        "FullAccessEnum": ["full"],
        "ContractorAccessEnum": ["contractor"],
        "ReferrerAccessEnum": ["referrer"],
        "AreaCategoryEnum": "renovations.models.AreaCategory",
        "ContractorRoleEnum": "renovations.models.ContractorRole",
    },
}

# --- Production posture -------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_COOKIE_HTTPONLY = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    if not SECURE_SSL_REDIRECT:
        # Turned off on purpose where TLS ends at a proxy that redirects itself.
        SILENCED_SYSTEM_CHECKS = ["security.W008"]

# --- Login and security headers ------------------------------------------------
# (lockout, password reset, session timeouts, CSP, no-store, API tokens)


def _env_int_between(name: str, default: int, low: int, high: int) -> int:
    value = env_int(name, default)
    if not low <= value <= high:
        raise ImproperlyConfigured(f"{name} must be between {low} and {high}, not {value}")
    return value


# These replace the values in "Authentication" above: login is its own page now.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out client is refused before any password is checked.
    "accounts.authentication.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Lockout (django-axes): failures count per email *and* client address, so an
# attacker cannot lock out the others behind the same address (a job centre's
# office), nor the same user from elsewhere. The issue demands at most 5.
LOGIN_FAILURE_LIMIT = _env_int_between("LOGIN_FAILURE_LIMIT", 5, 1, 5)
LOGIN_LOCKOUT_MINUTES = _env_int_between("LOGIN_LOCKOUT_MINUTES", 30, 0, 7 * 24 * 60)
# Proxies in front of the service that append to X-Forwarded-For (0: none; the
# client address is REMOTE_ADDR). Behind a proxy, leaving this 0 makes every
# client one address, and the lockout per email alone.
TRUSTED_PROXY_COUNT = _env_int_between("TRUSTED_PROXY_COUNT", 0, 0, 5)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A float is hours to axes; 0 locks out until an administrator resets it (axes_reset).
AXES_COOLOFF_TIME = LOGIN_LOCKOUT_MINUTES / 60 if LOGIN_LOCKOUT_MINUTES else None
# A success forgives earlier typos; an attacker without the password gains nothing.
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.authentication.login_username"
AXES_CLIENT_IP_CALLABLE = "accounts.authentication.client_ip_address"
AXES_SENSITIVE_PARAMETERS = ["username", "email", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_COOLOFF_MESSAGE = _("Too many failed login attempts. Try again later.")
AXES_PERMALOCK_MESSAGE = _("Too many failed login attempts. Ask an administrator to unlock.")
AXES_VERBOSE = False
# Failed attempts are kept for the lockout; successful logins are not logged with their
# IP address (personal data with no use here; the audit log records what was looked at).
AXES_DISABLE_ACCESS_LOG = True

# Sessions end after 30 minutes without a request (the cookie's age, renewed on
# every request) and at the latest 12 hours after login (accounts.middleware).
SESSION_IDLE_TIMEOUT_MINUTES = _env_int_between("SESSION_IDLE_TIMEOUT_MINUTES", 30, 1, 30)
SESSION_ABSOLUTE_TIMEOUT_HOURS = _env_int_between("SESSION_ABSOLUTE_TIMEOUT_HOURS", 12, 1, 12)
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True

# API tokens (POST /api/v1/auth/token/) stop working this long after they were issued.
API_TOKEN_TTL_HOURS = _env_int_between("API_TOKEN_TTL_HOURS", 12, 1, 24 * 365)

# Headers. Django sets X-Frame-Options, nosniff, Referrer-Policy, COOP and (in
# production) HSTS; django-csp the CSP; accounts.middleware Permissions-Policy and
# Cache-Control: no-store wherever personal data may be in the response.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
# Swagger UI would otherwise send the schema's address to validator.swagger.io
# for a badge image, which the CSP blocks anyway.
SPECTACULAR_SETTINGS["SWAGGER_UI_SETTINGS"] = {"deepLinking": True, "validatorUrl": None}

# --- Logging: never request bodies, never personal data ---------------------------
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}

# --- Matching --------------------------------------------------------------------------
# Points for each part of the score (matching.algorithm.Weights); unset ones keep their default.
MATCHING_WEIGHTS: dict[str, object] = {}
# How many suggestions a coordinator sees for a need; choosing someone else needs a reason.
MATCHING_SUGGESTIONS = env_int("MATCHING_SUGGESTIONS", 10)
# How many of each need's best candidates the allocation considers.
MATCHING_ALLOCATION_TOP_K = env_int("MATCHING_ALLOCATION_TOP_K", 20)
# Seconds a worker keeps a municipality's candidates in memory to rank suggestions with
# numpy (the top rows are re-checked against the database); 0 ranks in the database.
MATCHING_INDEX_SECONDS = env_int("MATCHING_INDEX_SECONDS", 60)

# --- Reports ---------------------------------------------------------------------------
# Person counts from 1 up to this show as "≤3" to everyone but coordinators (DESIGN §7).
REPORT_SUPPRESSION_THRESHOLD = env_int("REPORT_SUPPRESSION_THRESHOLD", 3)

# --- Personal data ---------------------------------------------------------------------
CONSENT_VALID_MONTHS = env_int("CONSENT_VALID_MONTHS", 12)
# A candidate with nothing happening for this long is anonymised by the daily retention
# job: two years covers the 12-month retention check and a year for questions after it.
CANDIDATE_RETENTION_MONTHS = env_int("CANDIDATE_RETENTION_MONTHS", 24)
# Audit events are kept this long, then deleted by the same job.
AUDIT_RETENTION_MONTHS = env_int("AUDIT_RETENTION_MONTHS", 36)
