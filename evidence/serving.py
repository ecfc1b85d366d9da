"""Evidence files leave the archive only through these responses.

Originals go out as attachments of type application/octet-stream, so no browser
renders them; derivatives (our own re-encoded JPEGs) may display inline. Both carry
``nosniff`` and a sandboxing Content-Security-Policy.
"""

import mimetypes

from django.http import FileResponse

from evidence.models import Blob
from storage.handler import primary_store
from storage.reading import open_best_copy

FILE_CSP = "default-src 'none'; sandbox"


def _harden(response: FileResponse) -> FileResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cache-Control"] = "private, no-store"
    return response


def safe_download_name(reference: str, blob: Blob) -> str:
    """A file name built from the reference and the sniffed type, never the claim."""
    extension = mimetypes.guess_extension(blob.mime_type, strict=False) or ".bin"
    return f"{reference}{extension}"


def attachment_response(blob: Blob, filename: str) -> FileResponse:
    """The original as a download, from a replica if the primary copy is bad."""
    source = open_best_copy(blob)
    response = FileResponse(
        source.stream,
        as_attachment=True,
        filename=filename,
        content_type="application/octet-stream",
    )
    if source.fallback:
        response["X-Indisputable-Served-From"] = source.store
    return _harden(response)


def inline_derivative_response(blob: Blob) -> FileResponse:
    response = FileResponse(
        primary_store().open(blob.store_key), content_type="image/jpeg"
    )
    return _harden(response)
