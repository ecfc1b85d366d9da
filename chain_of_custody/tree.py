"""The ledger's Merkle tree as stored in the database: roots and proofs.

Which subtrees a root or proof needs depends only on the sizes and indexes, never
on the hashes, so each answer is computed twice: once against a recorder that notes
the subtrees asked for, then against those subtrees fetched in at most two queries
(leaf hashes from the events, higher levels from the stored subtrees).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.db import connection

from chain_of_custody import merkle
from chain_of_custody.ledger import compact_range
from chain_of_custody.models import SUBTREE_MIN_LEVEL, CustodyHead

T = TypeVar("T")
Node = tuple[int, int]


class _Recorder:
    """A tree reader that answers with zeros and notes what it was asked."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.asked: set[Node] = set()

    def subtree_hash(self, level: int, index: int) -> bytes:
        self.asked.add((level, index))
        return bytes(merkle.HASH_SIZE)


class DatabaseTree:
    """A :class:`~chain_of_custody.merkle.TreeReader` over the ledger tables."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._hashes: dict[Node, bytes] = {}

    def load(self, nodes: Iterable[Node]) -> None:
        """Fetch the hashes of ``nodes`` in one query.

        Nodes below ``SUBTREE_MIN_LEVEL`` are not stored: their leaves are read
        instead, and the nodes recomputed from them.
        """
        nodes = set(nodes) - self._hashes.keys()
        low = [node for node in nodes if node[0] < SUBTREE_MIN_LEVEL]
        keys = [node for node in nodes if node[0] >= SUBTREE_MIN_LEVEL]
        seqs = sorted(
            {seq for level, index in low for seq in _leaves_under(level, index)}
        )
        parts, params = [], []
        if seqs:
            parts.append(
                "SELECT 0, seq, leaf_hash FROM chain_of_custody_custodyevent "  # noqa: S608
                f"WHERE seq IN ({', '.join(['%s'] * len(seqs))})"
            )
            params.extend(seqs)
        if keys:
            parts.append(
                'SELECT level, "index", hash FROM chain_of_custody_custodysubtree '  # noqa: S608
                f'WHERE (level, "index") IN ({", ".join(["(%s, %s)"] * len(keys))})'
            )
            params.extend(value for key in keys for value in key)
        if not parts:
            return
        # A proof is latency-bound: one plain query fetches every node it needs.
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for level, index, value in cursor.fetchall():
                self._hashes[(level, index)] = bytes.fromhex(value)
        for level, index in low:
            self._recompute(level, index)

    def _recompute(self, level: int, index: int) -> None:
        """Hash a low node up from its leaves, keeping every node on the way."""
        if level and (level, index) not in self._hashes:
            self._recompute(level - 1, 2 * index)
            self._recompute(level - 1, 2 * index + 1)
            left = self._hashes.get((level - 1, 2 * index))
            right = self._hashes.get((level - 1, 2 * index + 1))
            if left is not None and right is not None:
                self._hashes[(level, index)] = merkle.node_hash(left, right)

    def subtree_hash(self, level: int, index: int) -> bytes:
        if (level, index) not in self._hashes:
            self.load([(level, index)])
        try:
            return self._hashes[(level, index)]
        except KeyError:
            raise LookupError(
                f"the ledger has no stored subtree at level {level}, index {index}"
            ) from None


def _leaves_under(level: int, index: int) -> range:
    return range(index << level, (index + 1) << level)


def _answer(size: int, compute: Callable[[merkle.TreeReader], T]) -> T:
    recorder = _Recorder(size)
    compute(recorder)
    tree = DatabaseTree(size)
    tree.load(recorder.asked)
    return compute(tree)


def tree_head() -> tuple[int, bytes]:
    """The log's current size and root, from the head row alone."""
    head = CustodyHead.objects.get(pk=1)
    return head.size, compact_range(head).root()


def root_at(size: int) -> bytes:
    """The root of the first ``size`` events."""
    _check_stored(size)
    return _answer(size, lambda reader: merkle.root(reader, size))


def inclusion_proof(*, seq: int, size: int) -> list[bytes]:
    """The RFC 9162 inclusion proof of event ``seq`` in the tree of ``size``.

    ``size`` comes from a checkpoint, so it is not checked against the head: a node
    missing from the store raises :class:`LookupError`.
    """
    return _answer(size, lambda reader: merkle.inclusion_proof(reader, seq, size))


def consistency_proof(*, old_size: int, new_size: int) -> list[bytes]:
    """The RFC 9162 proof that the tree of ``new_size`` extends ``old_size``."""
    return _answer(
        new_size, lambda reader: merkle.consistency_proof(reader, old_size, new_size)
    )


def _check_stored(size: int) -> None:
    stored = CustodyHead.objects.values_list("size", flat=True).get(pk=1)
    if not 0 <= size <= stored:
        raise ValueError(f"tree size {size} is outside the log's 0..{stored}")
