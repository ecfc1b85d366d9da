"""Deleting tips nobody promoted, once the retention period is over.

Each deleted part gets a deletion event in the custody log pointing at its
accession event; what is deleted is ciphertext, since nothing else ever existed.
Replies and sources with nothing left go too.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from chain_of_custody import events
from tips.inbox import accession_event
from tips.models import Reply, Source, Tip, TipPart
from tips.store import tips_store

# Unfinished ciphertext older than this was left by a request that died.
PARTIAL_GRACE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class PurgeResult:
    tips: int
    parts: int
    replies: int
    sources: int


def purge_expired(*, now: dt.datetime | None = None) -> PurgeResult:
    """Delete what the retention period no longer covers; return the counts."""
    days = settings.INDISPUTABLE_TIPS_RETENTION_DAYS
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    reason = f"retention period of {days} days ended, never promoted"
    promoted = TipPart.objects.filter(tip=OuterRef("pk"), promoted_item__isnull=False)
    expired = (
        Tip.objects.filter(received_hour__lt=cutoff)
        .exclude(Exists(promoted))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    tips = parts = 0
    for tip_id in list(expired):
        deleted = _delete_tip(tip_id, reason)
        if deleted is not None:
            tips += 1
            parts += deleted
    replies, _ = Reply.objects.filter(created_hour__lt=cutoff).delete()
    sources, _ = Source.objects.filter(
        last_seen_hour__lt=cutoff, tips=None, replies=None
    ).delete()
    for path in tips_store().stale_partials(PARTIAL_GRACE_SECONDS):
        path.unlink(missing_ok=True)
    return PurgeResult(tips=tips, parts=parts, replies=replies, sources=sources)


def _delete_tip(tip_id: int, reason: str) -> int | None:
    store = tips_store()
    with transaction.atomic():
        tip = Tip.objects.select_for_update().filter(pk=tip_id).first()
        if tip is None or tip.parts.filter(promoted_item__isnull=False).exists():
            return None
        parts = list(tip.parts.order_by("index"))
        for part in parts:
            events.record_tip_deletion(
                accession=accession_event(part), actor=None, reason=reason
            )
        names = [tip.manifest_name, *(p.ciphertext_name for p in parts)]
        tip.delete()
        # The files go once the rows and deletion events are committed: a rollback
        # must not leave rows pointing at nothing.
        transaction.on_commit(functools.partial(_delete_files, store, names))
    return len(parts)


def _delete_files(store, names: list[str]) -> None:
    for name in names:
        store.delete(name)
