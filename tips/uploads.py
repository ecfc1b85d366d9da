"""The tip routes' upload handler: every file is encrypted as it streams in.

It replaces, for tip requests only, the handlers that would write uploads to disk.
Each file's bytes go through an :class:`~tips.crypto.EncryptingWriter` into the
tips store; the plaintext never touches the disk, and its SHA-256 is computed in the
same pass. The file's name stays in memory, for the encrypted manifest only.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tips import floods
from tips.crypto import EncryptingWriter, organisation_recipients
from tips.store import tips_store

FILES_FIELD = "files"


class EncryptedUpload(UploadedFile):
    """A file that arrived and now exists only as ciphertext in the tips store."""

    def __init__(
        self,
        *,
        ciphertext_name: str,
        sha256: str,
        name: str,
        content_type: str,
        size: int,
    ) -> None:
        super().__init__(
            file=None, name=name, content_type=content_type, size=size, charset=None
        )
        self.ciphertext_name = ciphertext_name
        self.sha256 = sha256
        self.claimed = False

    def open(self, mode: str = "rb"):
        raise OSError("an encrypted tip upload cannot be read back as plaintext")


class TipUploadHandler(FileUploadHandler):
    """Encrypts each uploaded file to the organisation's keys while hashing it."""

    def __init__(self, request=None) -> None:
        super().__init__(request)
        self.store = tips_store()
        self.uploads: list[EncryptedUpload] = []
        self._current: tuple[str, object, EncryptingWriter] | None = None
        self._files = 0

    def new_file(self, field_name, file_name, content_type, *args, **kwargs) -> None:
        super().new_file(field_name, file_name, content_type, *args, **kwargs)
        if field_name != FILES_FIELD or not file_name:
            # Nothing but the form's file field is read; a stray field is skipped
            # without keeping a byte of it.
            self._current = None
            return
        self._files += 1
        if self._files > settings.INDISPUTABLE_TIPS_MAX_FILES:
            self._refuse(
                _("at most %(files)s files can be sent at once")
                % {"files": settings.INDISPUTABLE_TIPS_MAX_FILES}
            )
        name, handle = self.store.create()
        try:
            writer = EncryptingWriter(handle, organisation_recipients())
        except BaseException:
            self.store.discard(name, handle)
            raise
        self._current = (name, handle, writer)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        if self._current is None:
            return
        writer = self._current[2]
        limit = settings.INDISPUTABLE_TIPS_MAX_FILE_BYTES
        if writer.size + len(raw_data) > limit:
            self._refuse(
                _("each file can be at most %(bytes)s bytes")
                % {"bytes": number_format(limit, force_grouping=True)}
            )
        if floods.count_bytes(len(raw_data)) > (
            settings.INDISPUTABLE_TIPS_MAX_BYTES_PER_HOUR
        ):
            self._refuse(_("the channel has received as much as it can take this hour"))
        writer.write(raw_data)
        return

    def file_complete(self, file_size: int) -> EncryptedUpload | None:
        if self._current is None:
            return None
        name, handle, writer = self._current
        self._current = None
        try:
            sha256 = writer.close()
            self.store.finish(name, handle)
        except BaseException:
            self.store.discard(name, handle)
            raise
        upload = EncryptedUpload(
            ciphertext_name=name,
            sha256=sha256,
            name=self.file_name or "",
            content_type=self.content_type or "",
            size=writer.size,
        )
        self.uploads.append(upload)
        return upload

    def upload_interrupted(self) -> None:
        self._abort_current()

    def _abort_current(self) -> None:
        if self._current is not None:
            name, handle, writer = self._current
            self._current = None
            writer.abort()
            self.store.discard(name, handle)

    def _refuse(self, message: str) -> None:
        self._abort_current()
        if self.request is not None:
            self.request.tip_upload_refusal = message
        raise StopUpload(connection_reset=False)

    def discard_unclaimed(self) -> None:
        """Delete the ciphertext of every upload no tip took (a refused form)."""
        self._abort_current()
        for upload in self.uploads:
            if not upload.claimed:
                self.store.delete(upload.ciphertext_name)
        self.uploads.clear()


def upload_refusal(request) -> str | None:
    return getattr(request, "tip_upload_refusal", None)
