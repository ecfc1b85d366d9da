"""``manage.py storage audit | fixity | replicate``: the blob stores' upkeep."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from storage import fixity, replication
from storage.auditing import AuditReport, audit_storage


class Command(BaseCommand):
    help = "Audit the blob stores, run a fixity batch, or catch up replicas."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        audit = sub.add_parser(
            "audit", help="report what is wrong (never deletes); non-zero if anything"
        )
        audit.add_argument(
            "--summary", action="store_true", help="omit the per-blob fixity lines"
        )
        check = sub.add_parser(
            "fixity", help="re-hash the copies that are due (a rolling batch)"
        )
        check.add_argument("--all", action="store_true", help="re-hash every copy")
        check.add_argument(
            "--no-repair", action="store_true", help="quarantine but do not repair"
        )
        replicate = sub.add_parser("replicate", help="copy blobs replicas still lack")
        replicate.add_argument("--limit", type=int, default=None)

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"_{action}")(**options)

    def _audit(self, *, summary: bool, **options) -> None:
        report = audit_storage()
        self._print_report(report, per_blob=not summary)
        problems = report.problems
        if problems:
            raise CommandError("storage audit: " + "; ".join(problems), returncode=1)
        self.stdout.write(self.style.SUCCESS("storage audit: all well"))

    def _print_report(self, report: AuditReport, *, per_blob: bool) -> None:
        out = self.stdout.write
        out(f"Stores: {', '.join(report.stores)}")
        for alias, error in report.unreachable.items():
            out(f"  {alias}: UNREACHABLE: {error}")
        out("Orphan staging:")
        for alias, entries in report.orphan_staging.items():
            out(f"  {alias}: {len(entries)}")
            for name, began in entries:
                out(f"    {name} (since {began:%Y-%m-%d %H:%M} UTC)")
        out("Blobs with no row:")
        for alias, keys in report.keys_without_row.items():
            out(f"  {alias}: {len(keys)}")
            for key in keys:
                out(f"    {key}")
        out("Rows whose blob is missing:")
        for alias, keys in report.rows_without_blob.items():
            out(f"  {alias}: {len(keys)}")
            for key in keys:
                out(f"    {key}")
        out("Replica lag:")
        for alias, lag in report.replica_lag.items():
            oldest = (
                f", oldest from {lag.oldest:%Y-%m-%d %H:%M} UTC" if lag.oldest else ""
            )
            out(f"  {alias}: {lag.missing} blobs not yet copied{oldest}")
        if not report.replica_lag:
            out("  (no replicas configured)")
        out(f"Quarantines (open or in the last 30 days): {len(report.quarantines)}")
        for q in report.quarantines:
            state = (
                f"repaired from {q.repaired_from}" if q.repaired_at else "NOT REPAIRED"
            )
            out(f"  {q.blob.sha256} in {q.store}: {q.problem} ({state})")
        out(
            f"Fixity: {len(report.fixity)} blobs, {len(report.overdue)} overdue, "
            f"{sum(1 for b in report.fixity if b.failed)} failed"
        )
        if per_blob:
            for entry in report.fixity:
                when = (
                    f"{entry.last_fixity_at:%Y-%m-%d %H:%M:%S} UTC"
                    if entry.last_fixity_at
                    else "never"
                )
                flag = " FAILED" if entry.failed else ""
                out(f"  {entry.sha256} last fixity {when}{flag}")

    def _fixity(self, *, all: bool, no_repair: bool, **options) -> None:
        run = fixity.run_fixity_audit(check_all=all, repair=not no_repair)
        self.stdout.write(
            f"{run.checked} copies re-hashed ({run.bytes:,} bytes), "
            f"{len(run.failed)} failed, {run.repaired} repaired, "
            f"{run.unreachable} unreachable"
        )
        if len(run.failed) > run.repaired or run.unreachable:
            raise CommandError("fixity audit found problems", returncode=1)

    def _replicate(self, *, limit: int | None, **options) -> None:
        run = replication.replicate_pending(limit=limit)
        self.stdout.write(f"{run.copied} copies made, {run.failed} failed")
        if run.failed:
            raise CommandError("some copies could not be made", returncode=1)
