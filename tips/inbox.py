"""Reading tips in the workspace, with a private key supplied for one request.

The key is parsed from the request, used, and dropped with it: it is never stored,
logged or put in the session.

Every read is a custody event, like a view or download of evidence: decrypting a
tip records a display of each part (its message, or a file's name and type), and
downloading a file records its dissemination. The events name the part by its
accession event and plaintext SHA-256, and the member of staff who read it; nothing
about the source (no designation, file name or content) goes into the log. A wrong
key decrypts nothing and records nothing. Promoting a part is what brings it into
custody as evidence.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction

from chain_of_custody import events
from chain_of_custody.models import CustodyEvent
from tips import access
from tips.crypto import decrypt_bytes, decrypted_chunks, parse_identities
from tips.models import Tip, TipPart
from tips.store import tips_store


@dataclass(frozen=True)
class ReadPart:
    part: TipPart
    filename: str
    content_type: str
    text: str | None


@dataclass(frozen=True)
class ReadTip:
    tip: Tip
    parts: list[ReadPart]


def _check(actor) -> None:
    if not access.can_handle_tips(actor):
        raise access.AccessDenied("you may not read tips")


def read_manifest(tip: Tip, identities) -> dict:
    return json.loads(decrypt_bytes(tips_store().read(tip.manifest_name), identities))


def read_tip(*, tip: Tip, key_text: str, actor) -> ReadTip:
    """The tip's manifest and message, decrypted with the key given; each part's
    display is recorded before anything is returned."""
    _check(actor)
    identities = parse_identities(key_text)
    manifest = read_manifest(tip, identities)
    entries = {entry["index"]: entry for entry in manifest["parts"]}
    parts = []
    for part in tip.parts.all():
        entry = entries.get(part.index, {})
        text = None
        if part.kind == TipPart.Kind.MESSAGE:
            text = decrypt_bytes(
                tips_store().read(part.ciphertext_name), identities
            ).decode(errors="replace")
        parts.append(
            ReadPart(
                part=part,
                filename=entry.get("filename", ""),
                content_type=entry.get("content_type", ""),
                text=text,
            )
        )
    with transaction.atomic():
        for read in parts:
            events.record_tip_display(
                accession=accession_event(read.part),
                actor=actor,
                what="message" if read.text is not None else "file entry",
            )
    return ReadTip(tip=tip, parts=parts)


def open_part(*, part: TipPart, key_text: str, actor) -> tuple[str, Iterator[bytes]]:
    """The part's claimed file name and its plaintext as a stream of chunks.

    The key is tried on the manifest first, so a wrong key fails before anything is
    sent or recorded; the download is recorded before the first chunk is sent.
    """
    _check(actor)
    identities = parse_identities(key_text)
    manifest = read_manifest(part.tip, identities)
    filename = next(
        (e["filename"] for e in manifest["parts"] if e["index"] == part.index), ""
    )
    with transaction.atomic():
        events.record_tip_download(accession=accession_event(part), actor=actor)
    return filename, decrypted_chunks(
        tips_store().open(part.ciphertext_name), identities
    )


def accession_event(part: TipPart) -> CustodyEvent:
    """The custody event that recorded the part's arrival."""
    return CustodyEvent.objects.get(details_commitment=part.accession_commitment)
