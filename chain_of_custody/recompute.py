"""Recomputing every leaf hash from its row: the bulk of verifying a large log.

A large log is split into seq ranges hashed by worker processes at once, each with
its own database connection; a small one, or one read inside a transaction (whose
rows other connections may not see), is hashed in this process.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from django.db import connections, transaction
from django.db.models import Max

from chain_of_custody.leaves import leaf_text
from chain_of_custody.models import CustodyEvent
from chain_of_custody.selectors import leaf_rows

PARALLEL_FROM = 200_000
"""Fewer events than this are hashed in this process: forking costs more."""


@dataclass
class Leaves:
    """Recomputed leaf hashes in seq order, and where rows disagree."""

    hashes: list[bytes] = field(default_factory=list)
    mismatched: list[int] = field(default_factory=list)
    gaps: list[tuple[int, int]] = field(default_factory=list)
    """``(expected, found)`` seqs wherever the sequence jumps."""


def _hash_range(
    first: int, end: int | None, chunk_size: int
) -> tuple[bytes, list[int], list[tuple[int, int]]]:
    """Hash the leaves of ``first <= seq < end``; digests come back concatenated."""
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
    return b"".join(digests), mismatched, gaps


def _ranges(end: int, parts: int) -> list[tuple[int, int | None]]:
    step = -(-end // parts)
    bounds = list(range(0, end, step))
    return [(lo, lo + step) for lo in bounds[:-1]] + [(bounds[-1], None)]


def recompute_leaves(*, chunk_size: int = 20_000, workers: int | None = None) -> Leaves:
    """Recompute the leaf hash of every event from its row."""
    workers = workers or min(os.cpu_count() or 1, 4)
    end = (CustodyEvent.objects.aggregate(last=Max("seq"))["last"] or 0) + 1
    parallel = (
        workers > 1
        and end >= PARALLEL_FROM
        and not transaction.get_connection().in_atomic_block
    )
    if parallel:
        # Children must not share this process's connections: they open their own.
        connections.close_all()
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            ranges = _ranges(end, workers)
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
    result = Leaves()
    for digests, mismatched, gaps in parts:
        result.hashes.extend(digests[i : i + 32] for i in range(0, len(digests), 32))
        result.mismatched.extend(mismatched)
        result.gaps.extend(gaps)
    return result
