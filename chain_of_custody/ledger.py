"""Appending to the custody log.

Appends are serialised on the ``CustodyHead`` row: sequence numbers are gap-free and
the tree never forks, whatever the number of concurrent writers. On SQLite the
connection opens transactions with ``BEGIN IMMEDIATE``, which serialises writers too.

The head row also holds the tree's compact range, so an append reads one row, writes
the event, its detail and the subtrees it completes (one on average), and updates
the head. The lock is held until the transaction commits, so the work done under it
is kept to the minimum: everything that does not depend on the seq is prepared
before, and on PostgreSQL all the writes go in one statement.

With ``INDISPUTABLE_CUSTODY_APPENDS = "batched"`` the event is instead committed
with the operation as a :class:`PendingEvent`, and :mod:`~chain_of_custody.sequencer`
gives it its seq on commit, many events per head lock and commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from chain_of_custody import leaves
from chain_of_custody.merkle import HASH_SIZE, CompactRange, Subtree, leaf_hash
from chain_of_custody.models import (
    SUBTREE_MIN_LEVEL,
    CustodyDetail,
    CustodyEvent,
    CustodyHead,
    CustodySubtree,
    PendingEvent,
)

if TYPE_CHECKING:
    from accounts.models import User
    from evidence.models import EvidenceItem

SYSTEM_ACTOR_PID = "system"
SYSTEM_ACTOR_LABEL = "Indisputable (automatic)"

EVENT_COLUMNS = (
    "seq, event_type, occurred_at, item_id, item_sha256, actor_pid, outcome, "
    "details_commitment, leaf_hash"
)
_INSERT_EVENT = (
    f"INSERT INTO chain_of_custody_custodyevent ({EVENT_COLUMNS}) "  # noqa: S608
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id"
)
_DETAIL_COLUMNS = "event_id, actor_id, actor_label, summary, details, salt"
_INSERT_SUBTREES = (
    'INSERT INTO chain_of_custody_custodysubtree (level, "index", hash) VALUES '
)
_UPDATE_HEAD = (
    "UPDATE chain_of_custody_custodyhead SET size = %s, border = %s WHERE id = 1"
)


def _now(*, hour_only: bool) -> dt.datetime:
    now = timezone.now()
    return now.replace(minute=0, second=0, microsecond=0) if hour_only else now


def append_event(
    *,
    event_type: str,
    item: EvidenceItem | None,
    actor: User | None,
    outcome: str,
    summary: str,
    details: dict[str, Any] | None = None,
    item_sha256: str | None = None,
    hour_only: bool = False,
) -> CustodyEvent | PendingEvent:
    """Append one event to the log. Runs inside the caller's transaction.

    ``hour_only`` records the time to the hour, for events whose exact time could
    identify someone (a confidential tip's arrival); the sequence number still
    orders them exactly.
    """
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
    if settings.INDISPUTABLE_CUSTODY_APPENDS == "batched":
        from chain_of_custody.sequencer import sequence_on_commit

        pending = PendingEvent(
            event_type=event_type,
            occurred_at=_now(hour_only=hour_only),
            item=item,
            item_sha256=item_sha256,
            actor_pid=actor_pid,
            outcome=outcome,
            details_commitment=commitment,
            actor=actor,
            actor_label=actor_label,
            summary=summary,
            details=details,
            salt=salt,
        )
        _insert_pending(pending)
        sequence_on_commit(pending.pk)
        return pending
    reference = item.reference if item is not None else ""
    detail_field = CustodyDetail._meta.get_field("details")
    detail_values = [
        actor.pk if actor is not None else None,
        actor_label,
        summary,
        detail_field.get_db_prep_save(details, connection),
        salt,
    ]
    with connection.cursor() as cursor:
        size, border = lock_head(cursor)
        compact = compact_from(size, border)
        occurred_at = _now(hour_only=hour_only)
        leaf = leaf_hash(
            leaves.leaf_bytes(
                seq=size,
                event_type=event_type,
                occurred_at=occurred_at,
                item_reference=reference,
                item_sha256=item_sha256,
                actor_pid=actor_pid,
                outcome=outcome,
                details_commitment=commitment,
            )
        )
        completed = compact.append(leaf)
        event_values = [
            size,
            event_type,
            connection.ops.adapt_datetimefield_value(occurred_at),
            item.pk if item is not None else None,
            item_sha256,
            actor_pid,
            outcome,
            commitment,
            leaf.hex(),
        ]
        head_values = [compact.size, border_text(compact)]
        event_id = _write(
            cursor, event_values, detail_values, to_store(completed), head_values
        )
    event = CustodyEvent(
        id=event_id,
        seq=size,
        event_type=event_type,
        occurred_at=occurred_at,
        item=item,
        item_sha256=item_sha256,
        actor_pid=actor_pid,
        outcome=outcome,
        details_commitment=commitment,
        leaf_hash=leaf.hex(),
    )
    event._state.adding = False
    event._state.db = connection.alias
    return event


@dataclass(frozen=True)
class NewEvent:
    """One event for :func:`append_events`: the arguments of :func:`append_event`."""

    event_type: str
    item: EvidenceItem | None
    actor: User | None
    outcome: str
    summary: str
    details: dict[str, Any] = field(default_factory=dict)
    item_sha256: str | None = None


APPEND_BATCH = 1000  # events built in memory and inserted at a time


def append_events(new: Iterable[NewEvent]) -> None:
    """Append many events at once, in order, inside the caller's transaction.

    The same log as one :func:`append_event` per event (each leaf hashed from its
    own seq, time, item, actor, outcome and salted details commitment, chained into
    the same tree), but the head is locked and read once, the leaves chained in
    memory, and the events, details and completed subtrees inserted in bulk, a
    thousand at a time (memory does not grow with their number): for operations
    that record an event per item of a large set (a court export). The head stays
    locked until the caller's transaction ends, as for every append.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "custody events are appended inside the operation's transaction"
        )
    if settings.INDISPUTABLE_CUSTODY_APPENDS == "batched":
        for spec in new:  # each a plain insert already; sequenced in bulk on commit
            append_event(**vars(spec))
        return
    from chain_of_custody.sequencer import write_sequenced

    with connection.cursor() as cursor:
        size, border = lock_head(cursor)
    compact = compact_from(size, border)
    events: list[CustodyEvent] = []
    details: list[tuple] = []
    subtrees: list[CustodySubtree] = []
    for seq, spec in enumerate(new, start=size):
        actor, item = spec.actor, spec.item
        label = actor.get_username() if actor is not None else SYSTEM_ACTOR_LABEL
        actor_pid = str(actor.custody_pid) if actor is not None else SYSTEM_ACTOR_PID
        salt = leaves.new_salt()
        commitment = leaves.commit_details(
            salt=salt,
            payload={
                "actor_label": label,
                "summary": spec.summary,
                "details": spec.details,
            },
        )
        item_sha256 = spec.item_sha256
        if item_sha256 is None:
            item_sha256 = item.blob.sha256 if item is not None else ""
        occurred_at = _now(hour_only=False)
        leaf = leaf_hash(
            leaves.leaf_bytes(
                seq=seq,
                event_type=spec.event_type,
                occurred_at=occurred_at,
                item_reference=item.reference if item is not None else "",
                item_sha256=item_sha256,
                actor_pid=actor_pid,
                outcome=spec.outcome,
                details_commitment=commitment,
            )
        )
        for level, index, node in to_store(compact.append(leaf)):
            subtrees.append(CustodySubtree(level=level, index=index, hash=node.hex()))
        events.append(
            CustodyEvent(
                seq=seq,
                event_type=spec.event_type,
                occurred_at=occurred_at,
                item_id=item.pk if item is not None else None,
                item_sha256=item_sha256,
                actor_pid=actor_pid,
                outcome=spec.outcome,
                details_commitment=commitment,
                leaf_hash=leaf.hex(),
            )
        )
        details.append(
            (
                actor.pk if actor is not None else None,
                label,
                spec.summary,
                spec.details,
                salt,
            )
        )
        if len(events) == APPEND_BATCH:
            write_sequenced(events, details, subtrees, compact)
            events, details, subtrees = [], [], []
    if events:
        write_sequenced(events, details, subtrees, compact)


_PENDING_COLUMNS = [
    "event_type", "occurred_at", "item_id", "item_sha256", "actor_pid", "outcome",
    "details_commitment", "actor_id", "actor_label", "summary", "details", "salt",
]  # fmt: skip


def _insert_pending(pending: PendingEvent) -> None:
    """One plain INSERT: the writer's only statement in batched mode."""
    fields = [PendingEvent._meta.get_field(c) for c in _PENDING_COLUMNS]
    values = [
        f.get_db_prep_save(getattr(pending, f.attname), connection) for f in fields
    ]
    columns = ", ".join(_PENDING_COLUMNS)
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO chain_of_custody_pendingevent ({columns}) "  # noqa: S608
            f"VALUES ({placeholders}) RETURNING id",
            values,
        )
        pending.pk = cursor.fetchone()[0]
    pending._state.adding = False
    pending._state.db = connection.alias


def lock_head(cursor) -> tuple[int, str]:
    """Lock the head until the transaction ends; return its size and border."""
    # SQLite has no row locks: its BEGIN IMMEDIATE already holds the write lock.
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    cursor.execute(
        f"SELECT size, border FROM chain_of_custody_custodyhead WHERE id = 1{lock}"  # noqa: S608
    )
    return cursor.fetchone()


def _write(
    cursor,
    event: list[Any],
    detail: list[Any],
    subtrees: list[Subtree],
    head: list[Any],
) -> int:
    """Insert the event, its detail and subtrees; move the head. Return the id."""
    subtree_values = [
        value for level, index, node in subtrees for value in (level, index, node.hex())
    ]
    subtree_rows = ", ".join(["(%s, %s, %s)"] * len(subtrees))
    if connection.vendor == "postgresql":
        # One round trip while the lock is held: data-modifying CTEs.
        parts = [
            f"WITH e AS ({_INSERT_EVENT}), "  # noqa: S608 (constants only)
            f"d AS (INSERT INTO chain_of_custody_custodydetail ({_DETAIL_COLUMNS}) "
            "SELECT id, %s, %s, %s, %s, %s FROM e), "
            f"h AS ({_UPDATE_HEAD} RETURNING 1)"
        ]
        if subtrees:
            parts.append(f", s AS ({_INSERT_SUBTREES}{subtree_rows} RETURNING 1)")
        parts.append(" SELECT id FROM e")
        cursor.execute("".join(parts), [*event, *detail, *head, *subtree_values])
        return cursor.fetchone()[0]
    cursor.execute(_INSERT_EVENT, event)
    event_id = cursor.fetchone()[0]
    cursor.execute(
        f"INSERT INTO chain_of_custody_custodydetail ({_DETAIL_COLUMNS}) "  # noqa: S608
        "VALUES (%s, %s, %s, %s, %s, %s)",
        [event_id, *detail],
    )
    if subtrees:
        cursor.execute(_INSERT_SUBTREES + subtree_rows, subtree_values)
    cursor.execute(_UPDATE_HEAD, head)
    return event_id


def to_store(completed: list[Subtree]) -> list[Subtree]:
    """The newly completed subtrees that are kept (see ``SUBTREE_MIN_LEVEL``)."""
    return [node for node in completed if node[0] >= SUBTREE_MIN_LEVEL]


def compact_from(size: int, border: str) -> CompactRange:
    raw = bytes.fromhex(border)
    hashes = [raw[i : i + HASH_SIZE] for i in range(0, len(raw), HASH_SIZE)]
    return CompactRange(size=size, hashes=hashes)


def compact_range(head: CustodyHead) -> CompactRange:
    """The head's compact range, from its stored border hashes."""
    return compact_from(head.size, head.border)


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
