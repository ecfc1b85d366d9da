"""Blob store on S3 (or any S3-compatible service): write-once, locked, encrypted.

How a blob gets in, in one read pass of the input:

1. The bytes stream into a local spool file in ``staging_dir`` while SHA-256 and
   SHA-512 are computed (the same ``StagingWriter`` as the local store), so intake
   can sniff the type from a path and the memory used stays flat.
2. On commit the SHA-256, hence the key, is known. The spool is uploaded straight
   to the final key: one ``PutObject`` up to ``multipart_threshold``, above it a
   multipart upload of ``part_size`` parts sent by ``max_concurrency`` threads,
   each part streamed from the spool file (never held in memory) with its own
   ``x-amz-checksum-sha256`` that the server checks.
3. The final write is conditional (``If-None-Match: *`` on ``PutObject`` and
   ``CompleteMultipartUpload``): an existing blob is never replaced, and a
   concurrent commit of the same bytes is seen as a duplicate. The object is
   created under Object Lock (compliance mode, ``retention_days``) with
   server-side encryption (SSE-S3, or SSE-KMS with ``kms_key_id``).
4. Any failure aborts the multipart upload and removes the spool; a bucket
   lifecycle rule (``AbortIncompleteMultipartUpload``) covers a crash between.

Uploading to a staging key and copying it server-side would overlap the upload
with the receipt, but it writes every byte twice on the server, leaves an
undeletable staging object behind in a bucket with default retention, and needs
``UploadPartCopy`` above 5 GiB. Spooling costs local disk the size of the
largest upload in flight and starts the upload when the receipt ends; it lets the
final object be created once, conditionally, with its checksum known up front,
and skips the upload altogether when the bytes are already stored.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import logging
import os
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from s3transfer.utils import ReadFileChunk

from storage.backends.base import (
    CHUNK_SIZE,
    BlobCorrupt,
    BlobMissing,
    BlobStore,
    BlobStoreError,
    StagingWriter,
    StoredBlob,
    StoreUnavailable,
)
from storage.keys import blob_key, is_blob_key

logger = logging.getLogger(__name__)

MiB = 1024 * 1024
_MISSING = {"404", "NoSuchKey", "NotFound", "NoSuchVersion"}
# Parts are hashed in slices this big, so threads hold little memory each.
PART_READ = 256 * 1024
_EXISTS = {"PreconditionFailed", "ConditionalRequestConflict"}


def _b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode("ascii")


def _error_code(exc: BaseException) -> str:
    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Code", ""))
    return ""


def _sign_with_known_digest(request: Any, **kwargs: Any) -> None:
    """Sign a body with the SHA-256 already computed for its checksum header.

    Over plain HTTP botocore hashes every body again to sign it; the
    ``x-amz-checksum-sha256`` header we send holds that same digest.
    """
    checksum = request.headers.get("x-amz-checksum-sha256")
    if checksum and "X-Amz-Content-SHA256" not in request.headers:
        request.headers["X-Amz-Content-SHA256"] = base64.b64decode(checksum).hex()


class S3StagingWriter(StagingWriter):
    """Spools to a local file while hashing; ``commit`` uploads to the final key."""

    def __init__(self, store: S3BlobStore, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.store = store
        self._path = store.staging_dir / f"{uuid.uuid4().hex}.part"
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
        self._file.close()
        digests = self.hasher.digests()
        key = blob_key(digests.sha256)
        try:
            created = self.store.upload_file(
                self._path, key=key, sha256=digests.sha256, size=digests.size
            )
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._path)
        self._result = StoredBlob(key=key, digests=digests, created=created)
        return self._result

    def abort(self) -> None:
        self.hasher.digests()
        if not self._file.closed:
            self._file.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._path)


class S3BlobStore(BlobStore):
    """Blobs as locked, encrypted objects under ``prefix + sha256/ab/cd/<hex>``.

    Options (``INDISPUTABLE_BLOB_STORES[alias]["OPTIONS"]``): ``bucket``,
    ``prefix``, ``endpoint_url``, ``region_name``, ``access_key_id`` and
    ``secret_access_key`` (else boto3's usual sources), ``staging_dir``,
    ``part_size``, ``multipart_threshold``, ``max_concurrency``, ``object_lock``
    (create objects locked), ``object_lock_mode`` (``COMPLIANCE``),
    ``retention_days`` (None: the bucket's default retention), ``sse``
    (``AES256`` or ``aws:kms``; None for none), ``kms_key_id``,
    ``connect_timeout``, ``read_timeout``, ``max_attempts``.
    """

    def __init__(
        self,
        alias: str,
        *,
        bucket: str,
        staging_dir: str,
        prefix: str = "",
        endpoint_url: str | None = None,
        region_name: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        part_size: int = 16 * MiB,
        multipart_threshold: int | None = None,
        max_concurrency: int = 4,
        object_lock: bool = True,
        object_lock_mode: str = "COMPLIANCE",
        retention_days: int | None = None,
        sse: str | None = "AES256",
        kms_key_id: str | None = None,
        connect_timeout: float = 5,
        read_timeout: float = 60,
        max_attempts: int = 3,
        **options: object,
    ) -> None:
        super().__init__(alias, **options)
        if part_size < 5 * MiB:
            raise BlobStoreError("S3 parts are at least 5 MiB (part_size)")
        self.bucket = bucket
        self.prefix = prefix
        self.staging_dir = Path(staging_dir)
        self.staging_dir.mkdir(parents=True, exist_ok=True)
        self.part_size = part_size
        self.multipart_threshold = multipart_threshold or part_size
        self.max_concurrency = max(1, max_concurrency)
        self.object_lock = object_lock
        self.object_lock_mode = object_lock_mode
        self.retention_days = retention_days
        self.sse = sse
        self.kms_key_id = kms_key_id
        self._client_options = {
            "endpoint_url": endpoint_url,
            "region_name": region_name,
            "aws_access_key_id": access_key_id,
            "aws_secret_access_key": secret_access_key,
            "config": Config(
                connect_timeout=connect_timeout,
                read_timeout=read_timeout,
                retries={"max_attempts": max_attempts, "mode": "standard"},
                max_pool_connections=self.max_concurrency + 2,
                # Checksums are ours (SHA-256), sent and checked explicitly.
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
                s3={"addressing_style": "path"} if endpoint_url else None,
            ),
        }
        self._client = None
        self._client_lock = threading.Lock()

    # --- the S3 client ----------------------------------------------------------

    @property
    def client(self):
        """One boto3 client per store object (clients are thread-safe)."""
        with self._client_lock:
            if self._client is None:
                client = boto3.session.Session().client("s3", **self._client_options)
                client.meta.events.register("before-sign.s3", _sign_with_known_digest)
                self._client = client
            return self._client

    def _object_key(self, key: str) -> str:
        if not is_blob_key(key):
            raise BlobStoreError(f"not a blob key: {key!r}")
        return f"{self.prefix}{key}"

    def _call(self, operation: str, key: str, **kwargs: Any) -> dict:
        """Call the S3 API, translating failures into the store's exceptions."""
        try:
            return getattr(self.client, operation)(Bucket=self.bucket, **kwargs)
        except ClientError as exc:
            if _error_code(exc) in _MISSING:
                raise BlobMissing(f"{self.alias}: no blob {key}") from exc
            raise
        except BotoCoreError as exc:
            raise StoreUnavailable(f"{self.alias}: {exc}") from exc

    # --- writing ----------------------------------------------------------------

    def staging_writer(self, **kwargs: Any) -> S3StagingWriter:
        return S3StagingWriter(self, **kwargs)

    def _create_args(self) -> dict[str, Any]:
        args: dict[str, Any] = {}
        if self.sse:
            args["ServerSideEncryption"] = self.sse
            if self.kms_key_id:
                args["SSEKMSKeyId"] = self.kms_key_id
        if self.object_lock and self.retention_days:
            args["ObjectLockMode"] = self.object_lock_mode
            args["ObjectLockRetainUntilDate"] = dt.datetime.now(dt.UTC) + dt.timedelta(
                days=self.retention_days
            )
        return args

    def upload_file(
        self, path: Path, *, key: str, sha256: str, size: int, replace: bool = False
    ) -> bool:
        """Upload a spooled file to ``key``; False if the blob was already there.

        ``replace`` is only for repairs: it writes a new version over a copy
        found corrupt (the locked corrupt version stays, as found).
        """
        if not replace and self._stored_matches(key, sha256=sha256, size=size):
            return False
        try:
            if size <= self.multipart_threshold:
                self._put(path, key=key, sha256=sha256, replace=replace)
            else:
                self._multipart(path, key=key, size=size, replace=replace)
        except ClientError as exc:
            if _error_code(exc) in _EXISTS and not replace:
                if not self._stored_matches(key, sha256=sha256, size=size):
                    raise BlobCorrupt(
                        f"{self.alias}: {key} exists with other bytes"
                    ) from exc
                return False
            raise BlobStoreError(
                f"{self.alias}: upload of {key} failed: {exc}"
            ) from exc
        except BotoCoreError as exc:
            raise StoreUnavailable(
                f"{self.alias}: upload of {key} failed: {exc}"
            ) from exc
        return True

    def _stored_matches(self, key: str, *, sha256: str, size: int) -> bool:
        """Whether ``key`` exists with this size (and SHA-256, when S3 has it whole)."""
        try:
            head = self._call(
                "head_object", key, Key=self._object_key(key), ChecksumMode="ENABLED"
            )
        except BlobMissing:
            return False
        if head["ContentLength"] != size:
            raise BlobCorrupt(f"{self.alias}: {key} exists with another size")
        checksum = head.get("ChecksumSHA256")
        if checksum and "-" not in checksum and checksum != _b64(bytes.fromhex(sha256)):
            raise BlobCorrupt(f"{self.alias}: {key} exists with other bytes")
        return True

    def _put(self, path: Path, *, key: str, sha256: str, replace: bool) -> None:
        conditions = {} if replace else {"IfNoneMatch": "*"}
        with open(path, "rb") as body:
            self.client.put_object(
                Bucket=self.bucket,
                Key=self._object_key(key),
                Body=body,
                ChecksumAlgorithm="SHA256",
                ChecksumSHA256=_b64(bytes.fromhex(sha256)),
                **conditions,
                **self._create_args(),
            )

    def _multipart(self, path: Path, *, key: str, size: int, replace: bool) -> None:
        object_key = self._object_key(key)
        upload_id = self.client.create_multipart_upload(
            Bucket=self.bucket,
            Key=object_key,
            ChecksumAlgorithm="SHA256",
            **self._create_args(),
        )["UploadId"]
        failed = threading.Event()

        def send(number: int) -> dict[str, Any]:
            if failed.is_set():
                raise BlobStoreError("upload abandoned after another part failed")
            try:
                return self._upload_part(path, object_key, upload_id, number, size)
            except BaseException:
                failed.set()
                raise

        count = max(1, -(-size // self.part_size))
        try:
            with ThreadPoolExecutor(
                self.max_concurrency, thread_name_prefix="s3-part"
            ) as pool:
                parts = list(pool.map(send, range(1, count + 1)))
            conditions = {} if replace else {"IfNoneMatch": "*"}
            done = self.client.complete_multipart_upload(
                Bucket=self.bucket,
                Key=object_key,
                UploadId=upload_id,
                MultipartUpload={"Parts": parts},
                **conditions,
            )
        except BaseException:
            self._abort_upload(object_key, upload_id)
            raise
        expected = _composite_checksum([p["ChecksumSHA256"] for p in parts])
        if done.get("ChecksumSHA256") and done["ChecksumSHA256"] != expected:
            raise BlobCorrupt(f"{self.alias}: S3 stored other bytes under {key}")

    def _upload_part(
        self, path: Path, object_key: str, upload_id: str, number: int, size: int
    ) -> dict[str, Any]:
        """Hash one part from the spool, then stream it; only small buffers held."""
        start = (number - 1) * self.part_size
        length = min(self.part_size, size - start)
        digest = hashlib.sha256()
        # One small buffer, refilled: no allocation per slice to bloat the heap.
        buffer = memoryview(bytearray(PART_READ))
        with open(path, "rb", buffering=0) as fh:
            fh.seek(start)
            left = length
            while left and (n := fh.readinto(buffer[: min(PART_READ, left)])):
                digest.update(buffer[:n])
                left -= n
        checksum = _b64(digest.digest())
        with ReadFileChunk.from_filename(
            str(path), start, length, enable_callbacks=False
        ) as body:
            response = self.client.upload_part(
                Bucket=self.bucket,
                Key=object_key,
                UploadId=upload_id,
                PartNumber=number,
                Body=body,
                ContentLength=length,
                ChecksumAlgorithm="SHA256",
                ChecksumSHA256=checksum,
            )
        return {
            "PartNumber": number,
            "ETag": response["ETag"],
            "ChecksumSHA256": checksum,
        }

    def _abort_upload(self, object_key: str, upload_id: str) -> None:
        try:
            self.client.abort_multipart_upload(
                Bucket=self.bucket, Key=object_key, UploadId=upload_id
            )
        except (BotoCoreError, ClientError) as exc:
            # The bucket's AbortIncompleteMultipartUpload rule removes it later;
            # ``manage.py storage audit`` lists it meanwhile.
            logger.warning(
                "could not abort upload %s of %s: %s", upload_id, object_key, exc
            )

    # --- reading ----------------------------------------------------------------

    def open(self, key: str) -> BinaryIO:
        response = self._call("get_object", key, Key=self._object_key(key))
        return response["Body"]

    def exists(self, key: str) -> bool:
        try:
            self._call("head_object", key, Key=self._object_key(key))
        except BlobMissing:
            return False
        return True

    def size(self, key: str) -> int:
        head = self._call("head_object", key, Key=self._object_key(key))
        return int(head["ContentLength"])

    def scratch_dir(self) -> str | None:
        return str(self.staging_dir)

    def iter_keys(self) -> Iterator[str]:
        paginator = self.client.get_paginator("list_objects_v2")
        try:
            for page in paginator.paginate(
                Bucket=self.bucket, Prefix=f"{self.prefix}sha256/"
            ):
                for entry in page.get("Contents", []):
                    yield entry["Key"][len(self.prefix) :]
        except BotoCoreError as exc:
            raise StoreUnavailable(f"{self.alias}: {exc}") from exc

    def orphan_staging(self) -> list[tuple[str, dt.datetime]]:
        """Spool files left by a crash, and multipart uploads never completed."""
        found = [
            (str(path), dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC))
            for path in sorted(self.staging_dir.glob("*.part"))
        ]
        try:
            paginator = self.client.get_paginator("list_multipart_uploads")
            for page in paginator.paginate(Bucket=self.bucket, Prefix=self.prefix):
                found += [
                    (
                        f"s3://{self.bucket}/{upload['Key']} "
                        f"(multipart upload {upload['UploadId']})",
                        upload["Initiated"],
                    )
                    for upload in page.get("Uploads", [])
                ]
        except BotoCoreError as exc:
            raise StoreUnavailable(f"{self.alias}: {exc}") from exc
        return found

    # --- quarantine and repair --------------------------------------------------

    def quarantine(self, key: str) -> str:
        """A locked object cannot be moved: the corrupt version stays, as found."""
        head = self._call("head_object", key, Key=self._object_key(key))
        version = head.get("VersionId") or "(unversioned)"
        return f"s3://{self.bucket}/{self._object_key(key)} version {version}"

    def repair(self, key: str, stream: BinaryIO) -> StoredBlob:
        """Write the good bytes as a new current version of the object."""
        writer = self.staging_writer()
        try:
            while chunk := stream.read(CHUNK_SIZE):
                writer.write(chunk)
            writer._file.close()
            digests = writer.hasher.digests()
            if blob_key(digests.sha256) != key:
                raise BlobCorrupt(f"the bytes offered to repair {key} differ from it")
            self.upload_file(
                writer._path,
                key=key,
                sha256=digests.sha256,
                size=digests.size,
                replace=True,
            )
        finally:
            writer.abort()
        return StoredBlob(key=key, digests=digests, created=True)


def _composite_checksum(part_checksums: list[str]) -> str:
    """S3's checksum of a multipart object: SHA-256 of the parts' digests, -N."""
    joined = b"".join(base64.b64decode(c) for c in part_checksums)
    return f"{_b64(hashlib.sha256(joined).digest())}-{len(part_checksums)}"
