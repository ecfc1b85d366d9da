"""S3 for the storage tests: a real HTTP endpoint (moto's server) on loopback."""

from __future__ import annotations

import uuid

import pytest
from moto_process import CREDENTIALS, REGION, MotoProcess

MiB = 1024 * 1024


@pytest.fixture(scope="session")
def moto_server():
    server = MotoProcess()
    server.start()
    yield server
    server.close()


@pytest.fixture
def s3(moto_server):
    """The endpoint, started (a test may have stopped it), and a boto3 client."""
    moto_server.start()
    return moto_server


@pytest.fixture
def make_bucket(s3):
    """Create a bucket with Object Lock enabled; return its name."""

    def _make(*, lock: bool = True) -> str:
        name = f"evidence-{uuid.uuid4().hex[:12]}"
        s3.client().create_bucket(Bucket=name, ObjectLockEnabledForBucket=lock)
        return name

    return _make


@pytest.fixture
def s3_config(s3, tmp_path):
    """The settings entry of an S3 store on the test endpoint."""

    def _config(bucket: str, **options) -> dict:
        return {
            "BACKEND": "storage.backends.s3.S3BlobStore",
            "OPTIONS": {
                "bucket": bucket,
                "endpoint_url": s3.url,
                "region_name": REGION,
                "access_key_id": CREDENTIALS["aws_access_key_id"],
                "secret_access_key": CREDENTIALS["aws_secret_access_key"],
                "staging_dir": str(tmp_path / f"staging-{bucket}"),
                "retention_days": 1,
                "part_size": 5 * MiB,
                "max_concurrency": 4,
                "connect_timeout": 2,
                "read_timeout": 20,
                "max_attempts": 2,
                **options,
            },
        }

    return _config


@pytest.fixture
def local_config(tmp_path):
    def _config(name: str) -> dict:
        return {
            "BACKEND": "storage.backends.local.LocalBlobStore",
            "OPTIONS": {"root": str(tmp_path / name)},
        }

    return _config
