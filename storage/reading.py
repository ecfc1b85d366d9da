"""Reading a blob from whichever copy is good, and saying which one was used.

The primary copy is read unless it is missing, quarantined or its store is down;
then the first present replica is used, a warning is logged, and the returned
source says so (``fallback`` and ``reason``) for the caller to show.
"""

from __future__ import annotations

import contextlib
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from storage.backends.base import BlobCorrupt, BlobMissing, BlobStoreError
from storage.handler import blob_stores
from storage.models import BlobCopy, CopyStatus, Quarantine

_ID_BATCH = 900  # ids in one IN (...), within every SQLite's variable limit

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
    return candidate_stores_by_blob([blob], exclude=exclude)[blob.pk]


def candidate_stores_by_blob(
    blobs: Iterable, *, exclude: set[str] | frozenset = frozenset()
) -> dict[int, list[str]]:
    """:func:`candidate_stores` of many blobs at once, by blob id: two queries a
    thousand blobs, for readers of whole collections (exports, audits)."""
    from storage.replication import replica_aliases

    ids = [blob.pk for blob in blobs]
    quarantined: dict[int, set[str]] = defaultdict(set)
    present: dict[int, set[str]] = defaultdict(set)
    for start in range(0, len(ids), _ID_BATCH):
        batch = ids[start : start + _ID_BATCH]
        for blob_id, store in Quarantine.objects.filter(
            blob_id__in=batch, repaired_at__isnull=True
        ).values_list("blob_id", "store"):
            quarantined[blob_id].add(store)
        for blob_id, store in BlobCopy.objects.filter(
            blob_id__in=batch, status=CopyStatus.PRESENT
        ).values_list("blob_id", "store"):
            present[blob_id].add(store)
    replicas = replica_aliases()
    return {
        blob_id: [
            alias
            for alias in [PRIMARY, *(r for r in replicas if r in present[blob_id])]
            if alias not in quarantined[blob_id] and alias not in exclude
        ]
        for blob_id in ids
    }


def open_best_copy(
    blob,
    *,
    exclude: set[str] | frozenset = frozenset(),
    stores: list[str] | None = None,
) -> BlobSource:
    """Open the best available copy of ``blob``; the caller closes the stream.

    ``stores`` is the blob's :func:`candidate_stores`, when the caller looked them
    up for many blobs at once.
    """
    reasons: list[str] = []
    if stores is None:
        stores = candidate_stores(blob, exclude=exclude)
    for alias in stores:
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
