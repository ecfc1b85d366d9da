"""The S3 store against a real HTTP endpoint: locking, encryption, multipart."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import os
import tracemalloc

import pytest
from botocore.exceptions import ClientError

from storage.handler import blob_stores

MiB = 1024 * 1024


class PatternStream:
    """``size`` bytes of a repeated random block, produced as they are read."""

    def __init__(self, size: int, seed: bytes = b"") -> None:
        self.left = size
        self.block = hashlib.sha512(seed).digest() * (MiB // 64)
        self.digest = hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        out = (self.block * (n // len(self.block) + 1))[:n]
        self.left -= n
        self.digest.update(out)
        return out


@pytest.fixture
def s3_primary(settings, make_bucket, s3_config):
    bucket = make_bucket()
    settings.INDISPUTABLE_BLOB_STORES = {"primary": s3_config(bucket)}
    return blob_stores["primary"]


def test_object_is_locked_encrypted_and_never_overwritten(s3_primary, s3):
    client = s3.client()
    stored = s3_primary.write_once(io.BytesIO(b"a photograph of the mass grave"))
    assert stored.created
    object_key = stored.key
    head = client.head_object(
        Bucket=s3_primary.bucket, Key=object_key, ChecksumMode="ENABLED"
    )
    assert head["ObjectLockMode"] == "COMPLIANCE"
    assert head["ObjectLockRetainUntilDate"] > dt.datetime.now(dt.UTC) + dt.timedelta(
        hours=23
    )
    assert head["ServerSideEncryption"] == "AES256"
    expected = base64.b64encode(bytes.fromhex(stored.digests.sha256)).decode()
    assert head["ChecksumSHA256"] == expected

    with pytest.raises(ClientError) as refused:
        client.delete_object(
            Bucket=s3_primary.bucket, Key=object_key, VersionId=head["VersionId"]
        )
    assert refused.value.response["Error"]["Code"] == "AccessDenied"
    with pytest.raises(ClientError) as refused:
        client.put_object(
            Bucket=s3_primary.bucket, Key=object_key, Body=b"denial", IfNoneMatch="*"
        )
    assert refused.value.response["Error"]["Code"] == "PreconditionFailed"

    again = s3_primary.write_once(io.BytesIO(b"a photograph of the mass grave"))
    assert not again.created
    versions = client.list_object_versions(Bucket=s3_primary.bucket, Prefix=object_key)
    assert len(versions["Versions"]) == 1
    assert s3_primary.verify(object_key, stored.digests.sha256)


def test_kms_encryption_is_requested(settings, make_bucket, s3_config, s3):
    bucket = make_bucket()
    settings.INDISPUTABLE_BLOB_STORES = {
        "primary": s3_config(bucket, sse="aws:kms", kms_key_id="alias/evidence")
    }
    stored = blob_stores["primary"].write_once(io.BytesIO(b"statement"))
    head = s3.client().head_object(Bucket=bucket, Key=stored.key)
    assert head["ServerSideEncryption"] == "aws:kms"


def test_multipart_upload_of_100_mib_keeps_memory_flat(settings, s3_primary, s3):
    stream = PatternStream(100 * MiB, seed=os.urandom(8))
    tracemalloc.start()
    try:
        stored = s3_primary.write_once(stream)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert stored.created
    assert stored.digests.size == 100 * MiB
    assert stored.digests.sha256 == stream.digest.hexdigest()
    # 4 MiB read chunks, 1 MiB part-hashing slices per thread; parts stream from
    # the spool file, so no part and nothing near the object's size is held.
    assert peak < 24 * MiB, f"peak {peak / MiB:.1f} MiB"
    head = s3.client().head_object(Bucket=s3_primary.bucket, Key=stored.key)
    assert head["ETag"].strip('"').endswith("-20"), "20 parts of 5 MiB"
    assert head["ContentLength"] == 100 * MiB
    assert s3_primary.verify(stored.key, stored.digests.sha256)
    assert not list(s3_primary.staging_dir.iterdir()), "the spool is removed"


def test_a_failed_upload_is_aborted(settings, s3_primary, s3, monkeypatch):
    from storage.backends import s3 as s3_backend

    original = s3_backend.S3BlobStore._upload_part

    def failing(self, path, object_key, upload_id, number, size):
        if number == 2:
            raise ClientError({"Error": {"Code": "InternalError"}}, "UploadPart")
        return original(self, path, object_key, upload_id, number, size)

    monkeypatch.setattr(s3_backend.S3BlobStore, "_upload_part", failing)
    with pytest.raises(s3_backend.BlobStoreError, match="upload of sha256/"):
        s3_primary.write_once(PatternStream(12 * MiB))
    uploads = s3.client().list_multipart_uploads(Bucket=s3_primary.bucket)
    assert not uploads.get("Uploads"), "the incomplete upload was aborted"
    assert not list(s3_primary.iter_keys())
    assert not s3_primary.orphan_staging()
