"""The tips store: a directory of age ciphertexts under random names.

Unlike the blob store it is not write-once: retention deletes from it. Files are
written under a temporary name and renamed when complete; their times are set back
to the hour, and their names say nothing about content, sender or time.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

from tips.privacy import current_hour

SUFFIX = ".age"
PARTIAL = ".partial"


class CiphertextStore:
    """Ciphertext files in ``INDISPUTABLE_TIPS_DIR``."""

    def __init__(self, root: str | os.PathLike | None = None) -> None:
        self.root = Path(root or settings.INDISPUTABLE_TIPS_DIR)

    def _ensure_root(self) -> None:
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)

    def path(self, name: str) -> Path:
        if not name.endswith(SUFFIX) or "/" in name or name.startswith("."):
            raise ValueError(f"not a ciphertext name: {name!r}")
        return self.root / name

    def create(self) -> tuple[str, BinaryIO]:
        """A new, empty ciphertext file open for writing, and its final name."""
        self._ensure_root()
        name = secrets.token_hex(16) + SUFFIX
        fd = os.open(
            self.root / (name + PARTIAL), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600
        )
        return name, os.fdopen(fd, "wb")

    def finish(self, name: str, handle: BinaryIO) -> None:
        """Flush, sync and close ``handle``, then give the file its final name."""
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
        final = self.path(name)
        os.replace(self.root / (name + PARTIAL), final)
        hour = current_hour().timestamp()
        os.utime(final, (hour, hour))

    def discard(self, name: str, handle: BinaryIO | None = None) -> None:
        """Remove a file being written, or a finished one; missing is fine."""
        if handle is not None:
            with contextlib.suppress(OSError):
                handle.close()
        for path in (self.root / (name + PARTIAL), self.root / name):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    def write(self, ciphertext: bytes) -> str:
        """Store a small ciphertext held in memory; return its name."""
        name, handle = self.create()
        try:
            handle.write(ciphertext)
            self.finish(name, handle)
        except BaseException:
            self.discard(name, handle)
            raise
        return name

    def open(self, name: str) -> BinaryIO:
        return open(self.path(name), "rb")  # noqa: SIM115 - the caller closes it

    def read(self, name: str) -> bytes:
        return self.path(name).read_bytes()

    def delete(self, name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path(name).unlink()

    def names(self) -> list[str]:
        if not self.root.exists():
            return []
        return sorted(p.name for p in self.root.iterdir() if p.name.endswith(SUFFIX))

    def stale_partials(self, older_than_seconds: float) -> list[Path]:
        """Unfinished files left by an interrupted request."""
        if not self.root.exists():
            return []
        cutoff = time.time() - older_than_seconds
        return [
            p
            for p in self.root.iterdir()
            if p.name.endswith(PARTIAL) and p.stat().st_mtime < cutoff
        ]


def tips_store() -> CiphertextStore:
    return CiphertextStore()
