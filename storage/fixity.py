"""Scheduled fixity audits: every copy of every blob re-hashed within a period.

Each run checks a rolling batch: the copies checked longest ago (never-checked
first), as many as needed for every copy to come round within
``INDISPUTABLE_FIXITY_PERIOD_DAYS`` when a run happens
``INDISPUTABLE_FIXITY_RUNS_PER_DAY`` times a day, and more when some are overdue.
Each check is a ``fix`` custody event with its outcome, and the copy's
``last_fixity_at`` is kept in :class:`~storage.models.BlobCopy`. A copy found
missing or changed is quarantined and repaired (:mod:`storage.repairs`).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from chain_of_custody import events
from chain_of_custody.models import Outcome
from storage.backends.base import BlobMissing, BlobStoreError, StoreUnavailable
from storage.custody import items_by_blob
from storage.handler import blob_stores
from storage.models import BlobCopy, CopyStatus
from storage.replication import ensure_copy_rows

logger = logging.getLogger(__name__)

RECORD_CHUNK = 500


@dataclass(frozen=True)
class CheckResult:
    copy: BlobCopy
    problem: str = ""
    found_sha256: str = ""
    unreachable: bool = False


@dataclass
class FixityRun:
    """What one audit run checked and found."""

    checked: int = 0
    bytes: int = 0
    failed: list[CheckResult] = field(default_factory=list)
    unreachable: int = 0
    repaired: int = 0


def check_copy(copy: BlobCopy) -> CheckResult:
    """Re-hash one copy against the blob's SHA-256, SHA-512 and size."""
    blob = copy.blob
    try:
        digests = blob_stores[copy.store].digests(blob.store_key)
    except BlobMissing:
        return CheckResult(copy, problem="the copy is missing")
    except StoreUnavailable as exc:
        return CheckResult(copy, problem=str(exc), unreachable=True)
    except (BlobStoreError, OSError) as exc:
        return CheckResult(copy, problem=f"the copy cannot be read: {exc}")
    wrong = [
        name
        for name, found, expected in (
            ("size", digests.size, blob.size),
            ("SHA-256", digests.sha256, blob.sha256),
            ("SHA-512", digests.sha512, blob.sha512),
        )
        if found != expected
    ]
    if wrong:
        return CheckResult(
            copy,
            problem=f"bytes changed: {' and '.join(wrong)} no longer match",
            found_sha256=digests.sha256,
        )
    return CheckResult(copy)


def due_copies(*, now: dt.datetime, check_all: bool = False):
    """The copies this run checks, oldest check first."""
    present = BlobCopy.objects.filter(status=CopyStatus.PRESENT)
    ordered = present.select_related("blob").order_by(
        F("last_fixity_at").asc(nulls_first=True), "pk"
    )
    if check_all:
        return ordered
    period = dt.timedelta(days=settings.INDISPUTABLE_FIXITY_PERIOD_DAYS)
    total = present.count()
    quota = math.ceil(
        total
        / (
            settings.INDISPUTABLE_FIXITY_PERIOD_DAYS
            * settings.INDISPUTABLE_FIXITY_RUNS_PER_DAY
        )
    )
    overdue = present.filter(
        Q(last_fixity_at__isnull=True) | Q(last_fixity_at__lt=now - period)
    ).count()
    return ordered[: max(quota, overdue)]


def run_fixity_audit(*, check_all: bool = False, repair: bool = True) -> FixityRun:
    """Check the copies that are due, record each check, handle failures."""
    from storage import repairs

    ensure_copy_rows()
    now = timezone.now()
    copies = list(due_copies(now=now, check_all=check_all))
    run = FixityRun()
    with ThreadPoolExecutor(
        settings.INDISPUTABLE_FIXITY_WORKERS, thread_name_prefix="fixity"
    ) as pool:
        for start in range(0, len(copies), RECORD_CHUNK):
            batch = copies[start : start + RECORD_CHUNK]
            results = list(pool.map(check_copy, batch))
            _record(results, run)
    for result in run.failed:
        repairs.quarantine_copy(
            result.copy, problem=result.problem, found_sha256=result.found_sha256
        )
    if repair:
        # Copies quarantined by this run, and earlier ones still unrepaired.
        quarantined = BlobCopy.objects.filter(status=CopyStatus.QUARANTINED)
        for copy in quarantined.select_related("blob").order_by("pk"):
            if repairs.repair_copy(copy):
                run.repaired += 1
    logger.info(
        "fixity audit: %s copies checked, %s failed, %s unreachable, %s repaired",
        run.checked,
        len(run.failed),
        run.unreachable,
        run.repaired,
    )
    return run


def _record(results: list[CheckResult], run: FixityRun) -> None:
    """Record one chunk of checks in one transaction."""
    now = timezone.now()
    items = items_by_blob({r.copy.blob_id for r in results})
    checked = []
    with transaction.atomic():
        for result in results:
            if result.unreachable:
                run.unreachable += 1
                logger.warning(
                    "fixity: %s unreachable: %s", result.copy, result.problem
                )
                continue
            copy = result.copy
            ok = not result.problem
            copy.last_fixity_at = now
            copy.last_fixity_ok = ok
            checked.append(copy)
            run.checked += 1
            if ok:
                run.bytes += copy.blob.size
            else:
                run.failed.append(result)
            for item in items.get(copy.blob_id) or [None]:
                events.record_blob_fixity(
                    item=item,
                    blob=copy.blob,
                    store=copy.store,
                    outcome=Outcome.SUCCESS if ok else Outcome.FAILURE,
                    problem=result.problem,
                )
        BlobCopy.objects.bulk_update(checked, ["last_fixity_at", "last_fixity_ok"])
