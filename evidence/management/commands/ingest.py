"""``manage.py ingest PATH...``: bulk intake of files and folders.

Re-running after an interruption skips every file already ingested from the same path
with the same bytes, so an interrupted run can simply be run again.
"""

import hashlib
import os
import queue
import threading
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from evidence.intake import IntakeError, Submission, ingest_evidence
from evidence.models import EvidenceItem, SourceType


def _walk(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw).absolute()
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                found.extend(Path(root) / name for name in sorted(files))
        elif path.exists():
            found.append(path)
        else:
            raise CommandError(f"no such file or folder: {raw}")
    return found


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


class Command(BaseCommand):
    help = "Ingest files (folders are walked recursively) as evidence items."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--source-type", default=SourceType.OTHER, choices=SourceType.values
        )
        parser.add_argument("--source-note", default="")
        parser.add_argument(
            "--collected-by",
            metavar="USERNAME",
            required=True,
            help="The account that collected the files; it is also the submitter.",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=(os.cpu_count() or 1) + 1,
            help="Files ingested at once (default: cores + 1). With more than one, "
            "references follow the order in which files finish, not path order.",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        User = get_user_model()
        try:
            user = User.objects.get(username=options["collected_by"])
        except User.DoesNotExist as exc:
            raise CommandError(f"no such user: {options['collected_by']}") from exc
        files = _walk(options["paths"])
        submission = Submission(
            source_type=options["source_type"],
            source_note=options["source_note"],
            collected_by=user,
        )
        counts = {"ingested": 0, "duplicate": 0, "skipped": 0}
        failures: list[tuple[Path, str]] = []
        todo: queue.SimpleQueue[Path] = queue.SimpleQueue()
        for path in files:
            todo.put(path)
        lock = threading.Lock()
        progress = tqdm(
            total=len(files),
            unit="file",
            disable=options["no_progress"],
            file=self.stderr._out,
        )

        def worker() -> None:
            try:
                while True:
                    try:
                        path = todo.get_nowait()
                    except queue.Empty:
                        return
                    try:
                        outcome = self._ingest_one(path, user, submission)
                    except (IntakeError, OSError) as exc:
                        with lock:
                            failures.append((path, str(exc)))
                    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the rest
                        with lock:
                            failures.append((path, f"{type(exc).__name__}: {exc}"))
                    else:
                        with lock:
                            counts[outcome] += 1
                    progress.update()
            finally:
                if threading.current_thread() is not threading.main_thread():
                    connection.close()

        if options["jobs"] <= 1:
            worker()
        else:
            threads = [
                threading.Thread(target=worker, name=f"ingest-{n}")
                for n in range(options["jobs"])
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        progress.close()
        duplicates, skipped = counts["duplicate"], counts["skipped"]
        ingested = counts["ingested"] + duplicates
        failures.sort()
        self.stdout.write(
            f"ingested {ingested}, of which exact duplicates {duplicates}; "
            f"skipped (already ingested) {skipped}; failed {len(failures)}"
        )
        for path, reason in failures:
            self.stderr.write(f"failed: {path}: {reason}")
        if failures:
            raise CommandError(f"{len(failures)} file(s) failed", returncode=1)

    def _ingest_one(self, path: Path, user, submission: Submission) -> str:
        """Ingest one file; say whether it was new, a duplicate or skipped."""
        if self._already_ingested(path):
            return "skipped"
        with open(path, "rb") as fh:
            item = ingest_evidence(
                submitted_by=user,
                filename=path.name,
                submission=submission,
                stream=fh,
                ingest_path=str(path),
            )
        return "duplicate" if item.is_exact_duplicate else "ingested"

    def _already_ingested(self, path: Path) -> bool:
        previous = EvidenceItem.objects.filter(ingest_path=str(path)).values_list(
            "blob__sha256", flat=True
        )
        if not previous:
            return False
        return _sha256_of(path) in set(previous)
