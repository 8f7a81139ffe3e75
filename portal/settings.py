"""Settings for the history teaching portal.

Everything that differs between a laptop and a school's server comes from the
environment; the defaults are safe for development only (see README, "Configuration").
"""

import base64
import hashlib
import os
from datetime import timedelta
from pathlib import Path

from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from portal.database import database_settings
from portal.requestlog import logging_settings
from portal.storage import s3_storage

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DJANGO_DEBUG", False)
_DEV_SECRET = "dev-only-insecure-key-change-me-in-production-0123456789abcdefghij"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", _DEV_SECRET)
# The development key is never good enough to serve with: portal/wsgi.py and asgi.py
# refuse to start on it unless DEBUG is on, and `check --deploy` warns (portal.W001).
# Management commands (makemigrations, tests) still work in a development checkout.
PORTAL_USING_DEV_SECRET = SECRET_KEY == _DEV_SECRET
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# The address printed on login cards and in messages to users.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
PORTAL_NAME = os.environ.get("PORTAL_NAME", "Sources & Voices")
# Teachers may ask for an account themselves; each waits for an admin's approval.
PORTAL_TEACHER_SIGNUP = env_bool("PORTAL_TEACHER_SIGNUP", False)
# The largest unit package accepted for import, and the most any member unpacks to.
PORTAL_PACKAGE_MAX_BYTES = int(os.environ.get("PORTAL_PACKAGE_MAX_MB", "25")) * 2**20
PORTAL_PACKAGE_MAX_MEMBER_BYTES = PORTAL_PACKAGE_MAX_BYTES
# Where `manage.py backup` writes when no --output is given.
PORTAL_BACKUP_DIR = Path(os.environ.get("PORTAL_BACKUP_DIR", str(BASE_DIR / "backups")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "simple_history",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.microsoft",
    "allauth.socialaccount.providers.clever",
    "allauth.socialaccount.providers.saml",
    "allauth.mfa",
    "portal",
    "jobs",
    "accounts",
    "notifications",
    "classrooms",
    "sources",
    "lessons",
    "assignments",
    "packages",
    "privacy",
    # After jobs: its db_worker command (with the lease sweep) replaces this one's.
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: every request gets an id, in its answer and in each of its log lines.
    "portal.requestlog.RequestIdMiddleware",
    # Counts and times every request for /metrics (portal/metrics.py).
    "portal.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # NUL characters out of every value; no-store on every signed-in answer.
    "portal.edge.EdgeMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Sessions from before accounts.backends: moved to it, not signed out.
    "accounts.middleware.SessionBackendMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # A signed-in person's own language (User.language) over the cookie or browser.
    "accounts.middleware.PreferredLanguageMiddleware",
    "accounts.middleware.PersonalTimeZoneMiddleware",  # the viewer's own zone
    "django.contrib.messages.middleware.MessageMiddleware",
    # allauth: keeps the pending sign-in (a second factor, a provider's answer).
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    # Admins set up a second factor before the admin opens (PORTAL_ADMIN_MFA_REQUIRED).
    "accounts.middleware.AdminMFARequiredMiddleware",
    # A refused provider answer (tampered, replayed, expired) is a page, not a 403.
    "accounts.middleware.SingleSignOnErrorMiddleware",
    "portal.access.AccessPolicyMiddleware",
    # Axes must come last: it turns a lockout raised during sign-in into a page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

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
                "portal.context_processors.portal",
                "notifications.context_processors.bell",  # the header's count
            ],
        },
    },
]

# Database: SQLite file unless DATABASE_URL says otherwise (PostgreSQL via psycopg 3,
# persistent connections, prepared statements: portal/database.py).
DATABASE_URL = os.environ.get("DATABASE_URL", "")
DATABASES = {"default": database_settings(DATABASE_URL, BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and sessions: Redis when REDIS_URL is set (shared by every gunicorn process),
# otherwise the local-memory cache and database-backed sessions.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.PortalRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("REDIS_KEY_PREFIX", "portal"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60 * 12)))

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.PortalModelBackend",
    # Signs in people who come back from a provider (allauth's social accounts).
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    # Only for one-time passwords on login cards (see accounts/hashers.py); the
    # first sign-in re-hashes them with Argon2, and the person then chooses their own.
    "accounts.hashers.OneTimePasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout per username only: a whole class signing in from one school address
# (one NAT IP) must never lock each other out; a guessed account is locked alone.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "8"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# axes.W006 asks for the IP address in the lockout key; we leave it out on purpose
# (see above): one school = one IP, and locking it would lock out a whole class.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# ... a limit per browser session, so one browser cannot try a password across many
# accounts, and a far higher one per network address as the backstop for a machine
# that drops its cookies (accounts.views.SignInView). A school shares one address:
# the address limit must stay far above what one pupil can reach.
PORTAL_SIGNIN_FAILURES_PER_SESSION = int(
    os.environ.get("PORTAL_SIGNIN_FAILURES_PER_SESSION", "30")
)
PORTAL_SIGNIN_FAILURES_PER_IP = int(
    os.environ.get("PORTAL_SIGNIN_FAILURES_PER_IP", "1000")
)

# --- Sign-in: allauth (single sign-on, second factor) ---------------------------
# Every sign-in goes through allauth's login flow, so a second factor is always asked
# for when the person has one: the password form (accounts.views.SignInView, which
# keeps the lockout rules above), a provider's answer, and the admin (its own sign-in
# page sends people to ours). Nobody signs up through allauth: accounts come from
# teachers, OneRoster imports, teacher sign-up with approval, or the admin.
ACCOUNT_ADAPTER = "accounts.adapters.PortalAccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.PortalSocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Wrong second-step codes count per person (like the password lockout), not per
# address: a staff room shares one school address.
ACCOUNT_RATE_LIMITS = {"login_failed": "8/15m/key"}
# A provider account is keyed on (provider, subject id), never on an e-mail claim:
# allauth's own e-mail matching stays off; accounts.adapters links known people.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_STORE_TOKENS = False
# The buttons are forms that POST (with the CSRF token): a link from another site
# cannot start a sign-in.
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_PROVIDERS = {
    # Providers are switched on in the admin (Social applications), not here; these
    # are the defaults every one of them gets. PKCE wherever the provider allows.
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        # allauth's provider plus a nonce checked in the ID token (accounts/oidc.py)
        "provider_class": "accounts.oidc.NonceOpenIDConnectProvider",
    },
    "google": {
        "SCOPE": ["openid", "email", "profile"],
        "AUTH_PARAMS": {"prompt": "select_account"},
        "OAUTH_PKCE_ENABLED": True,
    },
    "microsoft": {"TENANT": "organizations", "OAUTH_PKCE_ENABLED": True},
    "clever": {},
    "saml": {},
}
MFA_ADAPTER = "accounts.adapters.PortalMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = PORTAL_NAME
MFA_RECOVERY_CODE_COUNT = 10
# Admins must set up a second factor before the admin opens; teachers may.
PORTAL_ADMIN_MFA_REQUIRED = env_bool("PORTAL_ADMIN_MFA_REQUIRED", True)
# Teachers may sign in with a local password (a LAN-only school needs it); a school
# that signs its staff in through a provider can turn that off (admins keep theirs,
# behind a second factor, so the school can always get in).
PORTAL_TEACHER_PASSWORDS = env_bool("PORTAL_TEACHER_PASSWORDS", True)
# The largest OneRoster CSV file (each file inside the zip) an import reads.
PORTAL_ROSTER_MAX_BYTES = int(os.environ.get("PORTAL_ROSTER_MAX_MB", "200")) * 2**20

LANGUAGE_CODE = "en"
LOCALE_PATHS = [BASE_DIR / "locale"]


def _languages_offered() -> list[tuple[str, str]]:
    """English plus every language whose catalogue is in locale/ (a folder
    locale/<code>/LC_MESSAGES with django.po): adding a language is adding its
    catalogue, with no change to the code (docs/languages.md). PORTAL_LANGUAGES
    (e.g. "en,es") narrows the list a school offers."""
    found = sorted(
        folder.parent.name
        for folder in (BASE_DIR / "locale").glob("*/LC_MESSAGES")
        if (folder / "django.po").exists()
    )
    codes = ["en", *(code.replace("_", "-").lower() for code in found if code != "en")]
    wanted = env_list("PORTAL_LANGUAGES", ",".join(codes))
    # Each language is named in its own words (the menu shows "Español" to all).
    return [
        (code, LANG_INFO.get(code, {}).get("name_local", code))
        for code in codes
        if code in wanted
    ]


LANGUAGES = _languages_offered()
# The language chosen on the menu outlives the session (a family's computer);
# a signed-in person's own choice (User.language) wins over it.
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
USE_TZ = True
# Stored in UTC; shown in the school's own zone.
TIME_ZONE = os.environ.get("PORTAL_TIME_ZONE", "America/New_York")

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/panzoom", BASE_DIR / "node_modules" / "@panzoom" / "panzoom" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media")))
# Pictures and scans (image excerpts): the largest upload, the most pixels a picture
# may have (checked from its header, before decoding: a decompression bomb stops
# there) and the most pages of a scanned PDF. See sources/imaging.py.
PORTAL_IMAGE_MAX_MB = int(os.environ.get("PORTAL_IMAGE_MAX_MB", "30"))
PORTAL_IMAGE_MAX_PIXELS = int(os.environ.get("PORTAL_IMAGE_MAX_PIXELS", "50000000"))
PORTAL_PDF_MAX_PAGES = int(os.environ.get("PORTAL_PDF_MAX_PAGES", "30"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}


# Uploaded files on any S3-compatible store (several machines share them) when a
# bucket is named; the local disk under MEDIA_ROOT otherwise.
if os.environ.get("PORTAL_S3_BUCKET"):
    STORAGES["default"] = s3_storage(os.environ)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Content Security Policy: every script, style, font and image comes from the portal.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}


def _axe_script_hashes() -> list[str]:
    """In development, admit the axe-core accessibility checker when an audit injects
    it as an inline script (Playwright appends a sourceURL comment naming the file),
    so the real CSP stays on while pages are audited. Never used in production."""
    axe = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.exists():
        return []
    text = axe.read_text(encoding="utf-8")
    names = ["node_modules/axe-core/axe.min.js", str(axe)]
    digests = [
        hashlib.sha256(f"{text}\n//# sourceURL={name}".encode()).digest()
        for name in names
    ]
    return [f"'sha256-{base64.b64encode(d).decode()}'" for d in digests]


if DEBUG:
    SECURE_CSP["script-src"] = [*SECURE_CSP["script-src"], *_axe_script_hashes()]
SECURE_CSP["script-src"] += env_list("PORTAL_CSP_SCRIPT_HASHES", "")

# HTTPS hardening, switched on by DJANGO_SECURE (on whenever DEBUG is off, unless a
# school serves plain HTTP on a closed LAN and says so with DJANGO_SECURE=0).
SECURE = env_bool("DJANGO_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = SECURE and env_bool("DJANGO_SSL_REDIRECT", True)
# Prometheus scrapes each gunicorn process on its loopback port, over plain HTTP
# (docs/deployment.md, "Metrics"); everything else goes to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^metrics$"]
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_HSTS_SECONDS = (
    int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if SECURE else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
PORTAL_BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
if PORTAL_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# One line per log record on standard error (systemd's journal or the container
# collects it). PORTAL_LOG_FORMAT=json (the default without DEBUG) writes one JSON
# object a line for a log collector; "text" (the default with DEBUG) is for people.
# Every line carries the id of the request it was made in (portal/requestlog.py).
PORTAL_LOG_FORMAT = os.environ.get("PORTAL_LOG_FORMAT", "text" if DEBUG else "json")
if PORTAL_LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("PORTAL_LOG_FORMAT must be json or text.")
LOGGING = logging_settings(PORTAL_LOG_FORMAT, os.environ.get("LOG_LEVEL", "INFO"))

# Background work goes through Django's tasks framework, stored in the database by
# django-tasks-db and run by `manage.py db_worker` processes (as many as you like, on
# any machine that reaches the database). PORTAL_TASKS_IMMEDIATE=1 runs each task
# inside the request instead (no worker needed; nothing survives a restart).
if env_bool("PORTAL_TASKS_IMMEDIATE", False):
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running job's worker renews its lease this often (a third of it); a job whose
# lease passed is queued again (its worker stopped). Retries wait the base seconds,
# doubling each attempt.
PORTAL_JOB_LEASE_SECONDS = float(os.environ.get("PORTAL_JOB_LEASE_SECONDS", "60"))
PORTAL_JOB_RETRY_SECONDS = float(os.environ.get("PORTAL_JOB_RETRY_SECONDS", "10"))
# Prometheus reads /metrics with "Authorization: Bearer <this>" (staff signed in may
# read it too); unset, only staff can. Long and random: it opens only the figures.
PORTAL_METRICS_TOKEN = os.environ.get("PORTAL_METRICS_TOKEN", "")
# /healthz/ answers 503 ("task_queue") once a job ready to run has waited longer
# than this for a worker (with the database backend; the immediate one has no queue).
PORTAL_QUEUE_MAX_WAIT_SECONDS = float(
    os.environ.get("PORTAL_QUEUE_MAX_WAIT_SECONDS", "300")
)
# (dotted path of a function, every N seconds) run by each worker's sweep thread.
# Each: finished jobs and their files after a week; leftover picture files; new
# assignments and due-in-24-h
# reminders; the daily e-mail once the hour has come.
PORTAL_WORKER_PERIODIC: list[tuple[str, float]] = [
    ("jobs.services.jobs_prune", 6 * 60 * 60),
    # Picture files no picture records (a rolled-back import, a lost worker).
    ("sources.pictures.picture_files_sweep", 6 * 60 * 60),
    ("assignments.reminders.reminders_send", 10 * 60),
    ("notifications.mail.daily_digest_start", 10 * 60),
]
# The hour (school time) after which the daily e-mail goes out.
PORTAL_DIGEST_HOUR = int(os.environ.get("PORTAL_DIGEST_HOUR", "16"))

# E-mail (sent by workers only), through Django's mailers. Without EMAIL_HOST,
# development prints mail on the worker's console; production sends to EMAIL_HOST.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "use_ssl": env_bool("EMAIL_USE_SSL", False),
            # Shorter than a job's lease: a stuck server fails the attempt, which
            # is retried.
            "timeout": int(os.environ.get("EMAIL_TIMEOUT", "20")),
        },
    }
}
if DEBUG and "EMAIL_HOST" not in os.environ:
    MAILERS["default"] = {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PORTAL_CONTENT_LOADERS: list[str] = [
    "load_alliance_sources",
    "load_alliance_unit",
    "load_essay_rubric",
]
