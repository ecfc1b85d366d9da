"""Downloading a finished bundle: a custody event for every item it carries."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import BinaryIO

from django.db import transaction
from django.http import Http404

from cases import access
from cases.exports.models import Export
from chain_of_custody import events
from evidence.models import Blob, EvidenceItem


def open_bundle(*, export: Export, user) -> BinaryIO:
    """Open a finished zipped bundle for ``user`` and record a dissemination
    (``dis``) of each item it holds, naming the exact file sent (original or
    redacted version)."""
    access.require_edit(user, export.case)
    path = Path(export.path)
    if export.status != Export.Status.DONE or path.suffix != ".zip":
        raise Http404("This export has no bundle to download.")
    stream = path.open("rb")
    sent = _sent_files(path, export)
    items = EvidenceItem.objects.in_bulk(
        [ref for ref, _ in sent], field_name="reference"
    )
    blobs = Blob.objects.in_bulk([sha for _, sha in sent], field_name="sha256")
    with transaction.atomic():
        for reference, sha256 in sent:
            events.record_download(
                item=items[reference],
                actor=user,
                blob=blobs[sha256],
                what=f"court bundle {export.name} (zip SHA-256 {export.file_sha256})",
            )
    return stream


def _sent_files(path: Path, export: Export) -> list[tuple[str, str]]:
    with zipfile.ZipFile(path) as bundle:
        lines = bundle.read(f"{export.name}/data/metadata/items.jsonl").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    return [(row["reference"], row["sha256"]) for row in rows]
