"""Blob keys name one file of the store and nothing else."""

import hashlib

import pytest

from storage.backends.base import BlobStoreError
from storage.backends.local import LocalBlobStore
from storage.keys import blob_key, is_blob_key

SHA256 = hashlib.sha256(b"evidence").hexdigest()


def test_a_key_is_the_sha256_under_its_first_two_byte_pairs():
    assert blob_key(SHA256) == f"sha256/{SHA256[:2]}/{SHA256[2:4]}/{SHA256}"
    assert is_blob_key(blob_key(SHA256))


@pytest.mark.parametrize(
    "key",
    [
        f"sha256/../../{SHA256}",
        f"sha256/{SHA256[:2]}/{SHA256[2:4]}/../../../etc/passwd",
        f"sha256/{SHA256[2:4]}/{SHA256[:2]}/{SHA256}",  # folders not its own
        f"sha256/{SHA256[:2]}/{SHA256[2:4]}/{SHA256.upper()}",
        f"sha256/{SHA256[:2]}/{SHA256[2:4]}/{SHA256}\n",
        f"/sha256/{SHA256[:2]}/{SHA256[2:4]}/{SHA256}",
        f"staging/{SHA256}.part",
        "",
    ],
)
def test_the_local_store_refuses_anything_else(tmp_path, key):
    store = LocalBlobStore("test", root=str(tmp_path))
    assert not is_blob_key(key)
    with pytest.raises(BlobStoreError, match="not a blob key"):
        store.open(key)
