"""The custody report of one item: every event, with its proof against a checkpoint.

Shown as a page in the staff workspace and printed as a PDF for court. Opening the
report is itself recorded, as a view of the item. Auditors read the report of any
item, but it then shows nothing of the content: reference, hashes and events only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chain_of_custody import proofs, signing
from chain_of_custody.checkpoints import latest_checkpoint
from chain_of_custody.models import Checkpoint, CustodyDetail
from chain_of_custody.selectors import item_events
from evidence import access, retrieval

if TYPE_CHECKING:
    from accounts.models import User
    from evidence.models import EvidenceItem


@dataclass(frozen=True)
class ReportEvent:
    seq: int
    occurred_at: dt.datetime
    event_type: str
    event_label: str
    outcome: str
    actor_label: str
    summary: str
    leaf_hash: str
    leaf: str
    proof: str | None
    """The C2SP tlog-proof text, or None when no checkpoint covers the event yet."""


@dataclass(frozen=True)
class CustodyReport:
    item: EvidenceItem
    events: list[ReportEvent]
    checkpoint: Checkpoint | None
    public_key: str
    content_visible: bool
    """False for a reader of custody only (an auditor): no title, nothing of the
    content, only the reference, hashes and events."""


def custody_report(*, user: User, reference: str, via: str) -> CustodyReport:
    """The report of the item ``reference`` for ``user``; the view is recorded."""
    item = retrieval.open_custody_record(user=user, reference=reference, via=via)
    checkpoint = latest_checkpoint()
    rows = []
    for event in item_events(item):
        try:
            detail = event.detail
        except CustodyDetail.DoesNotExist:  # erased: the leaf still verifies
            detail = None
        proof = None
        leaf = ""
        if checkpoint is not None and event.seq < checkpoint.size:
            inclusion = proofs.inclusion(seq=event.seq, checkpoint=checkpoint)
            proof, leaf = inclusion.text, inclusion.leaf.decode()
        rows.append(
            ReportEvent(
                seq=event.seq,
                occurred_at=event.occurred_at,
                event_type=event.event_type,
                event_label=event.get_event_type_display(),
                outcome=event.outcome,
                actor_label=detail.actor_label if detail else "(erased)",
                summary=detail.summary if detail else "(erased)",
                leaf_hash=event.leaf_hash,
                leaf=leaf,
                proof=proof,
            )
        )
    try:
        public_key = signing.public_key().vkey
    except signing.SigningKeyError:
        public_key = ""
    return CustodyReport(
        item, rows, checkpoint, public_key, access.can_view_item(user, item)
    )
