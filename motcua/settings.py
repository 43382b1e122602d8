"""The one settings file. Everything that differs between a demo and a province comes from the
environment (CONTRACT.md "Set-up and configuration", STYLE.md habit 18).

- ``DEBUG`` is off unless set; without ``SECRET_KEY`` only a ``DEBUG`` run starts.
- No ``DATABASE_URL`` means a SQLite file under ``var/`` tuned for concurrent use.
- Secrets may also come from a file: ``SECRET_KEY_FILE``, ``DATABASE_URL_FILE``.
"""

from __future__ import annotations

import importlib.util
import ipaddress
import os
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("MOTCUA_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str | None = None) -> str | None:
    """A setting from ``NAME`` or from the file named by ``NAME_FILE``."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no setting: 1/true/yes/on or 0/false/no/off (any case); unset or empty: ``default``.
    Anything else is a mistake to stop at, not a silent False (``DEBUG=ture``)."""
    value = (env(name) or "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} không phải giá trị có/không: dùng 1/true/yes/on hoặc 0/false/no/off. "
        f"{name} must be one of 1, true, yes, on, 0, false, no, off."
    )


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    """A whole-number setting, at least ``minimum``; unset or empty: ``default``."""
    return int(_env_number(name, default, int, minimum))


def env_float(name: str, default: float, *, minimum: float = 0) -> float:
    """A decimal setting (seconds, megabytes), at least ``minimum``; unset or empty: ``default``."""
    return float(_env_number(name, default, float, minimum))


def _env_number(name: str, default: float, kind: type, minimum: float) -> float:
    value = (env(name) or "").strip()
    if not value:
        return default
    try:
        number = kind(value)
    except ValueError:
        number = None
    if number is None or number < minimum or number != number:  # NaN
        raise ImproperlyConfigured(
            f"{name}={value!r} không hợp lệ: cần một số {'nguyên ' if kind is int else ''}"
            f"không nhỏ hơn {minimum}. {name} must be a number of at least {minimum}."
        )
    return number


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY chưa được đặt: bắt buộc khi DEBUG tắt. "
            "Set SECRET_KEY (or SECRET_KEY_FILE), or run with DEBUG=1 for development."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Public address of the site, printed in QR codes and messages (e.g. https://motcua.minhson.gov.vn).
SITE_URL = (env("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "motcua.audit",
    "motcua.limits",
    "motcua.calendar",
    "motcua.agencies",
    "motcua.accounts",
    "motcua.catalog",
    "motcua.notify",
    "motcua.documents",
    "motcua.exchange",
    "motcua.dossiers",
    "motcua.feedback",
    "motcua.review",
    "motcua.hall",
    "motcua.payments",
    "motcua.archive",
    "motcua.office",
    "motcua.portal",
    "motcua.api",
    "motcua.reports",
    "motcua.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "motcua.headers.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "motcua.audit.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.language.SiteLanguageMiddleware",
    "motcua.api.middleware.VietnameseApiMiddleware",
    "django.middleware.common.CommonMiddleware",
    "motcua.edge.InputGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "motcua.accounts.middleware.BearerTokenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "motcua.agencies.middleware.AgencyScopeMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DEFAULT_SQLITE = VAR_DIR / "motcua.sqlite3"
DATABASE_URL = env("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN so two
    # writers queue on busy_timeout instead of failing with "database is locked" mid-transaction.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            "PRAGMA foreign_keys=ON;"
        ),
    }
    # A file, not shared-cache memory, so concurrent tests lock like production does.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-motcua.sqlite3")}
    # The worklist index's INCLUDE columns are for PostgreSQL's index-only scans; SQLite keeps
    # the index on its keys, as intended, so its warning says nothing to act on.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    DATABASES["default"].setdefault("OPTIONS", {})
    # Parameters are bound on the server, so a statement may be prepared there: the public
    # lookup's is (see ``dossiers.lookup``), no other, as psycopg's threshold for preparing on
    # its own is never reached. A prepared statement may get one generic plan, which served a
    # worklist search 14 times slower than a plan made for its parameters.
    DATABASES["default"]["OPTIONS"].setdefault("server_side_binding", True)
    DATABASES["default"]["OPTIONS"].setdefault("prepare_threshold", 2**31)
    # No JIT compilation: our statements take milliseconds, and compiling one whose estimate
    # passes jit_above_cost took longer than running it (a worklist's counts at 1,000,000
    # dossiers: 243 ms with JIT, 54 without; Biểu 06 82 ms → 50). Behind a pooler that refuses
    # the ``options`` start-up parameter: DB_JIT_OFF=0, and ALTER ROLE … SET jit = off instead.
    if env_bool("DB_JIT_OFF", True):
        DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
# Off behind a pooler in transaction mode (PgBouncer before 1.21).
DB_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and security ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 10  # one working day and then some
SESSION_COOKIE_SECURE = not DEBUG and env_bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
# HSTS: browsers keep to HTTPS for a year, by default in production and never under DEBUG (a
# developer's browser would be pinned to HTTPS on localhost); SECURE_HSTS_SECONDS=0 switches it off.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
# Content-Security-Policy of every answer (motcua.headers); empty switches it off. Scripts only
# from our own static files (no inline code, no eval); inline styles are allowed for htmx and the
# API's Swagger page.
CONTENT_SECURITY_POLICY = env(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)

# API tokens: lifetime in hours (tokens are stored hashed and can be revoked).
API_TOKEN_TTL_HOURS = env_int("API_TOKEN_TTL_HOURS", 168)
# Rate limits ("count/period", period s, m, h or d), per client address. The counters live in
# the database (shared by every worker and server), or in Redis when CACHE_URL=redis://host:port/db.
# X-Forwarded-For counts only from these proxies (addresses or networks, comma-separated).
TRUSTED_PROXIES = [
    str(ipaddress.ip_network(item.strip(), strict=False))  # a typo stops the start
    for item in (env("TRUSTED_PROXIES", "") or "").split(",")
    if item.strip()
]
RATELIMIT_LOGIN = env("RATELIMIT_LOGIN", "10/m")
# Per account and address: after this many failures in a row each further one doubles the wait
# (1 s, 2 s, 4 s …, at most LOGIN_MAX_DELAY_SECONDS); a success clears it.
LOGIN_FREE_FAILURES = env_int("LOGIN_FREE_FAILURES", 5)
LOGIN_MAX_DELAY_SECONDS = env_int("LOGIN_MAX_DELAY_SECONDS", 900)
RATELIMIT_PUBLIC = env("RATELIMIT_PUBLIC", "60/m")
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", default=True)
# The citizen portal's forms, per address (no CAPTCHA: throttles instead).
RATELIMIT_REGISTER = env("RATELIMIT_REGISTER", "10/h")
RATELIMIT_VERIFY = env("RATELIMIT_VERIFY", "20/h")
RATELIMIT_LOOKUP = env("RATELIMIT_LOOKUP", "30/m")
RATELIMIT_SUBMIT = env("RATELIMIT_SUBMIT", "30/h")
RATELIMIT_RATING = env("RATELIMIT_RATING", "30/h")
RATELIMIT_TICKET = env("RATELIMIT_TICKET", "120/m")  # a kiosk serves a whole hall
RATELIMIT_BOOKING = env("RATELIMIT_BOOKING", "20/h")
RATELIMIT_BOARD = env("RATELIMIT_BOARD", "120/m")  # a hall display polls every 2 seconds
RATELIMIT_PAKN = env("RATELIMIT_PAKN", "10/h")
RATELIMIT_VOTE = env("RATELIMIT_VOTE", "60/h")
# Dossiers the national portal (DVCQG) sends in, per gateway address; wrong keys count as
# failed logins (RATELIMIT_LOGIN).
RATELIMIT_DVCQG = env("RATELIMIT_DVCQG", "1200/m")
# The key DVCQG sends in X-Api-Key with each dossier; unset: inbound dossiers are off (503).
DVCQG_INBOUND_KEY = env("DVCQG_INBOUND_KEY", "") or ""
# The largest inbound dossier (JSON with its Base64 papers), in bytes; each file is also held
# to UPLOAD_MAX_BYTES.
DVCQG_INBOUND_MAX_BYTES = env_int("DVCQG_INBOUND_MAX_BYTES", 64 * 1024 * 1024)
# Public catalogue pages: how long browsers and proxies may keep them (seconds).
PORTAL_CACHE_SECONDS = env_int("PORTAL_CACHE_SECONDS", 300)
# How long the kiosk link of a dossier just served stays valid (seconds).
KIOSK_LINK_SECONDS = env_int("KIOSK_LINK_SECONDS", 900)
# National identity providers (VNeID): {"name": "dotted.path.Adapter"}; none by default.
IDENTITY_PROVIDERS: dict[str, str] = {}

CACHE_URL = env("CACHE_URL", "")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "motcua",
    }
}
if env("CACHE_URL", "").startswith("db://"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "motcua_cache",
    }

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from here once collected
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
WHITENOISE_AUTOREFRESH = DEBUG
STATICFILES_DIRS = [PACKAGE_DIR / "static"]


def storage_from_url(url: str) -> dict:
    """Where uploaded files, signed results and signing keys live (``STORAGE_URL``).

    Empty: the filesystem under ``MEDIA_ROOT``. ``s3://BUCKET[/PREFIX]?endpoint=URL&region=R``:
    an S3-compatible object store (MinIO, Ceph, a cloud); the keys come from
    ``STORAGE_ACCESS_KEY`` and ``STORAGE_SECRET_KEY`` (or their ``*_FILE``), never from the URL.
    Files are private either way: MộtCửa hands them out itself, after its permission checks.
    """
    if not url:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.hostname or parts.username or parts.password:
        raise ImproperlyConfigured(
            "STORAGE_URL phải có dạng s3://bucket/thu-muc?endpoint=…&region=… "
            "(khóa truy cập đặt trong STORAGE_ACCESS_KEY, STORAGE_SECRET_KEY)."
        )
    if importlib.util.find_spec("boto3") is None:
        raise ImproperlyConfigured(
            "STORAGE_URL=s3://… cần gói boto3: cài bằng pip install 'motcua[s3]'. "
            "S3 storage needs the s3 extra (boto3)."
        )
    query = dict(parse_qsl(parts.query))
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": parts.hostname,
            "location": parts.path.strip("/"),
            "endpoint_url": query.get("endpoint") or None,
            "region_name": query.get("region") or None,
            "addressing_style": query.get("addressing") or None,
            "access_key": env("STORAGE_ACCESS_KEY") or None,
            "secret_key": env("STORAGE_SECRET_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


STORAGE_URL = env("STORAGE_URL", "") or ""
STORAGES = {
    "default": storage_from_url(STORAGE_URL),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploads (dossier papers, draft results, scans): at most this many bytes each.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
# An uploaded image is decoded in full before it is accepted; a scan of an A4 page at 600 dpi
# is about 35 million pixels, a picture larger than this is refused rather than opened.
UPLOAD_MAX_PIXELS = env_int("UPLOAD_MAX_PIXELS", 50_000_000)
# Signature verification (POST /api/v1/verify): for logged-in accounts unless VERIFY_PUBLIC=1;
# files up to VERIFY_MAX_BYTES; at most VERIFY_CONCURRENCY at a time per server (others: 503).
VERIFY_PUBLIC = env_bool("VERIFY_PUBLIC", default=False)
VERIFY_MAX_BYTES = env_int("VERIFY_MAX_BYTES", 5 * 1024 * 1024)
VERIFY_CONCURRENCY = env_int("VERIFY_CONCURRENCY", 1)
# Lock files of the per-server work slots (motcua.limits.slots).
SLOTS_DIR = Path(env("SLOTS_DIR", str(VAR_DIR / "slots")))
# Upload quota per account: files a minute, and megabytes a local day (citizens; agency staff,
# who digitise backlogs at the counter, have their own).
UPLOAD_PER_MINUTE = env_int("UPLOAD_PER_MINUTE", 20)
UPLOAD_DAILY_MB = env_float("UPLOAD_DAILY_MB", 100)
UPLOAD_DAILY_MB_STAFF = env_float("UPLOAD_DAILY_MB_STAFF", 4000)
# Unattached uploads older than this are removed by ``sweep_orphan_files``.
ORPHAN_FILE_HOURS = env_int("ORPHAN_FILE_HOURS", 24)

# --- Digital signatures (chữ ký số) ---------------------------------------------------------
# RFC 3161 time-stamp authority: signed results become PAdES B-T when set.
TSA_URL = env("TSA_URL", "") or ""
# PEM files of the root certificates a signature must chain to (comma-separated paths), e.g.
# the Root CA of the Bộ Thông tin và Truyền thông and the Ban Cơ yếu Chính phủ.
SIGNING_TRUST_ROOTS = env_list("SIGNING_TRUST_ROOTS")
# Trust the demo CA that ``seed_demo`` creates: only in a demo, never with real documents.
SIGNING_TRUST_DEMO_CA = env_bool("SIGNING_TRUST_DEMO_CA", default=DEBUG)

# --- Electronic archive (lưu trữ điện tử, Decree 30/2020) -----------------------------------
# A finished dossier's file is closed this many days after the work ended (result returned,
# withdrawn or stopped); ``archive_close`` closes what is due.
ARCHIVE_CLOSE_AFTER_DAYS = int(env("ARCHIVE_CLOSE_AFTER_DAYS", "30") or 30)
# ``archive_refresh`` adds a new document time-stamp this many days before the last one's
# time-stamping certificate expires.
ARCHIVE_REFRESH_DAYS = int(env("ARCHIVE_REFRESH_DAYS", "180") or 180)

# --- Email and background work --------------------------------------------------------------
EMAIL_URL = env("EMAIL_URL", "")
if EMAIL_URL:
    _email = urlsplit(EMAIL_URL)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or 25
    EMAIL_HOST_USER = _email.username or ""
    EMAIL_HOST_PASSWORD = _email.password or ""
    EMAIL_USE_TLS = _email.scheme == "smtp+tls"
    EMAIL_USE_SSL = _email.scheme == "smtps"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "MộtCửa <khongtraloi@motcua.example>")

# SMS through an HTTP gateway speaking the eSMS.vn JSON protocol (notify/channels/sms.py).
SMS_GATEWAY_URL = (env("SMS_GATEWAY_URL", "") or "").rstrip("/")
SMS_API_KEY = env("SMS_API_KEY", "")
SMS_SECRET_KEY = env("SMS_SECRET_KEY", "")
SMS_BRANDNAME = env("SMS_BRANDNAME", "")
SMS_TIMEOUT_SECONDS = env_float("SMS_TIMEOUT_SECONDS", 10)
# The demo inbox (hộp thư trình diễn, /hop-thu-trinh-dien/): SMS and e-mail are shown on a page
# instead of being sent; for a demo only (`make demo` sets it), so it needs DEBUG.
DEMO_INBOX = env_bool("DEMO_INBOX", default=False)
if DEMO_INBOX and not DEBUG:
    raise ImproperlyConfigured(
        "DEMO_INBOX chỉ dùng cho bản trình diễn (DEBUG=1): tin nhắn và thư không được gửi đi."
    )

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env("TASKS_BACKEND") == "immediate"
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

# The national portal's gateway (Cổng DVCQG, CONTRACT v1.1): outbound sync is off until all five
# are set; messages wait in the outbox meanwhile (exchange/dvcqg.py).
DVCQG_AUTH_URL = env("DVCQG_AUTH_URL", "") or ""
DVCQG_URL = env("DVCQG_URL", "") or ""
DVCQG_USERNAME = env("DVCQG_USERNAME", "") or ""
DVCQG_PASSWORD = env("DVCQG_PASSWORD", "") or ""
DVCQG_MADONVI = env("DVCQG_MADONVI", "") or ""
DVCQG_TIMEOUT_SECONDS = env_float("DVCQG_TIMEOUT_SECONDS", 30)
# How long the signed file links sent to DVCQG (papers, results) stay valid.
DVCQG_LINK_DAYS = env_int("DVCQG_LINK_DAYS", 365)

# The national payment platform (nền tảng thanh toán, CONTRACT v1.1 "Online payment"): online
# payment is off until all four are set (payments/platform.py).
PAYMENT_INIT_URL = env("PAYMENT_INIT_URL", "") or ""
PAYMENT_QUERY_URL = env("PAYMENT_QUERY_URL", "") or ""
PAYMENT_PARTNER_CODE = env("PAYMENT_PARTNER_CODE", "") or ""
PAYMENT_SECRET = env("PAYMENT_SECRET", "") or ""
PAYMENT_TIMEOUT_SECONDS = env_float("PAYMENT_TIMEOUT_SECONDS", 20)
# Confirmations from the platform (public, authenticated by MaXacThuc) per address.
RATELIMIT_PAYMENT = env("RATELIMIT_PAYMENT", "3000/m")
# The electronic fee receipt provider (biên lai điện tử, VNPT/Viettel style): off unless set.
ERECEIPT_URL = env("ERECEIPT_URL", "") or ""
ERECEIPT_USERNAME = env("ERECEIPT_USERNAME", "") or ""
ERECEIPT_PASSWORD = env("ERECEIPT_PASSWORD", "") or ""
