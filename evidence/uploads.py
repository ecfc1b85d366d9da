"""Uploads stream straight into the blob store's staging area, hashed on the way.

``StagingUploadHandler`` replaces Django's temporary-file handler: each uploaded file
is written once, into staging, while its SHA-256 and SHA-512 are computed, so intake
never reads it again. ``StagingCleanupMiddleware`` discards whatever a request staged
but did not ingest (a refused form, a cut-off upload), so nothing lingers.
"""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from storage.backends.base import SizeLimitExceeded, StagingWriter

# Room for multipart boundaries and form fields around the largest accepted file.
MULTIPART_SLACK = 1024 * 1024


class StagedUploadedFile(UploadedFile):
    """An uploaded file already hashed and held in staging, ready for intake."""

    def __init__(self, writer: StagingWriter, name: str, content_type: str, size: int):
        self.writer = writer
        super().__init__(
            file=None, name=name, content_type=content_type, size=size, charset=None
        )

    def temporary_file_path(self) -> str:
        return self.writer.staging_path

    def open(self, mode: str = "rb"):
        if self.file is None or self.file.closed:
            self.file = open(self.writer.staging_path, mode)  # noqa: SIM115
        else:
            self.file.seek(0)
        return self

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


class StagingUploadHandler(FileUploadHandler):
    """Writes every uploaded file into blob staging while hashing it."""

    def __init__(self, request=None) -> None:
        super().__init__(request)
        self.writers: list[StagingWriter] = []
        self.writer: StagingWriter | None = None

    def handle_raw_input(
        self, input_data, META, content_length, boundary, encoding=None
    ):
        self.content_length = content_length

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        limit = settings.INDISPUTABLE_MAX_UPLOAD_BYTES
        if self.content_length and self.content_length > limit + MULTIPART_SLACK:
            self._refuse(f"file is larger than the limit of {limit:,} bytes")
            raise StopUpload(connection_reset=True)
        from evidence.intake import open_staging

        self.writer = open_staging()
        self.writers.append(self.writer)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        try:
            self.writer.write(raw_data)
        except SizeLimitExceeded as exc:
            self._refuse(str(exc))
            raise StopUpload(connection_reset=False) from exc

    def file_complete(self, file_size: int) -> StagedUploadedFile:
        writer, self.writer = self.writer, None
        return StagedUploadedFile(writer, self.file_name, self.content_type, file_size)

    def upload_interrupted(self) -> None:
        self.discard_unclaimed()

    def discard_unclaimed(self) -> None:
        """Delete every staging file of this request that intake did not commit."""
        for writer in self.writers:
            with contextlib.suppress(OSError):
                writer.abort()
        self.writers.clear()

    def _refuse(self, message: str) -> None:
        if self.request is not None:
            self.request.upload_refusal = message


def upload_refusal(request) -> str | None:
    """Why the request's upload was refused (too large), if it was."""
    return getattr(request, "upload_refusal", None)


class StagingCleanupMiddleware:
    """After each request, discard staged uploads that were not ingested."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            for handler in getattr(request, "_upload_handlers", []):
                if isinstance(handler, StagingUploadHandler):
                    handler.discard_unclaimed()
