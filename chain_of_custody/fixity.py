"""Fixity: re-hash every stored blob against the SHA-256 and SHA-512 it came with."""

from __future__ import annotations

import hashlib

from evidence.models import Blob
from storage.backends.base import CHUNK_SIZE
from storage.handler import primary_store


def check_blob(*, key: str, sha256: str, sha512: str) -> str | None:
    """Return what is wrong with one blob's bytes, or None if both digests hold."""
    first, second = hashlib.sha256(), hashlib.sha512()
    try:
        with primary_store().open(key) as fh:
            while chunk := fh.read(CHUNK_SIZE):
                first.update(chunk)
                second.update(chunk)
    except OSError as error:
        return f"cannot be read: {error.strerror or error}"
    wrong = [
        name
        for name, digest, expected in (
            ("SHA-256", first, sha256),
            ("SHA-512", second, sha512),
        )
        if digest.hexdigest() != expected
    ]
    if wrong:
        return f"bytes changed: {' and '.join(wrong)} no longer match"
    return None


def failing_blobs() -> tuple[int, dict[str, str]]:
    """Check every blob; return how many were checked and each failing SHA-256."""
    checked = 0
    failures: dict[str, str] = {}
    rows = Blob.objects.order_by("id").values_list("sha256", "sha512", "store_key")
    for sha256, sha512, key in rows.iterator(chunk_size=2000):
        checked += 1
        problem = check_blob(key=key, sha256=sha256, sha512=sha512)
        if problem is not None:
            failures[sha256] = problem
    return checked, failures
