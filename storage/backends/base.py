"""The interface every blob store implements.

A blob store keeps evidence bytes write-once under their SHA-256. Bytes arrive through
a ``StagingWriter`` (pushed chunk by chunk, as an upload or a file read delivers them),
are hashed on the way in, and are committed under their content key. A committed blob
is never overwritten or changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from storage.hashing import Digests, MultiHasher

CHUNK_SIZE = 4 * 1024 * 1024


class BlobStoreError(Exception):
    """A store could not do what was asked; the message says why."""


class SizeLimitExceeded(BlobStoreError):
    """The stream is longer than the configured limit; nothing was kept."""


class BlobMissing(BlobStoreError, FileNotFoundError):
    """The store has no blob under this key."""


class StoreUnavailable(BlobStoreError, ConnectionError):
    """The store could not be reached; nothing is known about the blob."""


class BlobCorrupt(BlobStoreError):
    """The bytes read back do not hash to the key they are stored under."""


@dataclass(frozen=True)
class StoredBlob:
    """A committed blob: its key, digests and whether these bytes were new."""

    key: str
    digests: Digests
    created: bool


class StagingWriter(ABC):
    """Receives one stream's bytes, hashing them, until commit or abort."""

    def __init__(self, *, md5: bool = False, max_bytes: int | None = None) -> None:
        self.hasher = MultiHasher(md5=md5)
        self.max_bytes = max_bytes

    def write(self, chunk: bytes | memoryview) -> None:
        if (
            self.max_bytes is not None
            and self.hasher.size + len(chunk) > self.max_bytes
        ):
            self.abort()
            raise SizeLimitExceeded(
                f"file is larger than the limit of {self.max_bytes:,} bytes"
            )
        # The digests of this chunk are computed in other threads while it is
        # written here; the next update (or commit) waits for them.
        self.hasher.update(chunk)
        self._write(chunk)

    @property
    def size(self) -> int:
        return self.hasher.size

    @abstractmethod
    def _write(self, chunk: bytes | memoryview) -> None: ...

    @abstractmethod
    def commit(self) -> StoredBlob:
        """Store the bytes under their SHA-256, never overwriting; idempotent."""

    @abstractmethod
    def abort(self) -> None:
        """Discard the staged bytes. Safe to call more than once."""

    @property
    @abstractmethod
    def staging_path(self) -> str | None:
        """A local path to the staged bytes, when the store has one."""


class BlobStore(ABC):
    """A write-once, content-addressed store of evidence bytes."""

    def __init__(self, alias: str, **options: object) -> None:
        self.alias = alias

    @abstractmethod
    def staging_writer(
        self, *, md5: bool = False, max_bytes: int | None = None
    ) -> StagingWriter: ...

    @abstractmethod
    def open(self, key: str) -> BinaryIO:
        """Open a committed blob for reading."""

    @abstractmethod
    def exists(self, key: str) -> bool: ...

    @abstractmethod
    def size(self, key: str) -> int: ...

    def local_path(self, key: str) -> str | None:
        """A filesystem path for tools that need one (parsers), when there is one."""
        return None

    def write_once(
        self, stream: BinaryIO, *, md5: bool = False, max_bytes: int | None = None
    ) -> StoredBlob:
        """Stream ``stream`` into the store in one read pass and commit it."""
        writer = self.staging_writer(md5=md5, max_bytes=max_bytes)
        try:
            while chunk := stream.read(CHUNK_SIZE):
                writer.write(chunk)
        except BaseException:
            writer.abort()
            raise
        return writer.commit()

    def verify(self, key: str, sha256: str) -> bool:
        """Re-read the blob and compare it with the SHA-256 it was stored under."""
        digest = hashlib.sha256()
        with self.open(key) as fh:
            while chunk := fh.read(CHUNK_SIZE):
                digest.update(chunk)
        return digest.hexdigest() == sha256

    def digests(self, key: str) -> Digests:
        """Re-read the blob once, computing every fixity digest (for audits)."""
        hasher = MultiHasher()
        with self.open(key) as fh:
            while chunk := fh.read(CHUNK_SIZE):
                hasher.update(chunk)
        return hasher.digests()

    @contextlib.contextmanager
    def local_copy(self, key: str, *, sha256: str | None = None) -> Iterator[str]:
        """A filesystem path holding the blob's bytes while the block runs.

        Stores without local files download to a temporary file, removed after;
        with ``sha256`` the download is checked and ``BlobCorrupt`` raised when
        the bytes differ, so a parser never reads a changed copy.
        """
        fd, path = tempfile.mkstemp(prefix="blob-", dir=self.scratch_dir())
        try:
            digest = hashlib.sha256()
            with os.fdopen(fd, "wb") as out, self.open(key) as fh:
                while chunk := fh.read(CHUNK_SIZE):
                    digest.update(chunk)
                    out.write(chunk)
            if sha256 is not None and digest.hexdigest() != sha256:
                raise BlobCorrupt(f"{self.alias}: {key} does not hash to its key")
            yield path
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)

    def scratch_dir(self) -> str | None:
        """Where temporary copies go; None for the system's temporary folder."""
        return None

    @abstractmethod
    def iter_keys(self) -> Iterator[str]:
        """Every committed blob key in the store (for audits); may be slow."""

    def orphan_staging(self) -> list[tuple[str, dt.datetime]]:
        """Staged writes not committed nor discarded, with when each began."""
        return []

    @abstractmethod
    def quarantine(self, key: str) -> str:
        """Take a corrupt copy out of service, keeping it; say where it went."""

    @abstractmethod
    def repair(self, key: str, stream: BinaryIO) -> StoredBlob:
        """Put good bytes back under ``key`` after ``quarantine``; checks the hash."""
