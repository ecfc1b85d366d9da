"""Keeping sources unidentifiable: what the tip routes drop, send and log.

``TipsPrivacyMiddleware`` comes first in ``MIDDLEWARE``: for a tip request it removes
the client's address, user agent and referrer from the request before any other
code (middleware, views, loggers, error reports) can see them, installs the
encrypting upload handler before anything reads the body, refuses floods before the
body is read, and sends the tip routes' headers. ``TipsLogFilter`` drops the request
object from log records about tip routes, for loggers that would format it.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.utils import timezone

TIPS_PREFIX = "/tips/"

# Request headers and WSGI variables that could identify or locate a source.
IDENTIFYING_META = (
    "REMOTE_ADDR",
    "REMOTE_HOST",
    "REMOTE_PORT",
    "HTTP_USER_AGENT",
    "HTTP_REFERER",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_VIA",
    "HTTP_CLIENT_IP",
    "HTTP_TRUE_CLIENT_IP",
    "HTTP_CF_CONNECTING_IP",
    "HTTP_SEC_CH_UA",
    "HTTP_SEC_CH_UA_PLATFORM",
    "HTTP_SEC_CH_UA_MOBILE",
    "HTTP_ACCEPT_LANGUAGE",
    "HTTP_DNT",
)
# What REMOTE_ADDR becomes: some code expects the key to exist.
UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 - a placeholder, never bound

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


def current_hour() -> dt.datetime:
    """Now, truncated to the hour: the only precision tip times are stored with."""
    return timezone.now().replace(minute=0, second=0, microsecond=0)


def tips_hosts() -> set[str]:
    return {h.lower() for h in settings.INDISPUTABLE_TIPS_HOSTS}


def is_tip_path(path: str) -> bool:
    return path.startswith(TIPS_PREFIX)


def is_tip_request(request: HttpRequest) -> bool:
    if is_tip_path(request.path):
        return True
    host = request.META.get("HTTP_HOST", "").split(":")[0].lower()
    return bool(host) and host in tips_hosts()


def scrub(meta: dict) -> None:
    """Remove everything identifying from a request's META (the WSGI environ)."""
    for key in IDENTIFYING_META:
        meta.pop(key, None)
    meta["REMOTE_ADDR"] = UNKNOWN_ADDRESS


class TipsPrivacyMiddleware:
    """Scrubs tip requests, guards their bodies, and sets their headers."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if not is_tip_request(request):
            return self.get_response(request)
        scrub(request.META)
        if not is_tip_path(request.path):
            # A host reserved for tips (an onion address) serves nothing else.
            return self._secure(HttpResponsePermanentRedirect(TIPS_PREFIX))
        from tips import floods
        from tips.languages import activate_for
        from tips.uploads import TipUploadHandler

        # The address alone decides the language, even of a refusal sent from here.
        activate_for(request.path)
        refusal = floods.refuse_before_body(request)
        if refusal is not None:
            return self._secure(refusal)
        handler = TipUploadHandler(request)
        request.upload_handlers = [handler]
        try:
            response = self.get_response(request)
        finally:
            handler.discard_unclaimed()
        return self._secure(response)

    @staticmethod
    def _secure(response):
        response.headers.pop("Content-Security-Policy-Report-Only", None)
        response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response["Cache-Control"] = "no-store"
        response["Pragma"] = "no-cache"
        response["Referrer-Policy"] = "no-referrer"
        response["X-Content-Type-Options"] = "nosniff"
        response["X-Frame-Options"] = "DENY"
        response["Cross-Origin-Opener-Policy"] = "same-origin"
        response["Cross-Origin-Resource-Policy"] = "same-origin"
        response["Permissions-Policy"] = (
            "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        onion = settings.INDISPUTABLE_TIPS_ONION_URL
        if onion:
            response["Onion-Location"] = onion
        return response


class TipsLogFilter(logging.Filter):
    """Strips the request from log records about tip routes; lets the record pass.

    Django's ``django.request`` and ``django.security.*`` records carry the
    ``HttpRequest`` (whose META the middleware already scrubbed, unless the error
    came before it); ``django.server`` records carry the client socket. Handlers such
    as ``AdminEmailHandler`` would format either.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is None:
            return True
        if isinstance(request, HttpRequest):
            if (
                is_tip_path(request.path)
                or request.META.get("REMOTE_ADDR") == UNKNOWN_ADDRESS
            ):
                scrub(request.META)
                record.request = None
        elif f" {TIPS_PREFIX}" in _message(record):
            record.request = None
        return True


def _message(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except (TypeError, ValueError):
        return str(record.msg)


_FILTERED_LOGGERS = (
    "django",
    "django.request",
    "django.server",
    "django.security",
    "django.security.csrf",
    "django.security.DisallowedHost",
    "django.security.SuspiciousOperation",
)


def install_log_filter() -> None:
    """Attach ``TipsLogFilter`` to Django's request loggers and their handlers."""
    log_filter = TipsLogFilter()
    loggers = [logging.getLogger(name) for name in _FILTERED_LOGGERS]
    loggers.append(logging.getLogger())
    for logger in loggers:
        if not any(isinstance(f, TipsLogFilter) for f in logger.filters):
            logger.addFilter(log_filter)
        for handler in logger.handlers:
            if not any(isinstance(f, TipsLogFilter) for f in handler.filters):
                handler.addFilter(log_filter)
