"""Settings for a workstation: the embedded default, debug on, loopback only."""

import os

from .base import *  # noqa: F403
from .base import SECRET_KEY

# DJANGO_DEBUG=0 runs the embedded default without debug (benchmarks do).
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
