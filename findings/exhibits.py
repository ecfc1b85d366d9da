"""Which exhibit files the public may fetch: nothing else leaves through a public URL.

A file is public only while it is the blob of an approved public version that an
exhibit of a live, unrestricted finding page shows. The original, redacted
versions, thumbnails and previews never are, whatever the URL.
"""

from __future__ import annotations

import mimetypes

from django.http import FileResponse, Http404
from wagtail.models import PageViewRestriction

from evidence.models import Derivative
from findings.models import FindingExhibit, FindingPage
from storage.reading import open_best_copy

# Public files never change (content-addressed), so a year is safe.
IMMUTABLE = "public, max-age=31536000, s-maxage=31536000, immutable"


def public_derivative(*, pk: int, sha256: str) -> Derivative:
    """The published public version ``pk`` whose file is ``sha256``, or 404."""
    restricted = PageViewRestriction.objects.values("page__path")
    live_pages = FindingPage.objects.live()
    for row in restricted:
        live_pages = live_pages.exclude(path__startswith=row["page__path"])
    shown = FindingExhibit.objects.filter(
        derivative_id=pk, page__in=live_pages.values("pk")
    )
    derivative = (
        Derivative.objects.select_related("blob")
        .filter(
            pk=pk,
            kind=Derivative.Kind.PUBLIC,
            approved_by__isnull=False,
            blob__sha256=sha256,
        )
        .filter(pk__in=shown.values("derivative_id"))
        .first()
    )
    if derivative is None:
        raise Http404("No such public exhibit.")
    return derivative


def extension_for(derivative: Derivative) -> str:
    return (mimetypes.guess_extension(derivative.blob.mime_type) or ".bin").lstrip(".")


def exhibit_response(derivative: Derivative) -> FileResponse:
    """The file, inline, cacheable forever, and never sniffed or scripted."""
    source = open_best_copy(derivative.blob)
    response = FileResponse(source.stream, content_type=derivative.blob.mime_type)
    response["Content-Length"] = str(derivative.blob.size)
    response["Cache-Control"] = IMMUTABLE
    response["ETag"] = f'"{derivative.blob.sha256}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
