"""Analysis of an item's untrusted original, after intake has committed it.

Parsers run in a sandbox with time and memory limits. Each step is a custody event
with its outcome; a failure is recorded and never touches the original.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import transaction

from chain_of_custody import events
from chain_of_custody.models import Outcome
from evidence import parsers
from evidence.duplicates import fingerprint_fields
from evidence.models import Blob, Derivative, EvidenceItem, ImageFingerprint
from evidence.models import ProcessingStatus as Status
from evidence.parsers.sandbox import SandboxError, run_sandboxed
from storage import reading
from storage.handler import primary_store

_ITEM_FIELDS = {
    "capture_utc_offset": "capture_utc_offset",
    "gps_latitude": "gps_latitude",
    "gps_longitude": "gps_longitude",
    "gps_altitude": "gps_altitude",
    "device_make": "device_make",
    "device_model": "device_model",
    "device_serial": "device_serial",
    "width": "width",
    "height": "height",
    "page_count": "page_count",
    "duration_seconds": "duration_seconds",
    "text": "extracted_text",
}


def _limits() -> dict[str, Any]:
    return {
        "timeout": settings.INDISPUTABLE_PARSER_TIMEOUT,
        "memory_limit": settings.INDISPUTABLE_PARSER_MEMORY_LIMIT,
    }


@contextlib.contextmanager
def _original_path(item: EvidenceItem) -> Iterator[str]:
    """A local path to the original: the primary's, or a checked replica's copy."""
    with reading.local_copy(item.blob) as copy:
        yield copy.path


def _error(step: str, exc: Exception) -> dict[str, str]:
    return {"step": step, "error": str(exc) or type(exc).__name__}


def _run_parser(
    func, *args: Any, on_failure: dict[str, Any], **kwargs: Any
) -> dict[str, Any]:
    """Run a parser in the sandbox; any failure becomes a recorded error."""
    try:
        return run_sandboxed(func, *args, **kwargs, **_limits())
    except SandboxError as exc:
        error = {"step": "sandbox", "error": str(exc)}
    except Exception as exc:  # noqa: BLE001 - a parser of untrusted bytes fails anyhow
        error = {"step": "parser", "error": f"{type(exc).__name__}: {exc}"}
    return {**on_failure, "errors": [error]}


def _errors_summary(errors: list[dict[str, str]]) -> str:
    return "; ".join(f"{e['step']}: {e['error']}" for e in errors)


def extract_item_metadata(item: EvidenceItem) -> None:
    """Read the original's metadata into the item, and record the outcome."""
    if not parsers.steps_for(item.blob.mime_type):
        # No parser reads this type: nothing to run, nothing to record.
        item.metadata_status = Status.NOT_APPLICABLE
        item.save(update_fields=["metadata_status"])
        return
    with _original_path(item) as original:
        result = _run_parser(
            parsers.extract_metadata,
            original,
            item.blob.mime_type,
            on_failure={"fields": {}, "raw": {}},
        )
    fields, errors = result["fields"], result["errors"]
    for key, attr in _ITEM_FIELDS.items():
        if fields.get(key) is not None:
            value = fields[key]
            if attr == "extracted_text":
                value = value.replace("\x00", "")
            setattr(item, attr, value)
    if fields.get("capture_time"):
        item.capture_time = _parse_capture_time(fields["capture_time"])
    item.metadata = result
    item.metadata_status = Status.FAILED if errors else Status.DONE
    with transaction.atomic():
        item.save()
        events.record_metadata_extraction(
            item=item,
            outcome=Outcome.FAILURE if errors else Outcome.SUCCESS,
            summary=(
                f"Metadata extraction failed: {_errors_summary(errors)}"
                if errors
                else f"Extracted {len(fields)} metadata fields"
            ),
            details={"fields": sorted(fields), "errors": errors},
        )


def _parse_capture_time(value: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    # A camera clock without a recorded offset is local time in an unknown zone:
    # it is kept as written, marked as such in the metadata, and shown that way.
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


# Intake makes only the thumbnail (and the perceptual hash); the larger preview is
# made the first time someone opens it, which keeps bulk intake fast.
INTAKE_DERIVATIVES = (Derivative.Kind.THUMBNAIL,)


def render_item_derivatives(
    item: EvidenceItem, *, kinds: tuple[str, ...] = INTAKE_DERIVATIVES
) -> None:
    """Make derivatives and the perceptual hash, and record the outcome."""
    mime = item.blob.mime_type
    if not (mime.startswith("image/") or mime == "application/pdf"):
        item.derivatives_status = Status.NOT_APPLICABLE
        item.save(update_fields=["derivatives_status"])
        return
    with (
        tempfile.TemporaryDirectory(prefix="indisputable-derive-") as out_dir,
        _original_path(item) as original,
    ):
        result = _run_parser(
            parsers.render_derivatives,
            original,
            mime,
            out_dir,
            kinds=[str(kind) for kind in kinds],  # plain str: workers lack Django
            on_failure={"derivatives": []},
        )
        stored = [
            (spec, _store_derivative_file(spec["path"]))
            for spec in result["derivatives"]
        ]
    errors = result.get("errors", [])
    if not stored and not errors:
        # Nothing to make for this type here (e.g. no PDF renderer): not a failure.
        item.derivatives_status = Status.NOT_APPLICABLE
        item.save(update_fields=["derivatives_status"])
        return
    with transaction.atomic():
        made = []
        for spec, blob in stored:
            Derivative.objects.update_or_create(
                item=item,
                kind=spec["kind"],
                defaults={
                    "blob": blob,
                    "width": spec.get("width"),
                    "height": spec.get("height"),
                    "recipe": {
                        "tool": "Pillow",
                        "source_sha256": item.blob.sha256,
                        "operations": [
                            "exif_transpose",
                            "convert RGB",
                            "resize",
                            "JPEG",
                        ],
                        "metadata_copied": False,
                    },
                },
            )
            made.append(
                {"kind": spec["kind"], "sha256": blob.sha256, "size": blob.size}
            )
        if result.get("phash"):
            ImageFingerprint.objects.update_or_create(
                item=item, defaults=fingerprint_fields(result["phash"])
            )
        failed = bool(errors) or not made
        item.derivatives_status = Status.FAILED if failed else Status.DONE
        item.save(update_fields=["derivatives_status"])
        reason = (
            _errors_summary(errors) or result.get("skipped") or "no derivative made"
        )
        events.record_derivative_creation(
            item=item,
            outcome=Outcome.FAILURE if failed else Outcome.SUCCESS,
            summary=(
                f"No derivatives: {reason}"
                if not made
                else f"Created {', '.join(m['kind'] for m in made)}"
                + (f" with errors: {reason}" if errors else "")
            ),
            details={
                "derivatives": made,
                "phash": result.get("phash"),
                "errors": errors,
            },
        )


def _store_derivative_file(path: str) -> Blob:
    with open(path, "rb") as fh:
        stored = primary_store().write_once(fh)
    digests = stored.digests
    blob, _ = Blob.objects.get_or_create(
        sha256=digests.sha256,
        defaults={
            "sha512": digests.sha512,
            "size": digests.size,
            "mime_type": "image/jpeg",
            "mime_description": "JPEG derivative made by Indisputable",
            "store_key": stored.key,
        },
    )
    return blob
