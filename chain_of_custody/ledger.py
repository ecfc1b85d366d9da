"""Appending to the custody log.

Appends are serialised on the ``CustodyHead`` row: sequence numbers are gap-free and
the tree never forks, whatever the number of concurrent writers. On SQLite the
connection opens transactions with ``BEGIN IMMEDIATE``, which serialises writers too.

The head row also holds the tree's compact range, so an append reads one row, writes
the event, its detail and the subtrees it completes (one on average), and updates
the head.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from chain_of_custody import leaves
from chain_of_custody.merkle import HASH_SIZE, CompactRange, leaf_hash
from chain_of_custody.models import (
    CustodyDetail,
    CustodyEvent,
    CustodyHead,
    CustodySubtree,
)

if TYPE_CHECKING:
    from accounts.models import User
    from evidence.models import EvidenceItem

SYSTEM_ACTOR_PID = "system"
SYSTEM_ACTOR_LABEL = "Indisputable (automatic)"


def append_event(
    *,
    event_type: str,
    item: EvidenceItem | None,
    actor: User | None,
    outcome: str,
    summary: str,
    details: dict[str, Any] | None = None,
    item_sha256: str | None = None,
) -> CustodyEvent:
    """Append one event to the log. Runs inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "custody events are appended inside the operation's transaction"
        )
    details = details or {}
    actor_pid = str(actor.custody_pid) if actor is not None else SYSTEM_ACTOR_PID
    actor_label = actor.get_username() if actor is not None else SYSTEM_ACTOR_LABEL
    salt = leaves.new_salt()
    commitment = leaves.commit_details(
        salt=salt,
        payload={"actor_label": actor_label, "summary": summary, "details": details},
    )
    if item_sha256 is None:
        item_sha256 = item.blob.sha256 if item is not None else ""
    head = CustodyHead.objects.select_for_update().get(pk=1)
    occurred_at = timezone.now()
    fields = {
        "seq": head.size,
        "event_type": event_type,
        "occurred_at": occurred_at,
        "item_reference": item.reference if item is not None else "",
        "item_sha256": item_sha256,
        "actor_pid": actor_pid,
        "outcome": outcome,
        "details_commitment": commitment,
    }
    compact = compact_range(head)
    leaf = leaf_hash(leaves.leaf_bytes(**fields))
    completed = compact.append(leaf)
    event = CustodyEvent.objects.create(
        seq=head.size,
        event_type=event_type,
        occurred_at=occurred_at,
        item=item,
        item_sha256=item_sha256,
        actor_pid=actor_pid,
        outcome=outcome,
        details_commitment=commitment,
        leaf_hash=leaf.hex(),
    )
    CustodyDetail.objects.create(
        event=event,
        actor=actor,
        actor_label=actor_label,
        summary=summary,
        details=details,
        salt=salt,
    )
    if len(completed) > 1:
        CustodySubtree.objects.bulk_create(
            CustodySubtree(level=level, index=index, hash=node.hex())
            for level, index, node in completed[1:]
        )
    head.size = compact.size
    head.border = border_text(compact)
    head.save(update_fields=["size", "border"])
    return event


def compact_range(head: CustodyHead) -> CompactRange:
    """The head's compact range, from its stored border hashes."""
    raw = bytes.fromhex(head.border)
    hashes = [raw[i : i + HASH_SIZE] for i in range(0, len(raw), HASH_SIZE)]
    return CompactRange(size=head.size, hashes=hashes)


def border_text(compact: CompactRange) -> str:
    return "".join(node.hex() for _level, _index, node in compact.border)


def leaf_bytes_of(event: CustodyEvent, item_reference: str) -> bytes:
    """Recompute an event's leaf from its row (for verification and proofs)."""
    return leaves.leaf_bytes(
        seq=event.seq,
        event_type=event.event_type,
        occurred_at=event.occurred_at,
        item_reference=item_reference,
        item_sha256=event.item_sha256,
        actor_pid=event.actor_pid,
        outcome=event.outcome,
        details_commitment=event.details_commitment,
    )
