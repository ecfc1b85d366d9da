"""Public pages for a CDN: cache headers, validators, and a cache at the origin.

A public page is the same for every reader, so it is sent ``public`` with a
``max-age`` for browsers and an ``s-maxage`` for the CDN, with ``ETag`` and
``Last-Modified``, and never with a cookie. ``PublicPageCacheMiddleware`` keeps
rendered public pages for readers without a session; any publish, unpublish, move
or deletion of a page (each writes a Wagtail page log entry) starts a new
generation, so the origin never serves a page older than its last publication.

The generation is read without the database, so a cached page costs no query: it
is a token in the default cache (seen by every process when that cache is shared)
joined to the contents of a stamp file in the data directory (seen by every process
on the host, even with the process-local default cache). Both are renewed when a
page log entry is written or deleted, and again when its transaction commits.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
)
from django.utils.http import http_date, parse_http_date_safe

CACHE_PREFIX = "findings:page:"
GENERATION_KEY = "findings:generation"
STAMP_NAME = "public-pages.generation"
CSP_HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")


def mark_public(page, response):
    """Give a served page its cache headers (private if the page is restricted)."""
    if page.get_view_restrictions().exists():
        patch_cache_control(response, private=True, no_store=True)
        return response
    if response.status_code != 200:
        return response
    patch_cache_control(
        response,
        public=True,
        max_age=settings.INDISPUTABLE_PUBLIC_MAX_AGE,
        s_maxage=settings.INDISPUTABLE_PUBLIC_S_MAXAGE,
    )
    if page.last_published_at:
        response["Last-Modified"] = http_date(page.last_published_at.timestamp())

    def set_etag(rendered):
        digest = hashlib.sha256(rendered.content).hexdigest()[:32]
        rendered["ETag"] = f'"{digest}"'
        return rendered

    if hasattr(response, "add_post_render_callback"):
        response.add_post_render_callback(set_etag)
    else:
        set_etag(response)
    return response


def _public_prefixes() -> tuple[str, ...]:
    return tuple(f"/{code}/" for code, _ in settings.LANGUAGES)


def _stamp_path() -> Path:
    return Path(settings.DATA_DIR) / STAMP_NAME


def generation() -> str:
    """The current publication generation: the cache's token and the host's stamp."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        # A new or cleared cache: any fresh token leaves older pages unreachable.
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        token = cache.get(GENERATION_KEY, "")
    try:
        stamp = _stamp_path().read_text()
    except FileNotFoundError:
        stamp = ""
    return f"{token}.{stamp}"


def new_generation() -> None:
    """Make every cached public page unreachable, in this process and the others."""
    token = uuid.uuid4().hex
    cache.set(GENERATION_KEY, token, None)
    path = _stamp_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{token}")
    temporary.write_text(token)
    os.replace(temporary, path)


def on_page_log_entry(sender, **kwargs) -> None:
    """A page's public state may have changed: now, and once more at commit.

    Now, so that this process's next request sees the change; at commit, because a
    reader in between may have cached the page as it was before the commit.
    """
    new_generation()
    transaction.on_commit(new_generation)


def _storable(response) -> bool:
    vary = response.get("Vary", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and "public" in response.get("Cache-Control", "")
        and not response.cookies
        and "cookie" not in vary
        # A policy with a nonce is for one response only.
        and "nonce-" not in response.get("Content-Security-Policy", "")
    )


class PublicPageCacheMiddleware:
    """Serve anonymous readers' public pages from the cache, and answer 304s."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or not request.path.startswith(_public_prefixes())
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return self.get_response(request)
        path_hash = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"{CACHE_PREFIX}{generation()}:{request.get_host()}:{path_hash}"
        response = cache.get(key)
        if response is None:
            response = self.get_response(request)
            if _storable(response):
                cache.set(key, response, settings.INDISPUTABLE_PUBLIC_S_MAXAGE)
        if response.status_code == 200 and "public" in response.get(
            "Cache-Control", ""
        ):
            last_modified = response.get("Last-Modified")
            conditional = get_conditional_response(
                request,
                etag=response.get("ETag"),
                last_modified=(
                    parse_http_date_safe(last_modified) if last_modified else None
                ),
                response=response,
            )
            if conditional is not response:
                # Kept with the page (CSPMiddleware does not see a cached one).
                for header in CSP_HEADERS:
                    if header in response:
                        conditional[header] = response[header]
                return conditional
        return response
