"""Digests computed while bytes stream past, so a file is read exactly once."""

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Digests:
    """The fixity values of one byte stream."""

    sha256: str
    sha512: str
    md5: str | None
    size: int


class MultiHasher:
    """SHA-256 and SHA-512 (and MD5 for legacy tools, on request) in one pass."""

    def __init__(self, *, md5: bool = False) -> None:
        self._sha256 = hashlib.sha256()
        self._sha512 = hashlib.sha512()
        self._md5 = hashlib.md5(usedforsecurity=False) if md5 else None
        self.size = 0

    def update(self, chunk: bytes | memoryview) -> None:
        self._sha256.update(chunk)
        self._sha512.update(chunk)
        if self._md5 is not None:
            self._md5.update(chunk)
        self.size += len(chunk)

    def digests(self) -> Digests:
        return Digests(
            sha256=self._sha256.hexdigest(),
            sha512=self._sha512.hexdigest(),
            md5=self._md5.hexdigest() if self._md5 is not None else None,
            size=self.size,
        )
