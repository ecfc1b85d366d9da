"""The batching sequencer: pending events get their seqs, many per commit.

In batched mode an operation commits its event as a :class:`PendingEvent`, without
taking the head lock. On commit it runs :func:`sequence_pending`, which locks the
head and moves every pending event into the log in seq order: concurrent writers
share one lock and one commit per batch. A writer that finds its event already
moved by another returns at once, so each event is in the log when its request
ends. Pending events left by a crash are moved by the next append or checkpoint.
"""

from __future__ import annotations

import logging

from django.db import connection, transaction

from chain_of_custody import leaves
from chain_of_custody.ledger import (
    EVENT_COLUMNS,
    border_text,
    compact_from,
    lock_head,
    to_store,
)
from chain_of_custody.merkle import leaf_hash
from chain_of_custody.models import (
    CustodyDetail,
    CustodyEvent,
    CustodyHead,
    CustodySubtree,
    PendingEvent,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000
ADVISORY_LOCK = 0x637573746F6479  # "custody"
_FIELDS = (
    "id",
    "event_type",
    "occurred_at",
    "item_id",
    "item__reference",
    "item_sha256",
    "actor_pid",
    "outcome",
    "details_commitment",
    "actor_id",
    "actor_label",
    "summary",
    "details",
    "salt",
)


def sequence_on_commit(pending_id: int) -> None:
    """Once the caller's transaction commits, see the event into the log."""

    def sequence() -> None:
        try:
            _sequence_until_moved(pending_id)
        except Exception:  # the operation has committed; the next pass moves it
            logger.exception("sequencing pending custody events failed")

    transaction.on_commit(sequence)


def _sequence_until_moved(pending_id: int) -> None:
    """Return once the pending event has a seq, moving batches if no one else is.

    On PostgreSQL one writer at a time holds the sequencer lock and moves every
    pending event; the others wait for it in shared mode, all waking together when
    it is released, and go home if their event was moved meanwhile.
    """
    if connection.vendor != "postgresql":
        sequence_pending()
        return
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK])
            if cursor.fetchone()[0]:
                try:
                    _move_all()
                finally:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK])
                return
            cursor.execute(
                "SELECT pg_advisory_lock_shared(%s), pg_advisory_unlock_shared(%s)",
                [ADVISORY_LOCK, ADVISORY_LOCK],
            )
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM chain_of_custody_pendingevent "
                "WHERE id = %s)",
                [pending_id],
            )
            if not cursor.fetchone()[0]:
                return


def _move_all() -> None:
    while True:
        with transaction.atomic():
            moved = _move_batch(BATCH_SIZE, locked=True)
        if moved < BATCH_SIZE:
            return


def sequence_pending(*, batch_size: int = BATCH_SIZE) -> int:
    """Move every committed pending event into the log; return how many."""
    moved = 0
    while PendingEvent.objects.exists():
        with transaction.atomic():
            batch = _move_batch(batch_size)
        moved += batch
        if batch < batch_size:
            break
    return moved


def _move_batch(batch_size: int, *, locked: bool = False) -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not locked:
            # Sequencers queue here; one finding nothing left to move commits
            # without having written anything, so without waiting for a flush.
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])
        # Read after the lock: what an earlier holder moved is gone by now.
        rows = list(
            PendingEvent.objects.order_by("id").values_list(*_FIELDS)[:batch_size]
        )
        if not rows:
            return 0
        size, border = lock_head(cursor)
    compact = compact_from(size, border)
    events, details, subtrees = [], [], []
    for seq, row in enumerate(rows, start=size):
        (_id, kind, at, item_id, reference, item_sha, actor_pid, outcome, commitment,
         actor_id, label, summary, detail, salt) = row  # fmt: skip
        leaf = leaf_hash(
            leaves.leaf_bytes(
                seq=seq,
                event_type=kind,
                occurred_at=at,
                item_reference=reference or "",
                item_sha256=item_sha,
                actor_pid=actor_pid,
                outcome=outcome,
                details_commitment=commitment,
            )
        )
        for level, index, node in to_store(compact.append(leaf)):
            subtrees.append(CustodySubtree(level=level, index=index, hash=node.hex()))
        events.append(
            CustodyEvent(
                seq=seq,
                event_type=kind,
                occurred_at=at,
                item_id=item_id,
                item_sha256=item_sha,
                actor_pid=actor_pid,
                outcome=outcome,
                details_commitment=commitment,
                leaf_hash=leaf.hex(),
            )
        )
        details.append((actor_id, label, summary, detail, salt))
    write_sequenced(events, details, subtrees, compact, [row[0] for row in rows])
    return len(rows)


def write_sequenced(events, details, subtrees, compact, pending_ids=()) -> None:
    """Insert events given their seqs and leaves, their details and the subtrees
    they complete; move the head to ``compact``; delete the pending events they
    came from. The caller holds the head lock."""
    if connection.vendor == "postgresql":
        _write_postgresql(events, details, subtrees, compact, list(pending_ids))
        return
    CustodyEvent.objects.bulk_create(events)
    CustodyDetail.objects.bulk_create(
        CustodyDetail(
            event=event, actor_id=a, actor_label=b, summary=c, details=d, salt=e
        )
        for event, (a, b, c, d, e) in zip(events, details, strict=True)
    )
    CustodySubtree.objects.bulk_create(subtrees)
    CustodyHead.objects.filter(pk=1).update(
        size=compact.size, border=border_text(compact)
    )
    if pending_ids:
        PendingEvent.objects.filter(id__in=pending_ids).delete()


def _write_postgresql(events, details, subtrees, compact, ids) -> None:
    """All of a batch's writes in one statement: the head lock is held meanwhile."""
    details_field = CustodyDetail._meta.get_field("details")
    event_rows, detail_rows, subtree_rows, params = [], [], [], []
    for event in events:
        event_rows.append("(%s, %s, %s, %s::bigint, %s, %s, %s, %s, %s)")
        params += [
            event.seq, event.event_type, event.occurred_at, event.item_id,
            event.item_sha256, event.actor_pid, event.outcome,
            event.details_commitment, event.leaf_hash,
        ]  # fmt: skip
    for event, (actor_id, label, summary, detail, salt) in zip(
        events, details, strict=True
    ):
        detail_rows.append("(%s::bigint, %s::bigint, %s, %s, %s::jsonb, %s)")
        params += [
            event.seq, actor_id, label, summary,
            details_field.get_db_prep_save(detail, connection), salt,
        ]  # fmt: skip
    for subtree in subtrees:
        subtree_rows.append("(%s, %s, %s)")
        params += [subtree.level, subtree.index, subtree.hash]
    params += [compact.size, border_text(compact), ids]
    # Only placeholders are joined in: every value goes as a parameter.
    sql = (
        f"WITH e AS (INSERT INTO chain_of_custody_custodyevent ({EVENT_COLUMNS}) "  # noqa: S608
        f"VALUES {', '.join(event_rows)} RETURNING id, seq), "
        "v (seq, actor_id, actor_label, summary, details, salt) AS "
        f"(VALUES {', '.join(detail_rows)}), "
        "d AS (INSERT INTO chain_of_custody_custodydetail "
        "(event_id, actor_id, actor_label, summary, details, salt) "
        "SELECT e.id, v.actor_id, v.actor_label, v.summary, v.details, v.salt "
        "FROM e JOIN v ON v.seq = e.seq RETURNING 1), "
        + (
            'n AS (INSERT INTO chain_of_custody_custodysubtree (level, "index", hash) '  # noqa: S608
            f"VALUES {', '.join(subtree_rows)} RETURNING 1), "
            if subtree_rows
            else ""
        )
        + "h AS (UPDATE chain_of_custody_custodyhead SET size = %s, border = %s "
        "WHERE id = 1 RETURNING 1), "
        "x AS (DELETE FROM chain_of_custody_pendingevent WHERE id = ANY(%s) "
        "RETURNING 1) "
        "SELECT COUNT(*) FROM e"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
