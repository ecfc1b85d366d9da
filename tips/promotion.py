"""Promoting a tip's part to evidence, through the normal intake.

The part is decrypted straight into intake's staging (hashing it as it goes), and
``ingest_evidence`` is told the SHA-256 recorded in the ledger when the part
arrived: if the decrypted bytes differ (the ciphertext was swapped for another one
encrypted to the same public keys), intake refuses and logs the attempt.
"""

from __future__ import annotations

import json

from django.db import transaction
from django.utils.translation import gettext

from evidence import access as evidence_access
from evidence.intake import (
    HashMismatch,
    IntakeError,
    Submission,
    ingest_evidence,
    open_staging,
)
from evidence.models import EvidenceItem, Sensitivity, SourceType
from storage.backends.base import SizeLimitExceeded
from tips import access
from tips.crypto import decrypt_bytes, decrypt_stream, parse_identities
from tips.inbox import accession_event
from tips.models import TipPart
from tips.store import tips_store


class PromotionRefused(Exception):
    """The part was not promoted; the message is meant for the staff member."""


class _StagingSink:
    def __init__(self, writer) -> None:
        self.writer = writer

    def write(self, data) -> int:
        self.writer.write(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def promote_part(
    *, part: TipPart, key_text: str, actor, title: str = "", description: str = ""
) -> EvidenceItem:
    """Bring one part of a tip into the archive as an evidence item."""
    if not access.can_handle_tips(actor):
        raise access.AccessDenied("you may not promote tips")
    if part.promoted_item_id:
        raise PromotionRefused(
            gettext("This part is already evidence item %(reference)s.")
            % {"reference": part.promoted_item.reference}
        )
    identities = parse_identities(key_text)
    event = accession_event(part)
    if event.item_sha256 != part.sha256:
        raise PromotionRefused(
            gettext(
                "The SHA-256 stored with this part differs from the one in the "
                "custody log; nothing was promoted."
            )
        )
    store = tips_store()
    manifest = json.loads(decrypt_bytes(store.read(part.tip.manifest_name), identities))
    filename = next(
        (e["filename"] for e in manifest["parts"] if e["index"] == part.index), ""
    )
    writer = open_staging()
    try:
        with store.open(part.ciphertext_name) as ciphertext:
            decrypt_stream(ciphertext, _StagingSink(writer), identities)
    except SizeLimitExceeded as exc:
        raise PromotionRefused(str(exc)) from exc
    except BaseException:
        writer.abort()
        raise
    designation = part.tip.source.designation
    try:
        item = ingest_evidence(
            submitted_by=actor,
            filename=filename,
            submission=Submission(
                source_type=SourceType.CONFIDENTIAL_TIP,
                title=title or filename or f"Confidential tip {designation}",
                description=description,
                source_note=(
                    f"Confidential tip from {designation} "
                    f"({part.tip.received_hour:%Y-%m-%d %H}h UTC), part {part.index}; "
                    f"accession event #{event.seq}, leaf {event.leaf_hash}"
                ),
                sensitivity=Sensitivity.CONFIDENTIAL,
            ),
            staged=writer,
            claimed_sha256=event.item_sha256,
        )
    except HashMismatch as exc:
        raise PromotionRefused(
            gettext(
                "Refused: the decrypted file's SHA-256 differs from the one "
                "recorded when it arrived (%(sha256)s)."
            )
            % {"sha256": event.item_sha256}
            + f" {exc}"
        ) from exc
    except (IntakeError, evidence_access.AccessDenied) as exc:
        raise PromotionRefused(str(exc)) from exc
    with transaction.atomic():
        TipPart.objects.filter(pk=part.pk).update(promoted_item=item)
    part.promoted_item = item
    return item
