"""Settings shared by every environment.

Deployment-specific values come from the environment: ``DATABASE_URL`` (SQLite in
``INDISPUTABLE_DATA_DIR`` by default) and ``INDISPUTABLE_DATA_DIR`` (``./var``).
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(os.environ.get("INDISPUTABLE_DATA_DIR", BASE_DIR / "var")).resolve()

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "accounts",
    "chain_of_custody",
    "storage",
    "evidence",
    "cases",
    "cases.exports",
    "search",
    "tips",
    "findings",
    "wagtail.locales",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # With INDISPUTABLE_MEDIA_HOST set, evidence files answer only on that host.
    "evidence.media_host.MediaHostMiddleware",
    "accounts.audit.RouteMiddleware",
    # Before the session is opened: a cached public page never touches it. Before
    # CSPMiddleware too: a page is kept with its Content-Security-Policy header.
    "findings.caching.PublicPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "evidence.uploads.StagingCleanupMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Public pages live under a language prefix (/en/, /ar/); see indisputable/urls.py.
    "indisputable.middleware.PublicLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "indisputable.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "indisputable.wsgi.application"


def database_from_env(default_path: Path) -> dict:
    """The default database from ``DATABASE_URL``, SQLite (WAL) when unset."""
    config = dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{default_path}"),
        conn_max_age=0,
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on
        # the busy timeout instead of failing to upgrade a read lock mid-transaction.
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # No JIT compilation: the app's statements are short, and PostgreSQL's
        # cost estimate for the access policy's subqueries sets JIT off where it
        # costs far more than it saves (a search's facets: 40 ms of work, 200 ms
        # of compiling). See docs/search.md.
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return config


DATABASES = {"default": database_from_env(DATA_DIR / "db.sqlite3")}
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
# Lockout per account, whatever the address: attackers rotate addresses.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address in the lockout key; locking the account itself is
# stronger against an attacker who rotates addresses, and is what is wanted here.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Sessions end after two hours without a request.
SESSION_COOKIE_AGE = 2 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
OTP_TOTP_ISSUER = "Indisputable"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # The Wagtail admin sets inline styles on some widgets.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Evidence files (originals, previews, thumbnails, redacted versions) from a host of
# their own, e.g. "media.archive.example"; empty serves them from the workspace's
# host. See docs/security.md: the session cookie must reach it.
INDISPUTABLE_MEDIA_HOST = os.environ.get("INDISPUTABLE_MEDIA_HOST", "")
if INDISPUTABLE_MEDIA_HOST:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(INDISPUTABLE_MEDIA_HOST)

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": (
            "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
        )
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# The public pages' languages (docs/publishing.md); Arabic is laid out right to left.
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
]
WAGTAIL_I18N_ENABLED = True
# An edit after approval needs approving again (findings/publication.py).
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "findings" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"

TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}

LOGIN_URL = "wagtailadmin_login"
LOGIN_REDIRECT_URL = "wagtailadmin_home"

WAGTAIL_SITE_NAME = "Indisputable"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Evidence files never reach Django's own temporary upload files: the staging
# handler streams each upload straight into the blob store while hashing it.
FILE_UPLOAD_HANDLERS = ["evidence.uploads.StagingUploadHandler"]

# --- Indisputable ---------------------------------------------------------------

# Human-friendly evidence references: PREFIX-YEAR-NNNNNN.
INDISPUTABLE_REFERENCE_PREFIX = os.environ.get("INDISPUTABLE_REFERENCE_PREFIX", "IND")
# Largest accepted evidence file, in bytes (default 20 GiB).
INDISPUTABLE_MAX_UPLOAD_BYTES = int(
    os.environ.get("INDISPUTABLE_MAX_UPLOAD_BYTES", str(20 * 1024**3))
)
# MD5 is computed only for legacy forensic tools; it is never used to deduplicate.
INDISPUTABLE_COMPUTE_MD5 = os.environ.get("INDISPUTABLE_COMPUTE_MD5", "") == "1"
INDISPUTABLE_BLOB_STORES = {
    "primary": {
        "BACKEND": "storage.backends.local.LocalBlobStore",
        "OPTIONS": {"root": str(DATA_DIR / "blobs")},
    },
}
# Limits for the parsers that read untrusted files.
INDISPUTABLE_PARSER_TIMEOUT = float(os.environ.get("INDISPUTABLE_PARSER_TIMEOUT", "60"))
INDISPUTABLE_PARSER_MEMORY_LIMIT = int(
    os.environ.get("INDISPUTABLE_PARSER_MEMORY_LIMIT", str(1024 * 1024**2))
)
# Hamming distance (at most 7) between perceptual hashes that flags a near duplicate.
INDISPUTABLE_NEAR_DUPLICATE_DISTANCE = 6
# Map tiles for the staff workspace; empty keeps evidence locations off third-party
# tile servers (the map still shows the point on a plain grid).
INDISPUTABLE_MAP_TILE_URL = os.environ.get("INDISPUTABLE_MAP_TILE_URL", "")

DATA_DIR.mkdir(parents=True, exist_ok=True)

# --- Chain of custody ---------------------------------------------------------------
# The log's name in its checkpoints (C2SP origin line) and its signing key's name.
INDISPUTABLE_CUSTODY_ORIGIN = os.environ.get(
    "INDISPUTABLE_CUSTODY_ORIGIN", "indisputable.invalid/custody"
)
# The Ed25519 checkpoint signing key (made by `manage.py custody keygen`, mode 0600,
# never in the database). Unset: DATA_DIR / "custody-signing.key".
INDISPUTABLE_CUSTODY_SIGNING_KEY = os.environ.get("INDISPUTABLE_CUSTODY_SIGNING_KEY")
# RFC 3161 time-stamping authorities that stamp every checkpoint (space-separated).
INDISPUTABLE_TSA_URLS = os.environ.get("INDISPUTABLE_TSA_URLS", "").split()
INDISPUTABLE_TSA_TIMEOUT = float(os.environ.get("INDISPUTABLE_TSA_TIMEOUT", "10"))
# How events join the log: "direct" (in the operation's transaction, under the head
# lock) or "batched" (committed with the operation, given seqs in batches on commit).
INDISPUTABLE_CUSTODY_APPENDS = os.environ.get("INDISPUTABLE_CUSTODY_APPENDS", "direct")


# --- Blob storage: replicas and fixity audits (docs/storage.md) ------------------
# Replicas are listed in the primary's entry: INDISPUTABLE_BLOB_STORES["primary"]
# ["REPLICAS"] = ["offsite", ...], each alias another entry of the same setting.
# INDISPUTABLE_S3_BUCKET (and the variables below) make S3 the primary store,
# with Object Lock and encryption; INDISPUTABLE_S3_REPLICA_BUCKET adds a replica.
def _s3_store(bucket: str, prefix_env: str) -> dict:
    env = os.environ.get
    return {
        "BACKEND": "storage.backends.s3.S3BlobStore",
        "OPTIONS": {
            "bucket": bucket,
            "prefix": env(prefix_env, ""),
            "endpoint_url": env("INDISPUTABLE_S3_ENDPOINT_URL") or None,
            "region_name": env("INDISPUTABLE_S3_REGION") or None,
            "staging_dir": str(DATA_DIR / "s3-staging"),
            "part_size": int(env("INDISPUTABLE_S3_PART_MIB", "16")) * 1024**2,
            "max_concurrency": int(env("INDISPUTABLE_S3_CONCURRENCY", "4")),
            "retention_days": int(env("INDISPUTABLE_S3_RETENTION_DAYS", "0")) or None,
            "sse": env("INDISPUTABLE_S3_SSE", "AES256") or None,
            "kms_key_id": env("INDISPUTABLE_S3_KMS_KEY_ID") or None,
        },
    }


if os.environ.get("INDISPUTABLE_S3_BUCKET"):
    INDISPUTABLE_BLOB_STORES["primary"] = _s3_store(
        os.environ["INDISPUTABLE_S3_BUCKET"], "INDISPUTABLE_S3_PREFIX"
    )
if os.environ.get("INDISPUTABLE_S3_REPLICA_BUCKET"):
    INDISPUTABLE_BLOB_STORES["replica"] = _s3_store(
        os.environ["INDISPUTABLE_S3_REPLICA_BUCKET"], "INDISPUTABLE_S3_REPLICA_PREFIX"
    )
    INDISPUTABLE_BLOB_STORES["primary"]["REPLICAS"] = ["replica"]
# Every copy of every blob is re-hashed within this many days (APTrust: 90) ...
INDISPUTABLE_FIXITY_PERIOD_DAYS = int(
    os.environ.get("INDISPUTABLE_FIXITY_PERIOD_DAYS", "90")
)
# ... given `manage.py storage fixity` runs this many times a day (hourly timer).
INDISPUTABLE_FIXITY_RUNS_PER_DAY = int(
    os.environ.get("INDISPUTABLE_FIXITY_RUNS_PER_DAY", "24")
)
# Copies re-hashed at once (reads from S3 overlap; hashing releases the GIL).
INDISPUTABLE_FIXITY_WORKERS = int(os.environ.get("INDISPUTABLE_FIXITY_WORKERS", "4"))
# The audit calls a replica lagging when a blob waits longer than this for it.
INDISPUTABLE_REPLICA_LAG_ALERT_SECONDS = 3600
# Staging younger than this is an upload in flight, not an orphan.
INDISPUTABLE_STAGING_GRACE_SECONDS = 3600
# Days the admin banner keeps showing a repaired quarantine.
INDISPUTABLE_QUARANTINE_BANNER_DAYS = 7

# --- Confidential tips (docs/tips.md) ----------------------------------------------
# First in the chain: scrubs tip requests and installs the encrypting upload handler
# before any other middleware can log the request or read its body.
MIDDLEWARE = ["tips.privacy.TipsPrivacyMiddleware", *MIDDLEWARE]
# The organisation's age public keys (age1…, space-separated); every tip is
# encrypted to all of them. The private keys stay offline.
INDISPUTABLE_TIPS_RECIPIENTS = os.environ.get(
    "INDISPUTABLE_TIPS_RECIPIENTS", ""
).split()
# Where tip ciphertexts are kept (deletable, unlike the blob store).
INDISPUTABLE_TIPS_DIR = Path(
    os.environ.get("INDISPUTABLE_TIPS_DIR", DATA_DIR / "tips")
).resolve()
# Hosts (an onion address) that serve only the tip pages; add them to ALLOWED_HOSTS.
INDISPUTABLE_TIPS_HOSTS = os.environ.get("INDISPUTABLE_TIPS_HOSTS", "").split()
# Sent as Onion-Location on the tip pages when set (http://….onion/tips/).
INDISPUTABLE_TIPS_ONION_URL = os.environ.get("INDISPUTABLE_TIPS_ONION_URL", "")
INDISPUTABLE_TIPS_RETENTION_DAYS = int(
    os.environ.get("INDISPUTABLE_TIPS_RETENTION_DAYS", "90")
)
INDISPUTABLE_TIPS_MAX_FILES = int(os.environ.get("INDISPUTABLE_TIPS_MAX_FILES", "10"))
INDISPUTABLE_TIPS_MAX_FILE_BYTES = int(
    os.environ.get("INDISPUTABLE_TIPS_MAX_FILE_BYTES", str(500 * 1024**2))
)
INDISPUTABLE_TIPS_MAX_MESSAGE_CHARS = 50_000
# Flood limits for the whole channel (no addresses are known to limit per sender).
INDISPUTABLE_TIPS_MAX_SUBMISSIONS_PER_HOUR = int(
    os.environ.get("INDISPUTABLE_TIPS_MAX_SUBMISSIONS_PER_HOUR", "200")
)
INDISPUTABLE_TIPS_MAX_BYTES_PER_HOUR = int(
    os.environ.get("INDISPUTABLE_TIPS_MAX_BYTES_PER_HOUR", str(5 * 1024**3))
)
INDISPUTABLE_TIPS_MAX_LOGINS_PER_HOUR = int(
    os.environ.get("INDISPUTABLE_TIPS_MAX_LOGINS_PER_HOUR", "600")
)
INDISPUTABLE_TIPS_MAX_STORED_BYTES = int(
    os.environ.get("INDISPUTABLE_TIPS_MAX_STORED_BYTES", str(50 * 1024**3))
)
# argon2id cost of a codename (RFC 9106's second recommended option: 64 MiB, t=3).
INDISPUTABLE_TIPS_ARGON2 = {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 4}

# --- Public findings and situations (docs/publishing.md) ---------------------------
# How long browsers (max-age) and a CDN in front (s-maxage) keep a public page.
INDISPUTABLE_PUBLIC_MAX_AGE = int(os.environ.get("INDISPUTABLE_PUBLIC_MAX_AGE", "300"))
INDISPUTABLE_PUBLIC_S_MAXAGE = int(
    os.environ.get("INDISPUTABLE_PUBLIC_S_MAXAGE", "3600")
)
# Tiles for the public situations map; empty draws a plain graticule (the points
# still show) and sends no reader to a third party.
INDISPUTABLE_PUBLIC_MAP_TILE_URL = os.environ.get(
    "INDISPUTABLE_PUBLIC_MAP_TILE_URL", ""
)

# --- Court exports (cases/exports) ---
# Evidence reference numbers read PREFIX-BATCH-PAGE, as the ICC's CAR-OTP-0017-0358.
INDISPUTABLE_ERN_PREFIX = os.environ.get("INDISPUTABLE_ERN_PREFIX", "IND-OTP")
# Named in every bundle's bag-info.txt as the Source-Organization.
INDISPUTABLE_EXPORT_ORGANISATION = os.environ.get(
    "INDISPUTABLE_EXPORT_ORGANISATION", "Indisputable archive"
)
# Where bundles started from the workspace are written, to be downloaded.
INDISPUTABLE_EXPORTS_DIR = Path(
    os.environ.get("INDISPUTABLE_EXPORTS_DIR", DATA_DIR / "exports")
)
# PDFs up to this size get a copy with each page's ERN stamped on it (pypdf holds
# the document in memory); larger ones keep their ERN range without a stamped copy.
INDISPUTABLE_EXPORT_STAMP_MAX_BYTES = int(
    os.environ.get("INDISPUTABLE_EXPORT_STAMP_MAX_BYTES", str(64 * 1024**2))
)
