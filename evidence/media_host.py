"""Evidence files from a host of their own, when ``INDISPUTABLE_MEDIA_HOST`` is set.

Then the file routes (originals, derivatives, redacted versions) answer only on that
host, every other route answers only elsewhere, and pages link files to it. A file
that a browser could be tricked into rendering is then on another origin than the
workspace: it cannot read the workspace's pages or call its API as the reader.
Access checks and custody records are the same on either host; the session cookie
reaches the media host through ``SESSION_COOKIE_DOMAIN`` (docs/security.md).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseNotFound
from django.http.request import split_domain_port
from django.urls import Resolver404, resolve, reverse

FILE_ROUTES = frozenset(
    {"evidence:original", "evidence:derivative", "evidence:download_version"}
)


def media_host() -> str:
    return getattr(settings, "INDISPUTABLE_MEDIA_HOST", "")


def is_file_route(path: str) -> bool:
    try:
        return resolve(path).view_name in FILE_ROUTES
    except Resolver404:
        return False


def file_url(viewname: str, *args: object) -> str:
    """The link to an evidence file: on the media host when there is one."""
    path = reverse(viewname, args=args)
    host = media_host()
    # Scheme-relative: the file is fetched over the page's own scheme (HTTPS).
    return f"//{host}{path}" if host else path


def _on_media_host(request: HttpRequest, host: str) -> bool:
    asked, _ = split_domain_port(request.get_host())
    wanted, _ = split_domain_port(host)
    return asked == wanted


class MediaHostMiddleware:
    """Refuse file routes on the workspace's host and all else on the media host."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        host = media_host()
        if host and _on_media_host(request, host) != is_file_route(request.path_info):
            return HttpResponseNotFound(
                "Not on this host.", content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)
