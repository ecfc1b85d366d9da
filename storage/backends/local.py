"""Blob store on a local filesystem: fsync, atomic link into place, never overwrite."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from storage.backends.base import (
    BlobCorrupt,
    BlobMissing,
    BlobStore,
    BlobStoreError,
    StagingWriter,
    StoredBlob,
)
from storage.keys import blob_key, is_blob_key

STAGING_DIR = "staging"
QUARANTINE_DIR = "quarantine"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class LocalStagingWriter(StagingWriter):
    """A staging file inside the store's own ``staging/`` folder."""

    def __init__(self, store: LocalBlobStore, **kwargs) -> None:
        super().__init__(**kwargs)
        self.store = store
        self._path = store.root / STAGING_DIR / f"{uuid.uuid4().hex}.part"
        # O_EXCL: a staging name is never reused, even across processes.
        fd = os.open(self._path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._file = os.fdopen(fd, "wb", buffering=0)
        self._result: StoredBlob | None = None

    @property
    def staging_path(self) -> str | None:
        return str(self._path)

    def _write(self, chunk: bytes | memoryview) -> None:
        self._file.write(chunk)

    def commit(self) -> StoredBlob:
        if self._result is not None:
            return self._result
        if self._file.closed:
            raise BlobStoreError("staging file was already discarded")
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        digests = self.hasher.digests()
        key = blob_key(digests.sha256)
        final = self.store.root / key
        final.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(self._path, 0o440)
        try:
            # link() fails if the name exists: committing never replaces a blob.
            os.link(self._path, final)
            created = True
        except FileExistsError:
            created = False
        os.unlink(self._path)
        if created:
            _fsync_dir(final.parent)
        self._result = StoredBlob(key=key, digests=digests, created=created)
        return self._result

    def abort(self) -> None:
        self.hasher.digests()  # let hashing threads finish before the file goes
        if not self._file.closed:
            self._file.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._path)


class LocalBlobStore(BlobStore):
    """Blobs as read-only files under ``root/sha256/ab/cd/<hex>``."""

    def __init__(self, alias: str, *, root: str, **options: object) -> None:
        super().__init__(alias, **options)
        self.root = Path(root)
        self.resolved_root = str(self.root.resolve())
        (self.root / STAGING_DIR).mkdir(parents=True, exist_ok=True)

    def staging_writer(self, **kwargs) -> LocalStagingWriter:
        return LocalStagingWriter(self, **kwargs)

    def _path(self, key: str) -> str:
        # A plain string: pathlib would intern every key's parts, a table that
        # grows with each blob an export or an audit reads.
        if not is_blob_key(key):
            raise BlobStoreError(f"not a blob key: {key!r}")
        return os.path.join(self.resolved_root, key)

    def open(self, key: str) -> BinaryIO:
        return open(self._path(key), "rb")  # noqa: SIM115 - the caller closes it

    def exists(self, key: str) -> bool:
        return os.path.isfile(self._path(key))

    def size(self, key: str) -> int:
        return os.stat(self._path(key)).st_size

    def local_path(self, key: str) -> str | None:
        return self._path(key)

    def staging_files(self) -> list[Path]:
        """Staging files left behind by interrupted writes (for audits and sweeps)."""
        return sorted((self.root / STAGING_DIR).glob("*.part"))

    def orphan_staging(self) -> list[tuple[str, dt.datetime]]:
        return [
            (str(path), dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC))
            for path in self.staging_files()
        ]

    @contextlib.contextmanager
    def local_copy(self, key: str, *, sha256: str | None = None) -> Iterator[str]:
        """The blob's own path: it is read-only, and fixity audits re-hash it."""
        path = self._path(key)
        if not os.path.isfile(path):
            raise BlobMissing(f"{self.alias}: no blob {key}")
        yield path

    def iter_keys(self) -> Iterator[str]:
        base = self.root / "sha256"
        if not base.is_dir():
            return
        for path in sorted(base.glob("??/??/*")):
            yield path.relative_to(self.root).as_posix()

    def quarantine(self, key: str) -> str:
        """Move the copy into ``quarantine/`` (kept as found, never deleted)."""
        path = Path(self._path(key))
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = self.root / QUARANTINE_DIR / f"{path.name}.{stamp}"
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.rename(path, target)
        except FileNotFoundError as exc:
            raise BlobMissing(f"{self.alias}: no blob {key}") from exc
        _fsync_dir(path.parent)
        return str(target)

    def repair(self, key: str, stream: BinaryIO) -> StoredBlob:
        if os.path.exists(self._path(key)):
            raise BlobStoreError(f"{self.alias}: quarantine {key} before repairing it")
        writer = self.staging_writer()
        try:
            while chunk := stream.read(4 * 1024 * 1024):
                writer.write(chunk)
            if blob_key(writer.hasher.digests().sha256) != key:
                raise BlobCorrupt(f"the bytes offered to repair {key} differ from it")
        except BaseException:
            writer.abort()
            raise
        return writer.commit()
