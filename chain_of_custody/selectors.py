"""Read queries on the custody log, shaped for speed where millions of rows pass."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import CharField, F, Func, QuerySet, Value
from django.db.models.functions import Coalesce

from chain_of_custody.models import CustodyEvent, CustodySubtree

LeafRow = tuple[int, str, str, str, str, str, str, str, str]
"""``(seq, type, time, item reference, item SHA-256, actor, outcome, details,
stored leaf hash)``: the arguments of :func:`~chain_of_custody.leaves.leaf_text`,
then the stored hash."""


class LeafTime(Func):
    """An event's time spelt as in its leaf (``format_time``), by the database.

    Formatting in SQL spares a datetime object per row when verifying millions.
    SQLite holds Django's ``YYYY-MM-DD HH:MM:SS[.ffffff]`` text in UTC.
    """

    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="to_char(%(expressions)s AT TIME ZONE 'UTC', "
            '\'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\')',
            **extra,
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="replace(CASE WHEN length(%(expressions)s) = 19 "
            "THEN %(expressions)s || '.000000' ELSE %(expressions)s END, ' ', 'T') "
            "|| 'Z'",
            **extra,
        )


def leaf_rows(*, chunk_size: int = 20_000) -> Iterator[LeafRow]:
    """Every event's leaf fields and stored hash, in seq order, streamed."""
    rows = (
        CustodyEvent.objects.order_by("seq")
        .annotate(
            leaf_time=LeafTime(F("occurred_at")),
            leaf_item=Coalesce(F("item__reference"), Value("")),
        )
        .values_list(
            "seq",
            "event_type",
            "leaf_time",
            "leaf_item",
            "item_sha256",
            "actor_pid",
            "outcome",
            "details_commitment",
            "leaf_hash",
        )
    )
    return rows.iterator(chunk_size=chunk_size)


def stored_subtrees(*, chunk_size: int = 20_000) -> Iterator[tuple[int, int, str]]:
    """Every stored subtree as ``(level, index, hex hash)``, level by level."""
    rows = CustodySubtree.objects.order_by("level", "index")
    return rows.values_list("level", "index", "hash").iterator(chunk_size=chunk_size)


def item_events(item) -> QuerySet[CustodyEvent]:
    """An item's events in order, with their erasable details."""
    return (
        CustodyEvent.objects.filter(item=item)
        .select_related("detail", "item")
        .order_by("seq")
    )
