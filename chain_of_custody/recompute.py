"""Recomputing the whole tree from the event rows: the bulk of verifying a log.

A large log is split into seq ranges, aligned on powers of two, that worker
processes hash at once, each with its own database connection: every leaf from its
row, then every complete subtree inside the range. A small log, or one read inside
a transaction (whose rows other connections may not see), is hashed in this
process. Each level is kept as one ``bytes`` of 32-byte hashes, so joining the
workers' parts and comparing with the stored subtrees are single C calls.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from django.db import connections, transaction
from django.db.models import Max

from chain_of_custody import merkle
from chain_of_custody.leaves import leaf_text
from chain_of_custody.models import CustodyEvent
from chain_of_custody.selectors import leaf_rows

PARALLEL_FROM = 200_000
"""Fewer events than this are hashed in this process: forking costs more."""
H = merkle.HASH_SIZE


def pair_up(level: bytes) -> bytes:
    """The next level up: each pair of adjacent hashes joined; an odd last dropped."""
    sha256 = hashlib.sha256
    return b"".join(
        [
            sha256(b"\x01" + level[i : i + 2 * H]).digest()
            for i in range(0, len(level) - 2 * H + 1, 2 * H)
        ]
    )


class RecomputedTree:
    """Every complete subtree of the recomputed tree, level by level."""

    def __init__(self, levels: list[bytes]) -> None:
        self.levels = levels or [b""]
        while len(self.levels[-1]) >= 2 * H:
            self.levels.append(pair_up(self.levels[-1]))
        self.size = len(self.levels[0]) // H

    def count(self, level: int) -> int:
        """How many complete subtrees the tree has at ``level``."""
        return len(self.levels[level]) // H if level < len(self.levels) else 0

    def subtree_hash(self, level: int, index: int) -> bytes:
        return self.levels[level][index * H : (index + 1) * H]

    def root(self, size: int) -> bytes:
        return merkle.root(self, size)


@dataclass
class Recomputed:
    """The recomputed tree, and where rows disagree with it."""

    tree: RecomputedTree
    mismatched: list[int] = field(default_factory=list)
    gaps: list[tuple[int, int]] = field(default_factory=list)
    """``(expected, found)`` seqs wherever the sequence jumps."""


def _hash_range(
    first: int, end: int | None, chunk_size: int
) -> tuple[list[bytes], list[int], list[tuple[int, int]]]:
    """Hash the leaves of ``first <= seq < end`` and the subtrees above them."""
    sha256 = hashlib.sha256
    digests: list[bytes] = []
    append = digests.append
    mismatched: list[int] = []
    gaps: list[tuple[int, int]] = []
    expected = first
    for seq, kind, time, item, item_sha, actor, outcome, details, stored in leaf_rows(
        first=first, end=end, chunk_size=chunk_size
    ):
        text = leaf_text(seq, kind, time, item, item_sha, actor, outcome, details)
        digest = sha256(b"\x00" + text.encode()).digest()
        if digest.hex() != stored:
            mismatched.append(seq)
        if seq != expected:
            gaps.append((expected, seq))
            expected = seq
        expected += 1
        append(digest)
    levels = [b"".join(digests)]
    while len(levels[-1]) >= 2 * H:
        levels.append(pair_up(levels[-1]))
    return levels, mismatched, gaps


def _ranges(end: int, parts: int) -> list[tuple[int, int | None]]:
    """Ranges of seqs, each but the last a power of two long and aligned on it."""
    step = 1 << max(0, (-(-end // parts) - 1).bit_length())
    bounds = list(range(0, end, step))
    return [(lo, lo + step) for lo in bounds[:-1]] + [(bounds[-1], None)]


def recompute_tree(
    *, chunk_size: int = 20_000, workers: int | None = None
) -> Recomputed:
    """Recompute every leaf hash from its row, and the tree above them."""
    workers = workers or min(os.cpu_count() or 1, 4)
    end = (CustodyEvent.objects.aggregate(last=Max("seq"))["last"] or 0) + 1
    ranges = _ranges(end, workers)
    if (
        len(ranges) > 1
        and end >= PARALLEL_FROM
        and (not transaction.get_connection().in_atomic_block)
    ):
        # Children must not share this process's connections: they open their own.
        connections.close_all()
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(len(ranges), mp_context=context) as pool:
            parts = list(
                pool.map(
                    _hash_range,
                    [lo for lo, _ in ranges],
                    [hi for _, hi in ranges],
                    [chunk_size] * len(ranges),
                )
            )
    else:
        parts = [_hash_range(0, None, chunk_size)]
    mismatched = [seq for part in parts for seq in part[1]]
    gaps = [gap for part in parts for gap in part[2]]
    if gaps:
        # Ranges no longer hold the leaves they were aligned for: pair afresh.
        levels = [b"".join(part[0][0] for part in parts)]
    else:
        depth = max(len(part[0]) for part in parts)
        levels = [
            b"".join(part[0][level] for part in parts if level < len(part[0]))
            for level in range(depth)
        ]
    return Recomputed(RecomputedTree(levels), mismatched, gaps)
