"""Signed checkpoints of the custody log: made on a timer and before every export."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from chain_of_custody import notes, signing
from chain_of_custody.ledger import compact_range
from chain_of_custody.models import Checkpoint, CustodyHead
from chain_of_custody.sequencer import sequence_pending

logger = logging.getLogger(__name__)


def create_checkpoint(
    *, signer: notes.Signer | None = None, if_grown: bool = False, stamp: bool = True
) -> Checkpoint:
    """Sign the log's current size and root, store the note, then time-stamp it.

    With ``if_grown``, return the latest checkpoint instead when the log has not
    grown since. Time-stamping happens after the head lock is released, and a
    failing authority is logged without losing the checkpoint.
    """
    signer = signer or signing.load_signer()
    sequence_pending()
    with transaction.atomic():
        head = CustodyHead.objects.select_for_update().get(pk=1)
        latest = latest_checkpoint()
        if if_grown and latest is not None and latest.size == head.size:
            return latest
        root = compact_range(head).root()
        checkpoint = Checkpoint.objects.create(
            size=head.size,
            root_hash=root.hex(),
            note=notes.sign_checkpoint(signing.origin(), head.size, root, signer),
            created_at=timezone.now(),
        )
    if stamp and settings.INDISPUTABLE_TSA_URLS:
        # Imported here: rfc3161-client is needed only where authorities are set.
        from chain_of_custody import timestamps

        for url, error in timestamps.stamp_checkpoint(checkpoint=checkpoint).items():
            if error is not None:
                logger.warning(
                    "time-stamping %s at %s failed: %s", checkpoint, url, error
                )
    return checkpoint


def latest_checkpoint() -> Checkpoint | None:
    return Checkpoint.objects.order_by("-id").first()
