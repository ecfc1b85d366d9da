"""Replicas: every blob is copied from the primary store to each replica store.

The replicas are the aliases listed under ``"REPLICAS"`` in the primary's entry of
``INDISPUTABLE_BLOB_STORES``. Intake calls :func:`schedule_replication` on commit;
a task copies the blob, checking its SHA-256 and SHA-512 on the way, and records
each copy as a ``rep`` custody event. A replica that cannot be reached leaves its
copy pending: :func:`replicate_pending` (a periodic task) catches up later.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from chain_of_custody import events
from chain_of_custody.models import Outcome
from storage import reading
from storage.backends.base import BlobCorrupt, BlobStore, BlobStoreError, StoredBlob
from storage.custody import items_by_blob
from storage.handler import blob_stores
from storage.models import BlobCopy, CopyStatus

logger = logging.getLogger(__name__)

PRIMARY = "primary"


def replica_aliases() -> list[str]:
    """The aliases of the replica stores, in the order they are written."""
    primary = settings.INDISPUTABLE_BLOB_STORES.get(PRIMARY, {})
    return list(primary.get("REPLICAS", []))


def schedule_replication(blob) -> None:
    """Note the copies ``blob`` should have and enqueue the copying (on commit)."""
    aliases = replica_aliases()
    if not aliases:
        return
    BlobCopy.objects.bulk_create(
        [BlobCopy(blob=blob, store=alias) for alias in aliases],
        ignore_conflicts=True,
    )
    pending = BlobCopy.objects.filter(
        blob=blob, store__in=aliases, status=CopyStatus.PENDING
    )
    if pending.exists():
        from storage.tasks import replicate_blob

        replicate_blob.enqueue(blob.pk)


def copy_verified(blob, source, target: BlobStore) -> StoredBlob:
    """Stream ``source`` into ``target``, committing only if both digests hold."""
    writer = target.staging_writer()
    try:
        while chunk := source.read(4 * 1024 * 1024):
            writer.write(chunk)
        digests = writer.hasher.digests()
        if (digests.sha256, digests.sha512) != (blob.sha256, blob.sha512):
            raise BlobCorrupt(f"the copy read for {blob.sha256} has other bytes")
    except BaseException:
        writer.abort()
        raise
    return writer.commit()


@dataclass
class ReplicationRun:
    copied: int = 0
    failed: int = 0


def replicate_blob(blob, *, run: ReplicationRun | None = None) -> ReplicationRun:
    """Copy ``blob`` to every replica that lacks it; failures stay pending."""
    run = run or ReplicationRun()
    copies = BlobCopy.objects.filter(
        blob=blob, store__in=replica_aliases(), status=CopyStatus.PENDING
    )
    for copy in copies:
        if _replicate_copy(blob, copy):
            run.copied += 1
        else:
            run.failed += 1
    return run


def _replicate_copy(blob, copy: BlobCopy) -> bool:
    copy.attempts += 1
    try:
        with reading.open_blob(blob, exclude={copy.store}) as source:
            stored = copy_verified(blob, source.stream, blob_stores[copy.store])
    except (BlobStoreError, OSError) as exc:
        copy.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        copy.save(update_fields=["attempts", "last_error"])
        logger.warning(
            "replication of %s to %s failed: %s", blob.sha256, copy.store, exc
        )
        return False
    with transaction.atomic():
        copy.status = CopyStatus.PRESENT
        copy.copied_at = timezone.now()
        copy.last_error = ""
        copy.save(update_fields=["status", "copied_at", "attempts", "last_error"])
        items = items_by_blob([blob.pk]).get(blob.pk, [])
        for item in items:
            events.record_replication(
                item=item,
                actor=None,
                blob=blob,
                store=copy.store,
                outcome=Outcome.SUCCESS,
            )
        if not items:
            logger.warning("blob %s has no item to record its replication", blob.pk)
    logger.info(
        "replicated %s to %s (%s)",
        blob.sha256,
        copy.store,
        "new" if stored.created else "already there",
    )
    return True


def ensure_copy_rows() -> None:
    """Give every blob a row for its primary copy and for each replica."""
    from evidence.models import Blob

    for alias, status in [(PRIMARY, CopyStatus.PRESENT)] + [
        (alias, CopyStatus.PENDING) for alias in replica_aliases()
    ]:
        missing = Blob.objects.exclude(copies__store=alias).values_list("pk", flat=True)
        ids = list(missing.iterator(chunk_size=5000))
        for start in range(0, len(ids), 2000):
            BlobCopy.objects.bulk_create(
                [
                    BlobCopy(blob_id=pk, store=alias, status=status)
                    for pk in ids[start : start + 2000]
                ],
                ignore_conflicts=True,
            )


def replicate_pending(*, limit: int | None = None) -> ReplicationRun:
    """Catch up: copy every blob that some replica still lacks."""
    from evidence.models import Blob

    ensure_copy_rows()
    run = ReplicationRun()
    pending = (
        BlobCopy.objects.filter(store__in=replica_aliases(), status=CopyStatus.PENDING)
        .values_list("blob_id", flat=True)
        .distinct()
        .order_by("blob_id")
    )
    if limit is not None:
        pending = pending[:limit]
    for blob in Blob.objects.filter(pk__in=list(pending)).order_by("pk"):
        replicate_blob(blob, run=run)
    return run
