"""Evidence intake: the one operation that brings bytes into the archive.

Every caller (the upload page, the API, ``manage.py ingest``, the demo loader) uses
``ingest_evidence``. The bytes are hashed in the same pass that stages them, their
type is sniffed, the blob is committed write-once under its SHA-256, and one
transaction registers the blob, the item and the ingestion event. Analysis of the
untrusted file happens after commit, in a task.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from chain_of_custody import events
from evidence import access
from evidence.models import Blob, EvidenceItem, Sensitivity, SourceType
from evidence.references import next_reference
from evidence.sniffing import claimed_type, sniff
from storage.backends.base import CHUNK_SIZE, SizeLimitExceeded, StagingWriter
from storage.handler import primary_store
from storage.replication import schedule_replication


class IntakeError(Exception):
    """Intake refused the submission; the message is meant for the user."""


class FileTooLarge(IntakeError):
    pass


class HashMismatch(IntakeError):
    pass


@dataclass(frozen=True)
class Submission:
    """What the person submitting says about the evidence."""

    source_type: str = SourceType.OTHER
    title: str = ""
    description: str = ""
    source_note: str = ""
    source_url: str = ""
    collected_by: User | None = None
    collected_at: dt.datetime | None = None
    collected_place: str = ""
    consent_court: bool = False
    consent_publish: bool = False
    language: str = ""
    sensitivity: str = Sensitivity.RESTRICTED


def open_staging() -> StagingWriter:
    """A staging writer in the primary store with the configured limits."""
    return primary_store().staging_writer(
        md5=settings.INDISPUTABLE_COMPUTE_MD5,
        max_bytes=settings.INDISPUTABLE_MAX_UPLOAD_BYTES,
    )


def stage_stream(stream: BinaryIO) -> StagingWriter:
    """Copy a stream into staging, hashing it; nothing is left behind on failure."""
    writer = open_staging()
    try:
        while chunk := stream.read(CHUNK_SIZE):
            writer.write(chunk)
    except SizeLimitExceeded as exc:
        raise FileTooLarge(str(exc)) from exc
    except BaseException:
        writer.abort()
        raise
    return writer


def ingest_evidence(
    *,
    submitted_by: User,
    filename: str,
    submission: Submission,
    stream: BinaryIO | None = None,
    staged: StagingWriter | None = None,
    claimed_sha256: str | None = None,
    ingest_path: str = "",
) -> EvidenceItem:
    """Register one submission of evidence and return the new item.

    The returned item's ``is_exact_duplicate`` says whether these bytes were
    already in the archive.

    Pass either ``stream`` (read once, to the end) or ``staged`` (bytes an upload
    handler already staged and hashed). ``claimed_sha256``, when given, must match
    the bytes received, or nothing is registered and the attempt is logged.
    """
    if not access.can_submit(submitted_by):
        raise access.AccessDenied("you may not submit evidence")
    if (stream is None) == (staged is None):
        raise ValueError("pass exactly one of stream or staged")
    filename = visible_claim(filename)
    writer = staged if staged is not None else stage_stream(stream)
    try:
        digests = writer.hasher.digests()
        if claimed_sha256 and claimed_sha256.strip().lower() != digests.sha256:
            _refuse_mismatch(submitted_by, filename, claimed_sha256, digests.sha256)
        sniffed = sniff(writer.staging_path)
    except BaseException:
        writer.abort()
        raise
    stored = writer.commit()
    with transaction.atomic():
        blob = _register_blob(stored, sniffed)
        item = EvidenceItem.objects.create(
            reference=next_reference(),
            blob=blob,
            title=submission.title or filename[:500] or "(untitled)",
            original_filename=filename,
            submitted_by=submitted_by,
            submitted_at=timezone.now(),
            ingest_path=ingest_path,
            **_submission_fields(submission),
        )
        events.record_ingestion(
            item=item,
            actor=submitted_by,
            details={
                "sha256": digests.sha256,
                "sha512": digests.sha512,
                "md5": digests.md5,
                "size": digests.size,
                "sniffed_type": sniffed.mime_type,
                "claimed_filename": filename,
                "claimed_type": claimed_type(filename),
                "new_blob": stored.created,
            },
        )
        transaction.on_commit(lambda: _enqueue_analysis(item.pk))
        transaction.on_commit(lambda: schedule_replication(blob))
    # Exactly one of several concurrent submissions of the same bytes stores them.
    item.is_exact_duplicate = not stored.created
    return item


def visible_claim(filename: str) -> str:
    """The claimed name with invisible and control characters shown as escapes.

    A NUL cannot be stored by PostgreSQL, and a right-to-left override disguises an
    extension; both are kept visibly (``\\u202e``) rather than silently dropped.
    """
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in filename)[
        :1024
    ]


def _submission_fields(submission: Submission) -> dict:
    fields = {
        f.name: getattr(submission, f.name)
        for f in dataclasses.fields(submission)
        if f.name != "title"
    }
    if fields["source_type"] not in SourceType.values:
        raise IntakeError(f"unknown source type {fields['source_type']!r}")
    if fields["sensitivity"] not in Sensitivity.values:
        raise IntakeError(f"unknown sensitivity {fields['sensitivity']!r}")
    return fields


def _register_blob(stored, sniffed) -> Blob:
    digests = stored.digests
    try:
        with transaction.atomic():
            return Blob.objects.create(
                sha256=digests.sha256,
                sha512=digests.sha512,
                md5=digests.md5 or "",
                size=digests.size,
                mime_type=sniffed.mime_type,
                mime_description=sniffed.description,
                store_key=stored.key,
            )
    except IntegrityError:
        # The same bytes arrived concurrently or before: one blob, many items.
        return Blob.objects.get(sha256=digests.sha256)


def _refuse_mismatch(actor: User, filename: str, claimed: str, actual: str) -> None:
    with transaction.atomic():
        events.record_refused_ingestion(
            actor=actor,
            reason="SHA-256 claimed by the client does not match the bytes received",
            details={"claimed_sha256": claimed, "sha256": actual, "filename": filename},
        )
    raise HashMismatch(
        f"SHA-256 mismatch: you sent {claimed.strip().lower()!r} but the bytes "
        f"received hash to {actual!r}; nothing was registered"
    )


def _enqueue_analysis(item_id: int) -> None:
    from evidence.tasks import analyse_item

    analyse_item.enqueue(item_id)
