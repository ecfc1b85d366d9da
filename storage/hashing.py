"""Digests computed while bytes stream past, so a file is read exactly once."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

# Below this a chunk is hashed inline: handing it to threads would cost more than
# it saves. Above it, each algorithm runs in its own thread (hashlib releases the
# GIL), while the caller writes the same chunk to disk.
PARALLEL_CHUNK = 256 * 1024


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
        self._hashes = [hashlib.sha256(), hashlib.sha512()]
        if md5:
            self._hashes.append(hashlib.md5(usedforsecurity=False))
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list = []
        self.size = 0

    def update(self, chunk: bytes | memoryview) -> None:
        """Start hashing ``chunk``; it may finish in the background (see ``wait``)."""
        self.wait()
        self.size += len(chunk)
        if len(chunk) < PARALLEL_CHUNK:
            for h in self._hashes:
                h.update(chunk)
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(
                max_workers=len(self._hashes), thread_name_prefix="hash"
            )
        self._pending = [self._pool.submit(h.update, chunk) for h in self._hashes]

    def wait(self) -> None:
        """Block until every chunk handed to ``update`` has been hashed."""
        for future in self._pending:
            future.result()
        self._pending = []

    def digests(self) -> Digests:
        self.wait()
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        md5 = self._hashes[2].hexdigest() if len(self._hashes) > 2 else None
        return Digests(
            sha256=self._hashes[0].hexdigest(),
            sha512=self._hashes[1].hexdigest(),
            md5=md5,
            size=self.size,
        )
