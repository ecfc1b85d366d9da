"""Content-addressed keys: a blob is named by the SHA-256 of its bytes."""

import re

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def blob_key(sha256: str) -> str:
    """The storage key of the blob with this SHA-256: ``sha256/ab/cd/<hex>``."""
    if not _SHA256.match(sha256):
        raise ValueError(f"not a lowercase hex SHA-256: {sha256!r}")
    return f"sha256/{sha256[:2]}/{sha256[2:4]}/{sha256}"
