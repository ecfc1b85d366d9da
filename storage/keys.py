"""Content-addressed keys: a blob is named by the SHA-256 of its bytes."""

import re

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_KEY = re.compile(r"^sha256/([0-9a-f]{2})/([0-9a-f]{2})/(\1\2[0-9a-f]{60})$")


def blob_key(sha256: str) -> str:
    """The storage key of the blob with this SHA-256: ``sha256/ab/cd/<hex>``."""
    if not _SHA256.match(sha256):
        raise ValueError(f"not a lowercase hex SHA-256: {sha256!r}")
    return f"sha256/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def is_blob_key(key: str) -> bool:
    """Whether ``key`` is exactly a key :func:`blob_key` makes (so it names no
    other path: no ``..``, no separators, no other folders)."""
    return _KEY.fullmatch(key) is not None
