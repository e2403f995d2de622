"""Samenspel settings: one file, read from the environment, safe by default.

Every knob is a ``SAMENSPEL_*`` environment variable (the README has the table). Without any,
this file describes a production deployment: DEBUG off, HTTPS only, strict cookies and a
Content-Security-Policy without inline scripts. The demo loosens only what
``samenspel.demo_mode`` allows, and only on SQLite bound to localhost.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from samenspel import demo_mode
from samenspel.env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env("SAMENSPEL_VAR_DIR", "var")).resolve()

SECRET_KEY = env("SAMENSPEL_SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SAMENSPEL_SECRET_KEY is not set. `samenspel demo` creates one for the demo; "
        "a deployment must set its own (50+ random characters)."
    )
# Keys rotated out stay valid for reading old signatures until sessions have expired.
SECRET_KEY_FALLBACKS = env_list("SAMENSPEL_SECRET_KEY_FALLBACKS")

DEBUG = env_bool("SAMENSPEL_DEBUG", default=False)
# The coordinators' office hours shown to families with their messages (portal); empty: the
# portal's default wording ("Monday to Friday, from 9 to 5").
SAMENSPEL_PORTAL_OFFICE_HOURS = env("SAMENSPEL_PORTAL_OFFICE_HOURS", "")
ALLOWED_HOSTS = env_list("SAMENSPEL_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("SAMENSPEL_CSRF_TRUSTED_ORIGINS")

DATABASES = {
    "default": dj_database_url.parse(
        env("SAMENSPEL_DATABASE_URL", f"sqlite:///{VAR_DIR / 'samenspel.sqlite3'}"),
        conn_max_age=env_int("SAMENSPEL_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, so read-then-write
    # sequences (the access log's sealer, optimistic locking) cannot interleave; WAL lets
    # readers continue while one writer works.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Pages run short queries: PostgreSQL's JIT compiles for 100-250 ms whenever a plan's
    # estimated cost is high, far more than it saves here (bench/README.md).
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options["options"] = (_pg_options.get("options", "") + " -c jit=off").strip()
    # Behind PgBouncer in transaction mode a server-side cursor could outlive its server
    # connection: set this, and jit=off in the server's configuration (PgBouncer drops the
    # "options" start-up parameter).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool(
        "SAMENSPEL_DB_DISABLE_SERVER_SIDE_CURSORS", default=False
    )

# Read-heavy, non-critical pages (figures) may read a streaming replica; see core.db_router
# for the staleness rule. Family files, access decisions and every write use "default".
_replica_url = env("SAMENSPEL_DATABASE_REPLICA_URL", "")
if _replica_url:
    DATABASES["replica"] = dj_database_url.parse(
        _replica_url,
        conn_max_age=env_int("SAMENSPEL_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["replica"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
        DATABASES["replica"]["DISABLE_SERVER_SIDE_CURSORS"] = DATABASES["default"].get(
            "DISABLE_SERVER_SIDE_CURSORS", False
        )
REPLICA_READS = bool(_replica_url)
DATABASE_ROUTERS = ["samenspel.core.db_router.ReplicaRouter"]
REPLICA_MAX_LAG_SECONDS = env_int("SAMENSPEL_REPLICA_MAX_LAG", 30)

# The demo conveniences (visible demo codes, plain-HTTP cookies) exist only when this is
# True, and demo_mode refuses it anywhere but SQLite on localhost.
DEMO_MODE = demo_mode.enabled(
    requested=env_bool("SAMENSPEL_DEMO", default=False),
    database=DATABASES["default"],
    allowed_hosts=ALLOWED_HOSTS,
)

INSTALLED_APPS = [
    "samenspel.core",
    "samenspel.accounts",
    "samenspel.audit",
    "samenspel.network",
    "samenspel.families",
    "samenspel.access",
    "samenspel.trajectories",
    "samenspel.plans",
    "samenspel.analytics",
    "samenspel.knowledge",
    "samenspel.collaboration",
    "samenspel.insight",
    "samenspel.portal",
    "samenspel.demo",
    "samenspel.api",
    "samenspel.fhir",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # full-text search and trigrams; the code falls back on SQLite
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "django_htmx",
    "django_tasks_db",
    "oauth2_provider",
    "django.forms",
]

# Systems of an organisation (docs/API.md): OAuth 2.0 client credentials, SMART Backend
# Services flavour (private_key_jwt, api/oauth.py). Tokens live five minutes and are stored
# as checksums only (RFC 9700).
OAUTH2_PROVIDER = {
    "OAUTH2_VALIDATOR_CLASS": "samenspel.api.oauth.SmartValidator",
    "ACCESS_TOKEN_EXPIRE_SECONDS": 300,
    # Every RFC 9700 (OAuth 2.0 Security BCP) behaviour on; only client credentials is used.
    **{
        f"COMPLIANT_BCP_RFC9700_{name}": True
        for name in (
            "ACCESS_TOKEN_TRANSPORT",
            "AUTHZ_RESPONSE_ISS",
            "IMPLICIT_GRANT",
            "PASSWORD_GRANT",
            "PKCE_METHOD",
            "PKCE_REQUIRED",
            "REDIRECT_URI_MATCHING",
            "REDIRECT_URI_SCHEME",
            "REFRESH_TOKEN",
            "TOKEN_STORAGE",
        )
    },
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    "SCOPES": {
        "system/Organization.read": "directory: organisations",
        "system/Practitioner.read": "directory: professionals",
        "system/PractitionerRole.read": "directory: places",
        "system/CareTeam.read": "care teams",
        "system/CarePlan.read": "plans",
        "system/CarePlan.write": "plan proposals",
        "system/Consent.read": "consents",
        "system/Encounter.read": "meetings",
        "system/AuditEvent.read": "access events",
        "system/Group.write": "family registration",
        "system/Observation.write": "journal notes",
        "system/Task.write": "time",
    },
}
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"  # noqa: S105 - a model name
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"  # noqa: S105 - a model name
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"  # noqa: S105 - a model name
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"
# Calls per minute for a client that names no rate of its own.
SAMENSPEL_API_RATE = env_int("SAMENSPEL_API_RATE", 120)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "samenspel.core.middleware.request_id_middleware",
    # Right after the id: one log line and one latency sample per request, all of it timed.
    "samenspel.core.logs.request_log_middleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Dutch becomes Flemish Dutch for someone who works or gets help in Belgium.
    "samenspel.core.country.country_language_middleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "samenspel.accounts.middleware.session_timeout_middleware",
    "samenspel.accounts.middleware.remember_language_middleware",
    "samenspel.accounts.middleware.mfa_required_middleware",
    "samenspel.core.middleware.no_store_middleware",
    "samenspel.core.middleware.UrlIdRangeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that a lockout short-circuits only the view, not the middleware above.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samenspel.urls"
FORM_RENDERER = "samenspel.core.forms.FormRenderer"
WSGI_APPLICATION = "samenspel.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samenspel.core.context_processors.shell",
            ],
        },
    }
]

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out login before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_URL_PATH = "/accounts/login/"
LOGIN_REDIRECT_URL = "core:home"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Accounts are created by a network administrator, never by strangers.
ACCOUNT_ADAPTER = "samenspel.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# allauth counts wrong passwords and wrong second-step codes under this one key. Per address
# here; per account, wrong passwords are django-axes' job and wrong codes are counted in the
# database by accounts/second_step.py (MFA_FORMS below), so both limits hold across workers.
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Samenspel] "

MFA_ADAPTER = "samenspel.accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = env("SAMENSPEL_MFA_ISSUER", "Samenspel")
MFA_TOTP_TOLERANCE = 1
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_FORMS = {
    "authenticate": "samenspel.accounts.forms.AuthenticateForm",
    "reauthenticate": "samenspel.accounts.forms.ReauthenticateForm",
    "add_webauthn": "samenspel.accounts.forms.AddWebAuthnForm",
}
# Wrong second-step codes: per account, then a lockout the user and the security officer
# see; per address, against guessing across many accounts (accounts/second_step.py).
SECOND_STEP_FAILURES_PER_ACCOUNT = env_int("SAMENSPEL_MFA_FAILURES", 5)
SECOND_STEP_ACCOUNT_WINDOW = timedelta(minutes=5)
SECOND_STEP_LOCKOUT = timedelta(minutes=env_int("SAMENSPEL_MFA_LOCKOUT_MINUTES", 15))
SECOND_STEP_FAILURES_PER_ADDRESS = 20
SECOND_STEP_ADDRESS_WINDOW = timedelta(minutes=1)
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEMO_MODE
# Encrypts TOTP secrets at rest (and later other secrets such as a BSN); a deployment keeps
# this key apart from the database backups. Falls back to a key derived from SECRET_KEY.
FIELD_ENCRYPTION_KEYS = env_list("SAMENSPEL_FIELD_ENCRYPTION_KEYS")

AXES_FAILURE_LIMIT = env_int("SAMENSPEL_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SAMENSPEL_LOCKOUT_MINUTES", 15))
# Lock the account, not the office: colleagues behind one NAT must not lock each other out.
# Password spraying from one address is throttled by allauth's per-IP rate limit
# (ACCOUNT_RATE_LIMITS), hence axes' "add ip_address" advice is silenced on purpose.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = [
    "axes.W006",
    # Covering indexes (INCLUDE) are a PostgreSQL speed-up; on SQLite the same index without
    # the extra columns is correct, only not index-only.
    "models.W040",
]
AXES_USERNAME_CALLABLE = "samenspel.accounts.lockout.username_from_request"
AXES_LOCKOUT_CALLABLE = "samenspel.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("SAMENSPEL_PROXY_COUNT", 0) or None

# NEN 7510: sessions end after inactivity and, regardless, after a working day.
# Aggregates for policy makers only above a minimum cell size (DOMAIN.md §6).
ANALYTICS_MIN_CELL_SIZE = env_int("SAMENSPEL_MIN_CELL_SIZE", 10)

SESSION_IDLE_TIMEOUT = timedelta(minutes=env_int("SAMENSPEL_SESSION_IDLE_MINUTES", 30))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=env_int("SAMENSPEL_SESSION_ABSOLUTE_HOURS", 10))
# The idle clock is written to the session at most this often: a write on every click costs
# a session save; a minute's precision is plenty (capped at half the idle limit).
SESSION_LAST_SEEN_RESOLUTION = timedelta(seconds=60)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_NAME = "samenspel_session"

# --- Security headers -----------------------------------------------------------------
HTTPS = env_bool("SAMENSPEL_HTTPS", default=not DEMO_MODE)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 63072000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Behind a reverse proxy we trust its X-Forwarded-Proto and its X-Request-ID; without one
# both headers come from the client and are ignored.
TRUSTED_PROXY = env_bool("SAMENSPEL_BEHIND_PROXY", default=False)
if TRUSTED_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Probes and the scraper speak plain HTTP to the instance, behind the TLS-terminating proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "samenspel.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# No inline scripts, no third parties: every asset comes from this server.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "samenspel_language"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("SAMENSPEL_STATIC_ROOT", str(VAR_DIR / "static")))
# Uploads that are files (photos are stored in the database): one directory every app
# instance shares (NFS in a small setup, an S3-compatible object store in production).
MEDIA_ROOT = Path(env("SAMENSPEL_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 31536000

# --- Background work ------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- The access log's seals (docs/ARCHITECTURE.md, "The access log") --------------------
# `key-id:secret` pairs, newest first: the newest seals, the older ones still verify the seals
# they made. Kept outside the database and its backups. Unset: a key derived from SECRET_KEY
# (and check --deploy warns).
AUDIT_KEYS = env_list("SAMENSPEL_AUDIT_KEYS")
# The log's head (last seal id and hash) is exported here after each seal and verification; in
# production a directory another OS user owns, which the application's user cannot rewrite.
AUDIT_HEAD_DIR = Path(env("SAMENSPEL_AUDIT_HEAD_DIR", str(VAR_DIR / "audit-heads")))
# Seconds between two runs of the sealer in the task worker.
AUDIT_SEAL_SECONDS = env_int("SAMENSPEL_AUDIT_SEAL_SECONDS", 5)

# --- Cache: shared across processes -----------------------------------------------------
# allauth keeps its rate limits (password spraying, reset mails) in the default cache, so it
# must be one all workers share: Redis when configured, else a table in the database
# (created by core's migration 0001). A per-process cache fails `check --deploy`
# (core/checks.py).
_cache_url = env("SAMENSPEL_CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
        if _cache_url
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "samenspel_cache",
        }
    )
}
# Sessions are read on every request: from the shared cache when there is one (written
# through to the database, so a cache restart logs nobody out). Never from a per-process
# cache: with several workers a logout or timeout in one would not reach the others.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if _cache_url
    else "django.contrib.sessions.backends.db"
)

# --- E-mail ---------------------------------------------------------------------------
MAILERS = {
    "default": (
        {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
        if DEMO_MODE
        else {
            "BACKEND": env(
                "SAMENSPEL_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
            ),
            "OPTIONS": {
                "host": env("SAMENSPEL_EMAIL_HOST", "localhost"),
                "port": env_int("SAMENSPEL_EMAIL_PORT", 587),
                "username": env("SAMENSPEL_EMAIL_USER", ""),
                "password": env("SAMENSPEL_EMAIL_PASSWORD", ""),
                "use_tls": env_bool("SAMENSPEL_EMAIL_USE_TLS", default=True),
            },
        }
    )
}
DEFAULT_FROM_EMAIL = env("SAMENSPEL_DEFAULT_FROM_EMAIL", "Samenspel <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Prometheus scrapes /metrics with this bearer token; without one the endpoint is absent.
METRICS_TOKEN = env("SAMENSPEL_METRICS_TOKEN", "")

# One JSON object a line (SAMENSPEL_LOG_FORMAT=plain for a human at a terminal). Request
# lines carry no path, query or user: see core.logs.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "samenspel.core.logs.JsonFormatter"},
    },
    "filters": {
        # A line as each background task starts and ends (the access log's sealer runs every
        # few seconds); WARNING keeps only failed tasks (the demo's default).
        "task_runs": {
            "()": "samenspel.core.logs.TaskRunFilter",
            "level": env("SAMENSPEL_TASK_LOG_LEVEL", "INFO"),
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain" if env("SAMENSPEL_LOG_FORMAT", "json") == "plain" else "json",
            "filters": ["task_runs"],
        }
    },
    "root": {"handlers": ["console"], "level": env("SAMENSPEL_LOG_LEVEL", "INFO")},
    "loggers": {
        # A 404 for a family that is not visible is normal, not a warning.
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}
