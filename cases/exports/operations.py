"""Exporting a case as a court bundle: ``export_case`` and nothing else decides.

The order matters: check access, consent and redactions (nothing is written if any
item may not go); sign a fresh checkpoint so every event of the bundle's items can
be proven against it; number the items (ERNs); stream the bag; then, in one
transaction, record an export event (``exp``) per item and a packing event
(``pac``) for the bundle.

Only the items' ids are kept from one step to the next: each step reads the items
``CHUNK`` at a time, and writing checks each chunk again (an item whose consent was
withdrawn meanwhile stops the export, leaving nothing), so memory does not grow
with the number of items.
"""

from __future__ import annotations

import itertools
import json
import logging
import mimetypes
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cases.exports import bag, custody, disclosure, ecourt, ern, loadfiles, summary
from cases.exports.disclosure import ExportRefused, Planned
from cases.exports.ern import chunked
from cases.exports.models import ErnAssignment, Export
from chain_of_custody import events
from chain_of_custody.checkpoints import create_checkpoint
from chain_of_custody.models import Checkpoint
from evidence.models import EvidenceItem
from storage import reading

if TYPE_CHECKING:
    from accounts.models import User
    from cases.models import Case

logger = logging.getLogger(__name__)

RESOURCES = Path(__file__).parent / "resources"
SPOOL_CHUNK = 1024 * 1024
PROGRESS_EVERY = 1.0  # seconds between writes of an export's progress
CHUNK = 500  # items read, checked and written at a time
Progress = Callable[[int, int], None]

__all__ = ["ExportRefused", "export_case"]


def export_case(
    *,
    case: Case,
    user: User,
    out: Path,
    items: list[str] | None = None,
    disclosure_category: str | None = None,
    confidentiality: list[str] | None = None,
    zip: bool = False,  # noqa: A002 - the option's name everywhere
    progress: Progress | None = None,
    export: Export | None = None,
) -> Export:
    """Write the bundle of ``case`` under the directory ``out``; return its record.

    Raises :class:`ExportRefused` (nothing written, nothing recorded) when an item
    may not go, ``Http404`` when ``user`` is not on the case's team.
    """
    options = {
        "items": items or [],
        "disclosure": disclosure_category or "",
        "confidentiality": confidentiality or [],
        "zip": zip,
    }
    if export is None:
        export = Export.objects.create(
            case=case, created_by=user, created_at=timezone.now(), options=options
        )
    try:
        ids = disclosure.selection(
            case=case,
            user=user,
            references=items,
            category=disclosure_category,
            confidentiality=confidentiality,
            chunk=CHUNK,
        )
        if not ids:
            raise ExportRefused("no items of the case match the selection")
        _mark(export, status=Export.Status.RUNNING, progress_total=len(ids))
        checkpoint = create_checkpoint()
        export.checkpoint = checkpoint
        ern.number(ids, chunk=CHUNK)
        planned = _chunks(case, user, ids, disclosure_category, confidentiality)
        result = _write(export, ids, planned, checkpoint, Path(out), zip, progress)
        _record(export, ids, user, result)
    except Exception as exc:
        _mark(export, status=Export.Status.FAILED, message=str(exc))
        raise
    return export


def _chunks(
    case: Case,
    user: User,
    ids: Sequence[int],
    category: str | None,
    confidentiality: list[str] | None,
) -> Iterator[tuple[list[Planned], dict[int, ErnAssignment], dict[int, list[str]]]]:
    """Each chunk of the items as it is written: checked again, with its ERNs and
    its blobs' stores."""
    for part in chunked(ids, CHUNK):
        entries = disclosure.planned_again(
            case=case,
            user=user,
            ids=part,
            category=category,
            confidentiality=confidentiality,
        )
        stores = reading.candidate_stores_by_blob(entry.blob for entry in entries)
        yield entries, ern.assignments(part), stores


def _mark(export: Export, **fields) -> None:
    for name, value in fields.items():
        setattr(export, name, value)
    export.save(update_fields=list(fields))


def _write(export, ids, planned, checkpoint, out, zip, progress) -> bag.BagResult:
    done = 0
    marked = time.monotonic()

    def step(entry: bag.Payload) -> None:
        nonlocal done, marked
        if entry.path.startswith("evidence/") and ".stamped." not in entry.path:
            done += 1
            if progress:
                progress(done, len(ids))
            # The workspace's progress bar reads the row: a write a second at most.
            if done == len(ids) or time.monotonic() - marked >= PROGRESS_EVERY:
                _mark(export, progress_done=done)
                marked = time.monotonic()

    out.mkdir(parents=True, exist_ok=True)
    # Each item's row, PREMIS object and custody leaves are spooled to files as
    # they are made, and the metadata and custody files streamed from them: memory
    # does not grow with the number of items or events.
    with tempfile.TemporaryDirectory(prefix="export-spool-") as folder:
        spool = _Spool(Path(folder))

        def payload() -> Iterator[bag.Payload]:
            with spool:
                with open(spool.leaves_path, "w", encoding="utf-8") as leaves:
                    count = custody.spool_leaves(ids, checkpoint, leaves)
                # The proofs are made between the items, while the evidence is
                # copied in the background: spread evenly, the export's own work
                # and the copying overlap.
                proofs = _proof_files(spool, checkpoint)
                per_item = -(-count // len(ids))
                for entries, erns, stores in planned:
                    for entry in entries:
                        yield from _item_files(
                            entry, erns[entry.item.pk], spool, stores[entry.blob.pk]
                        )
                        yield from itertools.islice(proofs, per_item)
                yield from proofs
            yield from _metadata_files(spool)
            yield from _custody_files(spool, checkpoint)
            yield from summary.case_files(export.case, export.created_by)

        info = lambda: _bag_info(export, checkpoint, len(ids))  # noqa: E731
        if zip:
            return bag.write_zip(
                out / f"{export.name}.zip",
                payload(),
                root=export.name,
                tags=_tag_files,
                info=info,
                progress=step,
            )
        return bag.write_directory(
            out / export.name, payload(), tags=_tag_files, info=info, progress=step
        )


class _Spool:
    """Files in a temporary folder: the items' custody leaves, and, written
    while the evidence is, their rows (items.jsonl itself) and PREMIS objects."""

    def __init__(self, folder: Path) -> None:
        self.rows_path = folder / "items.jsonl"
        self.objects_path = folder / "premis-objects.xml"
        self.leaves_path = folder / "leaves.txt"

    def __enter__(self) -> _Spool:
        self.rows = open(self.rows_path, "w", encoding="utf-8")  # noqa: SIM115
        self.objects = open(self.objects_path, "w", encoding="utf-8")  # noqa: SIM115
        return self

    def __exit__(self, *exc) -> None:
        for spool in (self.rows, self.objects):
            spool.close()

    def add(self, row: ecourt.ItemRow, mime_type: str) -> None:
        line = json.dumps(row.as_json(), ensure_ascii=False, sort_keys=True)
        self.rows.write(line + "\n")
        self.objects.write(
            custody.premis_object(
                {
                    "ern": row.ern_first,
                    "reference": row.reference,
                    "sha256": row.sha256,
                    "sha512": row.sha512,
                    "size": row.size,
                    "mime_type": mime_type,
                    "file": row.file,
                }
            )
        )

    def read_rows(self) -> Iterator[ecourt.ItemRow]:
        with open(self.rows_path, encoding="utf-8") as rows:
            for line in rows:
                yield ecourt.ItemRow(**json.loads(line))

    def leaves_list(self) -> Iterator[tuple[int, str]]:
        return custody.read_leaves(self.leaves_path)


def _file_chunks(path: Path) -> Callable[[], Iterator[bytes]]:
    def chunks() -> Iterator[bytes]:
        with open(path, "rb") as spooled:
            while chunk := spooled.read(SPOOL_CHUNK):
                yield chunk

    return chunks


def _extension(mime_type: str) -> str:
    return mimetypes.guess_extension(mime_type, strict=False) or ".bin"


def _item_files(
    entry: Planned,
    assignment: ErnAssignment,
    spool: _Spool,
    stores: list[str],
) -> Iterator[bag.Payload]:
    """The file sent for one item, its stamped copy if a PDF, and its row."""
    _item, blob = entry.item, entry.blob
    marker = f".redacted-v{entry.redacted.version}" if entry.redacted else ""
    path = f"evidence/{assignment.first}{marker}{_extension(blob.mime_type)}"
    yield bag.Payload(
        path=path,
        open=lambda: reading.open_best_copy(blob, stores=stores).stream,
        size=blob.size,
        sha256=blob.sha256,
        sha512=blob.sha512,
    )
    row = _row(entry, assignment, path)
    stamped = _stamped_copy(entry, assignment)
    if stamped is not None:
        row.stamped_file = f"evidence/{assignment.first}{marker}.stamped.pdf"
        row.stamped_sha256, row.stamped_sha512 = bag._hash_both(stamped)
        yield bag.Payload(path=row.stamped_file, data=stamped)
    spool.add(row, blob.mime_type)


def _stamped_copy(entry: Planned, assignment: ErnAssignment) -> bytes | None:
    from pypdf.errors import PyPdfError

    blob = entry.blob
    if blob.mime_type != ern.PDF:
        return None
    if blob.size > settings.INDISPUTABLE_EXPORT_STAMP_MAX_BYTES:
        logger.info("%s: too large to stamp", assignment.first)
        return None
    try:
        with reading.local_copy(blob) as copy:
            return ern.stamp_pdf(copy.path, assignment)
    except (PyPdfError, ValueError, OSError) as exc:
        logger.warning("%s: no stamped copy: %s", assignment.first, exc)
        return None


def _row(entry: Planned, assignment: ErnAssignment, path: str) -> ecourt.ItemRow:
    item, blob = entry.item, entry.blob
    when = item.capture_time or item.collected_at
    source = item.get_source_type_display()
    if item.source_type == "open_source" and item.source_url:
        source = f"{source}: {item.source_url}"
    metadata = item.metadata if isinstance(item.metadata, dict) else {}
    return ecourt.ItemRow(
        reference=item.reference,
        ern_first=assignment.first,
        ern_last=assignment.last,
        ern_range=assignment.range,
        title=item.title,
        date=when.date().isoformat() if when else "",
        type=blob.mime_description or blob.mime_type,
        author=str(metadata.get("author", "")),
        recipient=str(metadata.get("recipient", "")),
        pages=assignment.pages,
        languages=item.language,
        confidentiality=entry.confidentiality,
        source=source,
        witness="; ".join(entry.witnesses),
        disclosure=entry.category,
        redaction=f"redacted version {entry.redacted.version}"
        if entry.redacted
        else "original",
        sha256=blob.sha256,
        sha512=blob.sha512,
        original_sha256=item.blob.sha256,
        original_sha512=item.blob.sha512,
        size=blob.size,
        file=path,
    )


def _metadata_files(spool: _Spool) -> Iterator[bag.Payload]:
    rows = spool.read_rows
    yield bag.Payload("metadata/items.jsonl", chunks=_file_chunks(spool.rows_path))
    yield bag.Payload("metadata/ecourt.csv", chunks=lambda: ecourt.csv_chunks(rows()))
    xlsx = spool.rows_path.with_name("ecourt.xlsx")
    with open(xlsx, "wb") as sheet:
        ecourt.write_xlsx(rows(), sheet)
    yield bag.Payload("metadata/ecourt.xlsx", chunks=_file_chunks(xlsx))
    yield bag.Payload(
        "metadata/loadfile.dat", chunks=lambda: loadfiles.dat_chunks(rows())
    )
    yield bag.Payload(
        "metadata/loadfile.opt", chunks=lambda: loadfiles.opt_chunks(rows())
    )


def _custody_files(spool: _Spool, checkpoint: Checkpoint) -> Iterator[bag.Payload]:
    leaves = spool.leaves_list
    yield bag.Payload(
        "custody/events.jsonl", chunks=lambda: custody.events_jsonl_chunks(leaves())
    )
    yield bag.Payload(
        "custody/premis.xml",
        chunks=lambda: custody.premis_chunks(
            leaves(), _file_chunks(spool.objects_path)()
        ),
    )
    yield bag.Payload("custody/checkpoint.txt", data=checkpoint.note.encode())
    yield bag.Payload("custody/public-key.txt", data=custody.public_key().encode())
    for number, stamp in enumerate(checkpoint.timestamps.order_by("id"), start=1):
        yield bag.Payload(f"custody/timestamps/{number}.tsr", data=bytes(stamp.token))


def _proof_files(spool: _Spool, checkpoint: Checkpoint) -> Iterator[bag.Payload]:
    for seq, text in custody.proofs(spool.leaves_list(), checkpoint):
        yield bag.Payload(f"custody/proofs/{seq}.tlog-proof", data=text.encode())


def _tag_files() -> list[tuple[str, bytes]]:
    return [
        ("README.txt", (RESOURCES / "README.txt").read_bytes()),
        ("verify.py", (RESOURCES / "verify.py").read_bytes()),
    ]


def _bag_info(export: Export, checkpoint: Checkpoint, count: int) -> list:
    return [
        ("Source-Organization", settings.INDISPUTABLE_EXPORT_ORGANISATION),
        ("Bagging-Date", timezone.now().date().isoformat()),
        ("Bag-Software-Agent", "Indisputable court export"),
        ("External-Identifier", str(export.id)),
        ("Export-Id", str(export.id)),
        ("Case-Reference", export.case.reference),
        ("Item-Count", str(count)),
        ("Checkpoint-Origin", checkpoint.note.split("\n", 1)[0]),
        ("Checkpoint-Size", str(checkpoint.size)),
        ("Export-Filter", json.dumps(export.options, sort_keys=True)),
    ]


def _record(export: Export, ids: Sequence[int], user: User, result) -> None:
    """The custody events of the export, and its record, in one transaction."""
    with transaction.atomic():
        events.record_exports(
            items=_items(ids),
            actor=user,
            export=export.name,
            destination=export.case.forum,
        )
        events.record_packing(
            item=None,
            actor=user,
            package=export.name,
            package_sha256=result.bag_sha256,
        )
        _mark(
            export,
            status=Export.Status.DONE,
            progress_done=len(ids),
            item_count=len(ids),
            path=str(result.path),
            size=result.size,
            bag_sha256=result.bag_sha256,
            file_sha256=result.file_sha256,
            checkpoint=export.checkpoint,
            finished_at=timezone.now(),
            message="",
        )


def _items(ids: Sequence[int]) -> Iterator[EvidenceItem]:
    """The items ``ids`` in that order, read ``CHUNK`` at a time; not their texts."""
    for part in chunked(ids, CHUNK):
        rows = EvidenceItem.objects.filter(pk__in=part).select_related("blob")
        by_id = {
            i.pk: i for i in rows.defer("extracted_text", "description", "source_note")
        }
        yield from (by_id[pk] for pk in part)
