"""Reading a blob from whichever copy is good, and saying which one was used.

The primary copy is read unless it is missing, quarantined or its store is down;
then the first present replica is used, a warning is logged, and the returned
source says so (``fallback`` and ``reason``) for the caller to show.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from storage.backends.base import BlobCorrupt, BlobMissing, BlobStoreError
from storage.handler import blob_stores
from storage.models import BlobCopy, CopyStatus, Quarantine

logger = logging.getLogger(__name__)

PRIMARY = "primary"


class NoGoodCopy(BlobStoreError, FileNotFoundError):
    """No store holds a usable copy of the blob; the message lists why."""


@dataclass
class BlobSource:
    """An open copy of a blob, and where it came from."""

    stream: BinaryIO
    store: str
    fallback: bool
    reason: str = ""

    @property
    def warning(self) -> str:
        """A sentence for the user when a replica stood in for the primary."""
        if not self.fallback:
            return ""
        return f"Served from the replica {self.store!r}: {self.reason}"


@dataclass
class LocalCopy:
    """A path holding a blob's bytes, and where they came from."""

    path: str
    store: str
    fallback: bool
    reason: str = ""


def candidate_stores(blob, *, exclude: set[str] | frozenset = frozenset()) -> list[str]:
    """The stores to read ``blob`` from, best first, skipping quarantined copies."""
    from storage.replication import replica_aliases

    quarantined = set(
        Quarantine.objects.filter(blob=blob, repaired_at__isnull=True).values_list(
            "store", flat=True
        )
    )
    present = set(
        BlobCopy.objects.filter(blob=blob, status=CopyStatus.PRESENT).values_list(
            "store", flat=True
        )
    )
    replicas = [alias for alias in replica_aliases() if alias in present]
    return [
        alias
        for alias in [PRIMARY, *replicas]
        if alias not in quarantined and alias not in exclude
    ]


def open_best_copy(blob, *, exclude: set[str] | frozenset = frozenset()) -> BlobSource:
    """Open the best available copy of ``blob``; the caller closes the stream."""
    reasons: list[str] = []
    for alias in candidate_stores(blob, exclude=exclude):
        try:
            stream = blob_stores[alias].open(blob.store_key)
        except (BlobStoreError, OSError) as exc:
            reasons.append(_why(alias, exc))
            continue
        # A caller that excluded the primary (a repair of it) expects a replica.
        fallback = alias != PRIMARY and PRIMARY not in exclude
        source = BlobSource(
            stream=stream, store=alias, fallback=fallback, reason=_gaps(reasons)
        )
        if source.fallback:
            logger.warning("blob %s: %s", blob.sha256, source.warning)
        return source
    raise NoGoodCopy(f"no good copy of {blob.sha256}: {_gaps(reasons) or 'none'}")


@contextlib.contextmanager
def open_blob(
    blob, *, exclude: set[str] | frozenset = frozenset()
) -> Iterator[BlobSource]:
    """Open the best available copy of ``blob`` for reading."""
    source = open_best_copy(blob, exclude=exclude)
    try:
        yield source
    finally:
        source.stream.close()


@contextlib.contextmanager
def local_copy(blob) -> Iterator[LocalCopy]:
    """A checked local path to ``blob`` (for parsers), from the best copy."""
    reasons: list[str] = []
    with contextlib.ExitStack() as stack:
        found: LocalCopy | None = None
        for alias in candidate_stores(blob):
            try:
                path = stack.enter_context(
                    blob_stores[alias].local_copy(blob.store_key, sha256=blob.sha256)
                )
            except (BlobStoreError, OSError) as exc:
                reasons.append(_why(alias, exc))
                continue
            found = LocalCopy(
                path=path, store=alias, fallback=alias != PRIMARY, reason=_gaps(reasons)
            )
            break
        if found is None:
            raise NoGoodCopy(f"no good copy of {blob.sha256}: {_gaps(reasons)}")
        if found.fallback:
            logger.warning(
                "blob %s read from replica %s: %s",
                blob.sha256,
                found.store,
                found.reason,
            )
        yield found


def _why(alias: str, exc: BaseException) -> str:
    if isinstance(exc, BlobMissing | FileNotFoundError):
        return f"{alias} copy is missing"
    if isinstance(exc, BlobCorrupt):
        return f"{alias} copy is corrupt"
    return f"{alias} cannot be read ({exc})"


def _gaps(reasons: list[str]) -> str:
    return "; ".join(reasons)
