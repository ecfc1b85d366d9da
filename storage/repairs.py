"""A copy found missing or changed: quarantined, reported, repaired from a good copy.

The bad copy is taken out of service and kept as found (the local store moves it
to ``quarantine/``; a locked S3 object version cannot be moved, so it stays, and
reads skip the store until the repair). Administrators are e-mailed and the staff
workspace shows a banner. The copy is then rewritten from a good copy, checked
against both digests on the way, and the repair is recorded.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import mail_admins
from django.db import transaction
from django.utils import timezone

from chain_of_custody import events
from chain_of_custody.models import Outcome
from storage import reading
from storage.backends.base import BlobMissing, BlobStoreError
from storage.custody import items_by_blob
from storage.handler import blob_stores
from storage.models import BlobCopy, CopyStatus, Quarantine

logger = logging.getLogger(__name__)


def quarantine_copy(
    copy: BlobCopy, *, problem: str, found_sha256: str = ""
) -> Quarantine:
    """Take a bad copy out of service, keep it, record it and warn administrators."""
    blob = copy.blob
    kept_at = ""
    try:
        kept_at = blob_stores[copy.store].quarantine(blob.store_key)
    except BlobMissing:
        kept_at = ""
    except (BlobStoreError, OSError, NotImplementedError) as exc:
        kept_at = f"left in place: {exc}"
    with transaction.atomic():
        quarantine = Quarantine.objects.create(
            blob=blob,
            store=copy.store,
            detected_at=timezone.now(),
            problem=problem,
            found_sha256=found_sha256,
            kept_at=kept_at,
        )
        copy.status = CopyStatus.QUARANTINED
        copy.save(update_fields=["status"])
        for item in items_by_blob([blob.pk]).get(blob.pk) or [None]:
            events.record_quarantine(
                item=item,
                blob=blob,
                store=copy.store,
                problem=problem,
                details={"found_sha256": found_sha256, "kept_at": kept_at},
            )
        transaction.on_commit(lambda: _warn_admins(quarantine))
    logger.error("quarantined %s in %s: %s", blob.sha256, copy.store, problem)
    return quarantine


def repair_copy(copy: BlobCopy) -> bool:
    """Rewrite a quarantined copy from a good one; record the outcome."""
    blob = copy.blob
    quarantine = (
        Quarantine.objects.filter(blob=blob, store=copy.store, repaired_at__isnull=True)
        .order_by("-detected_at")
        .first()
    )
    try:
        with reading.open_blob(blob, exclude={copy.store}) as source:
            blob_stores[copy.store].repair(blob.store_key, source.stream)
            source_alias = source.store
    except (BlobStoreError, OSError, NotImplementedError) as exc:
        logger.error("could not repair %s in %s: %s", blob.sha256, copy.store, exc)
        with transaction.atomic():
            for item in items_by_blob([blob.pk]).get(blob.pk) or [None]:
                events.record_repair(
                    item=item,
                    blob=blob,
                    store=copy.store,
                    source="no good copy",
                    outcome=Outcome.FAILURE,
                    details={"error": str(exc)},
                )
        return False
    now = timezone.now()
    with transaction.atomic():
        copy.status = CopyStatus.PRESENT
        copy.last_fixity_at = now
        copy.last_fixity_ok = True
        copy.save(update_fields=["status", "last_fixity_at", "last_fixity_ok"])
        if quarantine is not None:
            quarantine.repaired_at = now
            quarantine.repaired_from = source_alias
            quarantine.save(update_fields=["repaired_at", "repaired_from"])
        for item in items_by_blob([blob.pk]).get(blob.pk) or [None]:
            events.record_repair(
                item=item,
                blob=blob,
                store=copy.store,
                source=source_alias,
                outcome=Outcome.SUCCESS,
                details={"quarantine": quarantine.pk if quarantine else None},
            )
    logger.warning("repaired %s in %s from %s", blob.sha256, copy.store, source_alias)
    return True


def _warn_admins(quarantine: Quarantine) -> None:
    blob = quarantine.blob
    mail_admins(
        subject=f"Fixity failure: blob {blob.sha256[:12]} in store {quarantine.store}",
        message=(
            f"A fixity audit found the copy of blob {blob.sha256} in the store "
            f"{quarantine.store!r} bad: {quarantine.problem}.\n\n"
            f"The copy was quarantined ({quarantine.kept_at or 'nothing to keep'}) "
            "and a repair from a good replica follows; its outcome is in the "
            "custody log and in `manage.py storage audit`.\n"
            f"Site: {settings.WAGTAILADMIN_BASE_URL}\n"
        ),
        fail_silently=True,
    )


def open_quarantines():
    """Quarantines not yet repaired, or recent enough to keep showing."""
    recent = timezone.now() - dt.timedelta(
        days=settings.INDISPUTABLE_QUARANTINE_BANNER_DAYS
    )
    return Quarantine.objects.filter(
        repaired_at__isnull=True
    ) | Quarantine.objects.filter(detected_at__gte=recent)
