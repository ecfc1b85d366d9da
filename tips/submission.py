"""Receiving a tip: the one operation that registers what a source sent.

By the time it runs, each file already exists only as ciphertext (the upload
handler encrypted it while it streamed in). The message is encrypted here, in
memory; a manifest holding the file names, claimed types, sizes and SHA-256s is
encrypted too. One transaction then registers the tip, its parts, and one accession
event per part carrying the plaintext's SHA-256 and nothing about the sender.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from chain_of_custody import events
from tips import floods
from tips.codenames import new_designation
from tips.crypto import encrypt_bytes, organisation_recipients
from tips.models import Source, Tip, TipPart
from tips.privacy import current_hour
from tips.store import tips_store
from tips.uploads import EncryptedUpload

MANIFEST_VERSION = 1


class TipRefused(Exception):
    """The submission was not accepted; the message is meant for the source."""


@dataclass(frozen=True)
class _Part:
    kind: str
    ciphertext_name: str
    sha256: str
    size: int
    filename: str
    content_type: str


def receive_tip(
    *, message: str, uploads: list[EncryptedUpload], source: Source | None = None
) -> Tip:
    """Register one submission and return the tip; ``source`` for a returning one."""
    message = message.strip()
    if len(message) > settings.INDISPUTABLE_TIPS_MAX_MESSAGE_CHARS:
        raise TipRefused(
            _("The message is too long: at most %(chars)s characters.")
            % {
                "chars": number_format(
                    settings.INDISPUTABLE_TIPS_MAX_MESSAGE_CHARS, force_grouping=True
                )
            }
        )
    if not message and not uploads:
        raise TipRefused(_("Write a message or attach at least one file."))
    try:
        floods.check_submission_allowed()
    except floods.FloodRefusal as exc:
        raise TipRefused(str(exc)) from exc
    store = tips_store()
    recipients = organisation_recipients()
    written: list[str] = []
    try:
        parts = []
        if message:
            plaintext = message.encode()
            name = store.write(encrypt_bytes(plaintext, recipients))
            written.append(name)
            parts.append(
                _Part(
                    kind=TipPart.Kind.MESSAGE,
                    ciphertext_name=name,
                    sha256=hashlib.sha256(plaintext).hexdigest(),
                    size=len(plaintext),
                    filename="message.txt",
                    content_type="text/plain; charset=utf-8",
                )
            )
        parts += [
            _Part(
                kind=TipPart.Kind.FILE,
                ciphertext_name=u.ciphertext_name,
                sha256=u.sha256,
                size=u.size,
                filename=u.name or "",
                content_type=u.content_type or "",
            )
            for u in uploads
        ]
        manifest_name = store.write(encrypt_bytes(_manifest(parts), recipients))
        written.append(manifest_name)
        tip = _register(source, manifest_name, parts)
    except BaseException:
        for name in written:
            store.delete(name)
        raise
    for upload in uploads:
        upload.claimed = True
    floods.count_submission()
    return tip


def _manifest(parts: list[_Part]) -> bytes:
    return json.dumps(
        {
            "version": MANIFEST_VERSION,
            "received_hour": current_hour().isoformat(),
            "parts": [
                {
                    "index": index,
                    "kind": part.kind,
                    "filename": part.filename,
                    "content_type": part.content_type,
                    "size": part.size,
                    "sha256": part.sha256,
                }
                for index, part in enumerate(parts)
            ],
        },
        ensure_ascii=False,
    ).encode()


def _register(source: Source | None, manifest_name: str, parts: list[_Part]) -> Tip:
    hour = current_hour()
    with transaction.atomic():
        if source is None:
            source = create_source()
        else:
            Source.objects.filter(pk=source.pk).update(last_seen_hour=hour)
        tip = Tip.objects.create(
            source=source, received_hour=hour, manifest_name=manifest_name
        )
        for index, part in enumerate(parts):
            event = events.record_tip_accession(
                sha256=part.sha256, size=part.size, kind=part.kind
            )
            TipPart.objects.create(
                tip=tip,
                index=index,
                kind=part.kind,
                size=part.size,
                sha256=part.sha256,
                ciphertext_name=part.ciphertext_name,
                accession_commitment=event.details_commitment,
            )
    return tip


def create_source(**fields) -> Source:
    """A new source under a fresh designation (retrying the rare collision)."""
    hour = current_hour()
    for _attempt in range(20):
        try:
            with transaction.atomic():
                return Source.objects.create(
                    designation=new_designation(),
                    created_hour=hour,
                    last_seen_hour=hour,
                    **fields,
                )
        except IntegrityError:
            if (
                fields.get("codename_lookup")
                and Source.objects.filter(
                    codename_lookup=fields["codename_lookup"]
                ).exists()
            ):
                raise
    raise RuntimeError("could not find a free designation")
