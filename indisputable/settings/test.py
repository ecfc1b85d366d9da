"""Settings for the test suite: fast hashing, data under a throwaway directory."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import INDISPUTABLE_BLOB_STORES, database_from_env

SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATA_DIR = Path(tempfile.mkdtemp(prefix="indisputable-test-"))
DATABASES = {"default": database_from_env(DATA_DIR / "test.sqlite3")}
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if "postgres" in DATABASES["default"]["ENGINE"]:
    DATABASES["default"]["TEST"] = {"NAME": f"test_indisputable{_worker}"}
else:
    # A file, not memory: concurrency tests need real connections from threads.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test{_worker}.sqlite3")}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
INDISPUTABLE_BLOB_STORES = {
    **INDISPUTABLE_BLOB_STORES,
    "primary": {
        "BACKEND": "storage.backends.local.LocalBlobStore",
        "OPTIONS": {"root": str(DATA_DIR / "blobs")},
    },
}
MEDIA_ROOT = DATA_DIR / "media"
STATIC_ROOT = DATA_DIR / "static"
INDISPUTABLE_EXPORTS_DIR = DATA_DIR / "exports"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
INDISPUTABLE_PARSER_TIMEOUT = 20.0
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
