"""Evidence endpoints of the API."""

import datetime as dt

from django.http import Http404
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from evidence import access, retrieval
from evidence.intake import (
    FileTooLarge,
    HashMismatch,
    IntakeError,
    Submission,
    ingest_evidence,
)
from evidence.models import EvidenceItem, Sensitivity, SourceType
from evidence.serving import attachment_response, safe_download_name
from evidence.uploads import upload_refusal

router = Router(tags=["evidence"])


class ItemOut(Schema):
    reference: str
    title: str
    original_filename: str
    sha256: str
    sha512: str
    md5: str
    size: int
    mime_type: str
    source_type: str
    sensitivity: str
    language: str
    submitted_at: dt.datetime
    capture_time: dt.datetime | None
    gps_latitude: float | None
    gps_longitude: float | None
    metadata_status: str
    derivatives_status: str

    @staticmethod
    def from_item(item: EvidenceItem) -> "ItemOut":
        blob = item.blob
        return ItemOut(
            sha256=blob.sha256,
            sha512=blob.sha512,
            md5=blob.md5,
            size=blob.size,
            mime_type=blob.mime_type,
            **{
                name: getattr(item, name)
                for name in ItemOut.model_fields
                if name not in {"sha256", "sha512", "md5", "size", "mime_type"}
            },
        )


class SubmissionIn(Schema):
    source_type: SourceType = SourceType.OTHER
    title: str = ""
    description: str = ""
    source_note: str = ""
    source_url: str = ""
    collected_at: dt.datetime | None = None
    collected_place: str = ""
    consent_court: bool = False
    consent_publish: bool = False
    language: str = ""
    sensitivity: Sensitivity = Sensitivity.RESTRICTED
    sha256: str | None = None


class ErrorOut(Schema):
    detail: str


@router.post(
    "",
    response={201: ItemOut, 400: ErrorOut, 413: ErrorOut, 422: ErrorOut},
    summary="Submit one file of evidence",
)
def submit(request, data: Form[SubmissionIn], file: File[UploadedFile]):
    """Stream a file into the archive. With ``sha256``, a mismatch registers nothing."""
    refusal = upload_refusal(request)
    if refusal:
        return Status(413, {"detail": f"upload refused: {refusal}"})
    fields = data.dict()
    claimed = fields.pop("sha256")
    try:
        item = ingest_evidence(
            submitted_by=request.user,
            filename=file.name or "",
            submission=Submission(collected_by=request.user, **fields),
            staged=file.writer,
            claimed_sha256=claimed,
        )
    except HashMismatch as exc:
        return Status(422, {"detail": str(exc)})
    except FileTooLarge as exc:
        return Status(413, {"detail": str(exc)})
    except IntakeError as exc:
        return Status(400, {"detail": str(exc)})
    item.refresh_from_db()
    return Status(201, ItemOut.from_item(item))


@router.get("", response=list[ItemOut], summary="Find items by hash")
def find(request, sha256: str):
    """Visible items whose original has this SHA-256. A list records no view."""
    items = access.visible_items(request.user).filter(blob__sha256=sha256.lower())
    return [ItemOut.from_item(i) for i in items.select_related("blob")[:100]]


@router.get("/{reference}", response=ItemOut, summary="One item; recorded as a view")
def detail(request, reference: str):
    try:
        item = retrieval.open_item(user=request.user, reference=reference, via="API")
    except Http404 as exc:
        raise HttpError(404, "No such evidence item.") from exc
    return ItemOut.from_item(item)


@router.get("/{reference}/original", summary="Download the original; recorded")
def original(request, reference: str):
    try:
        item = retrieval.download_original(user=request.user, reference=reference)
    except Http404 as exc:
        raise HttpError(404, "No such evidence item.") from exc
    return attachment_response(item.blob, safe_download_name(item.reference, item.blob))
