"""``manage.py storage audit``: what is wrong with the stores, without changing them.

Reports orphan staging (spool files, incomplete multipart uploads), blobs in a
store with no row, rows whose blob a store lacks, replica lag, open quarantines,
and the last fixity time of each blob. It reads only; it never deletes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone

from storage.backends.base import BlobStoreError
from storage.handler import blob_stores
from storage.models import BlobCopy, CopyStatus, Quarantine
from storage.replication import PRIMARY, replica_aliases


@dataclass(frozen=True)
class BlobFixity:
    sha256: str
    created_at: dt.datetime
    last_fixity_at: dt.datetime | None
    copies_checked: int
    failed: bool


@dataclass(frozen=True)
class Lag:
    missing: int
    oldest: dt.datetime | None


@dataclass
class AuditReport:
    stores: list[str] = field(default_factory=list)
    unreachable: dict[str, str] = field(default_factory=dict)
    orphan_staging: dict[str, list[tuple[str, dt.datetime]]] = field(
        default_factory=dict
    )
    keys_without_row: dict[str, list[str]] = field(default_factory=dict)
    rows_without_blob: dict[str, list[str]] = field(default_factory=dict)
    replica_lag: dict[str, Lag] = field(default_factory=dict)
    lagging: list[str] = field(default_factory=list)
    quarantines: list[Quarantine] = field(default_factory=list)
    fixity: list[BlobFixity] = field(default_factory=list)
    overdue: list[BlobFixity] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        """One line per kind of thing that is wrong; empty when all is well."""
        found = [
            f"{alias} cannot be reached: {e}" for alias, e in self.unreachable.items()
        ]
        found += [
            f"{alias}: {len(entries)} orphan staging entries"
            for alias, entries in self.orphan_staging.items()
            if entries
        ]
        found += [
            f"{alias}: {len(keys)} blobs with no row"
            for alias, keys in self.keys_without_row.items()
            if keys
        ]
        found += [
            f"{alias}: {len(keys)} rows whose blob is missing"
            for alias, keys in self.rows_without_blob.items()
            if keys
        ]
        found += [f"{alias}: replica lags behind" for alias in self.lagging]
        unrepaired = [q for q in self.quarantines if q.repaired_at is None]
        if unrepaired:
            found.append(f"{len(unrepaired)} quarantined copies not repaired")
        if self.overdue:
            found.append(f"{len(self.overdue)} blobs overdue for a fixity check")
        failed = [b for b in self.fixity if b.failed]
        if failed:
            found.append(f"{len(failed)} blobs whose last fixity check failed")
        return found


def audit_storage(*, now: dt.datetime | None = None) -> AuditReport:
    """Survey every configured store against the database."""
    from evidence.models import Blob

    now = now or timezone.now()
    report = AuditReport(stores=[PRIMARY, *replica_aliases()])
    row_keys = set(Blob.objects.values_list("store_key", flat=True).iterator(5000))
    grace = dt.timedelta(seconds=settings.INDISPUTABLE_STAGING_GRACE_SECONDS)
    for alias in report.stores:
        store = blob_stores[alias]
        try:
            report.orphan_staging[alias] = [
                (name, began)
                for name, began in store.orphan_staging()
                if began < now - grace
            ]
            keys = set(store.iter_keys())
        except (BlobStoreError, OSError) as exc:
            report.unreachable[alias] = str(exc)
            continue
        report.keys_without_row[alias] = sorted(keys - row_keys)
        expected = row_keys if alias == PRIMARY else _present_keys(alias)
        report.rows_without_blob[alias] = sorted(expected - keys)
    _replica_lag(report, now=now)
    report.quarantines = list(
        Quarantine.objects.filter(
            Q(repaired_at__isnull=True)
            | Q(detected_at__gte=now - dt.timedelta(days=30))
        ).select_related("blob")
    )
    _fixity(report, now=now)
    return report


def _present_keys(alias: str) -> set[str]:
    return set(
        BlobCopy.objects.filter(store=alias, status=CopyStatus.PRESENT).values_list(
            "blob__store_key", flat=True
        )
    )


def _replica_lag(report: AuditReport, *, now: dt.datetime) -> None:
    from evidence.models import Blob

    limit = dt.timedelta(seconds=settings.INDISPUTABLE_REPLICA_LAG_ALERT_SECONDS)
    for alias in replica_aliases():
        missing = Blob.objects.exclude(
            copies__store=alias, copies__status=CopyStatus.PRESENT
        )
        lag = Lag(
            missing=missing.count(),
            oldest=missing.aggregate(oldest=Min("created_at"))["oldest"],
        )
        report.replica_lag[alias] = lag
        if lag.oldest is not None and lag.oldest < now - limit:
            report.lagging.append(alias)


def _fixity(report: AuditReport, *, now: dt.datetime) -> None:
    from evidence.models import Blob

    period = dt.timedelta(days=settings.INDISPUTABLE_FIXITY_PERIOD_DAYS)
    rows = Blob.objects.annotate(
        last=Min("copies__last_fixity_at"),
        checked=Count("copies", filter=Q(copies__last_fixity_at__isnull=False)),
        unchecked=Count("copies", filter=Q(copies__last_fixity_at__isnull=True)),
        bad=Count("copies", filter=Q(copies__last_fixity_ok=False)),
    ).order_by("pk")
    for row in rows.iterator(chunk_size=2000):
        last = None if row.unchecked or not row.checked else row.last
        entry = BlobFixity(
            sha256=row.sha256,
            created_at=row.created_at,
            last_fixity_at=last,
            copies_checked=row.checked,
            failed=bool(row.bad),
        )
        report.fixity.append(entry)
        since = last or entry.created_at
        if since < now - period:
            report.overdue.append(entry)
