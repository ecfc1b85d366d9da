"""Export a case of 2,000 items totalling 2 GiB as a court bundle (the real
``manage.py export_case``), against the anchor ``tar cf`` of the same originals,
in the same run.

Targets: ratio (our wall time / tar's) <= 1.3, peak memory of the export <= 200 MiB.
Setup is not timed: the random files are written to the blob store and registered
in bulk (each with its intake event), and are the statements of one witness of the
case, so the export takes them all. Each export records its own events, so the
archive's database is put back as setup left it before every run (untimed): every
run exports the same items with the same custody events.
"""

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from harness import PYTHON, ROOT, fresh_archive, manage, median, timed  # noqa: E402

REFERENCE = "BENCH-EXPORT-1"
SETUP = """
import io, pathlib
from django.db import transaction
from django.utils import timezone
from accounts.models import User
from accounts.roles import ensure_roles
from cases import teams, witnesses
from chain_of_custody import events, signing
from evidence.models import Blob, EvidenceItem
from storage.handler import primary_store

user = User.objects.get(username="bench")
user.groups.add(ensure_roles()["Analysts"])
user = User.objects.get(pk=user.pk)
signing.generate_key()
now = timezone.now()
store = primary_store()
items = []
with transaction.atomic():
    for n, path in enumerate(sorted(pathlib.Path(FOLDER).iterdir())):
        with open(path, "rb") as fh:
            stored = store.write_once(fh)
        d = stored.digests
        blob = Blob.objects.create(
            sha256=d.sha256, sha512=d.sha512, size=d.size,
            mime_type="application/octet-stream", store_key=stored.key)
        items.append(EvidenceItem(
            reference=f"BEN-2026-{n:06d}", blob=blob, title=path.name,
            source_type="witness", consent_court=True, submitted_by=user,
            submitted_at=now, metadata_status="n/a", derivatives_status="n/a"))
    EvidenceItem.objects.bulk_create(items)
    for item in EvidenceItem.objects.select_related("blob"):
        events.record_ingestion(item=item, actor=user, details={"bench": True})
case = teams.create_case(actor=user, reference=REF, title="Bench",
                         forum_kind="icc", forum="ICC, bench situation")
witness = witnesses.register_witness(case=case, actor=user,
                                     protection_level="pseudonym")
witness.statements.add(*EvidenceItem.objects.all())
"""


def make_files(folder: Path, count: int, total: int) -> None:
    """``count`` random files whose sizes vary around ``total / count``."""
    mean = total // count
    written = 0
    for i in range(count):
        size = mean // 2 + (i * 7919) % mean if i < count - 1 else total - written
        (folder / f"item-{i:05d}.bin").write_bytes(os.urandom(size))
        written += size


def empty_files(folder: Path) -> None:
    """Truncate every file under ``folder`` to nothing, keeping the files.

    Between runs each output is dropped from the page cache unwritten, as tar's
    archive is by its unlink, but a bag's thousands of files are not unlinked: on
    an ext4 without a journal (this machine's), ext4 will not reuse an inode freed
    in the last minutes and scans past every such inode for each new file, so the
    next run's file creations would pay for this clean-up (tar makes one file).
    Everything goes at the end.
    """
    for path in folder.rglob("*"):
        if path.is_file():
            os.truncate(path, 0)


def restore(pristine: Path, database: Path) -> None:
    """Put the SQLite database back as it was (no write-ahead log is left by a
    process that exited cleanly; a stale one must not be replayed)."""
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    shutil.copyfile(pristine, database)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--gib", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if os.environ.get("BENCH_DATABASE_URL"):
        raise SystemExit("bench/export.py runs on the embedded SQLite default")
    base = Path(
        tempfile.mkdtemp(prefix="bench-export-", dir=os.environ.get("BENCH_DIR"))
    )
    folder = base / "originals"
    folder.mkdir()
    make_files(folder, args.count, int(args.gib * 2**30))
    total = sum(p.stat().st_size for p in folder.iterdir())
    print(f"{args.count} files, {total / 2**30:.2f} GiB, in {folder}")
    env = fresh_archive("bench-export-")
    setup = SETUP.replace("FOLDER", repr(str(folder))).replace("REF", repr(REFERENCE))
    manage("shell", "-c", setup, env=env)
    database = Path(env["INDISPUTABLE_DATA_DIR"]) / "db.sqlite3"
    pristine = base / "db.sqlite3"
    shutil.copyfile(database, pristine)
    out = base / "out"
    ours, anchor, peaks = [], [], []
    for run in range(args.runs):
        tar = (
            base / "anchor.tar",
            ["tar", "cf", str(base / "anchor.tar"), "-C", str(folder), "."],
        )
        export = [
            PYTHON,
            str(ROOT / "manage.py"),
            "export_case",
            REFERENCE,
            "--out",
            str(out),
            "--as",
            "bench",
        ]
        # Alternate which goes first, so neither always finds a warmer cache.
        order = [("anchor", tar[1]), ("ours", export)]
        for name, command in order if run % 2 == 0 else reversed(order):
            if name == "ours":
                restore(pristine, database)
            # Neither command pays for writing back what came before it (setup's
            # 4 GiB of originals and blobs, the last run's output).
            os.sync()
            seconds, peak = timed(command, env=env)
            if name == "anchor":
                anchor.append(seconds)
                tar[0].unlink()
            else:
                ours.append(seconds)
                peaks.append(peak)
                empty_files(out)
        print(
            f"run {run}: ours {ours[-1]:.2f} s (peak {peaks[-1] / 2**20:.0f} MiB), "
            f"tar {anchor[-1]:.2f} s"
        )
    ratio = median(ours) / median(anchor)
    print(
        f"RESULT export ratio={ratio:.3f} target=1.3 ours_s={median(ours):.3f} "
        f"anchor_s={median(anchor):.3f} peak_mib={max(peaks) / 2**20:.0f} "
        f"peak_target_mib=200 items={args.count} gib={total / 2**30:.2f} "
        f"runs={args.runs}"
    )
    shutil.rmtree(base, ignore_errors=True)
    shutil.rmtree(env["INDISPUTABLE_DATA_DIR"], ignore_errors=True)


if __name__ == "__main__":
    main()
