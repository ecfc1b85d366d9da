"""Verifying the custody log from its rows: leaves, tree, head and checkpoints.

Nothing stored is trusted: every leaf is recomputed from its row, the tree from the
leaves, and each stored subtree, the head and every checkpoint are compared with
the recomputation. A problem is reported with the seq, subtree or checkpoint it is
in, so a report says where the record was changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from chain_of_custody import merkle, notes, signing
from chain_of_custody.ledger import compact_range
from chain_of_custody.models import (
    SUBTREE_MIN_LEVEL,
    Checkpoint,
    CheckpointTimestamp,
    CustodyHead,
    PendingEvent,
)
from chain_of_custody.recompute import RecomputedTree, recompute_tree
from chain_of_custody.selectors import stored_subtrees, subtree_levels

MAX_NAMED = 50
"""Problems of one kind named one by one before the rest are counted."""


@dataclass(frozen=True)
class Problem:
    """One thing that does not hold, and where: ``seq 17``, ``checkpoint #3``..."""

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


@dataclass
class Report:
    """What a verification checked and found."""

    size: int = 0
    root: bytes = merkle.EMPTY_ROOT
    checked: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def fail(self, where: str, what: str) -> None:
        self.problems.append(Problem(where, what))

    def count(self, what: str, n: int = 1) -> None:
        self.checked[what] = self.checked.get(what, 0) + n


def _recompute(report: Report, chunk_size: int, workers: int | None) -> RecomputedTree:
    """Recompute the tree from the rows; name each row that disagrees."""
    found = recompute_tree(chunk_size=chunk_size, workers=workers)
    for expected, seq in found.gaps:
        _report_gap(report, expected, seq)
    for seq in found.mismatched[:MAX_NAMED]:
        report.fail(f"seq {seq}", "its row does not match its stored leaf hash")
    if len(found.mismatched) > MAX_NAMED:
        more = len(found.mismatched) - MAX_NAMED
        report.fail("log", f"{more} more rows do not match")
    report.count("leaves", found.tree.size)
    return found.tree


def _report_gap(report: Report, expected: int, seq: int) -> None:
    if seq > expected:
        report.fail(f"seq {expected}..{seq - 1}", "missing: the seqs have a gap")
    else:
        report.fail(f"seq {seq}", f"out of order or repeated after seq {expected - 1}")


def _check_subtrees(report: Report, tree: RecomputedTree, chunk_size: int) -> None:
    """Compare every stored subtree with the recomputed tree.

    Levels whose concatenated hashes match are done at once; the others, or all
    of them where the database cannot concatenate, are compared row by row to
    name each subtree that differs.
    """
    concatenated = subtree_levels()
    if concatenated is None:
        _compare_subtrees(report, tree, chunk_size, level=None)
        return
    seen = 0
    stored_levels = range(SUBTREE_MIN_LEVEL, len(tree.levels))
    for level in sorted(set(concatenated) | set(stored_levels)):
        recomputed = tree.levels[level] if level < len(tree.levels) else b""
        if concatenated.get(level, "") == recomputed.hex():
            seen += tree.count(level)
        else:
            _compare_subtrees(report, tree, chunk_size, level=level)
    report.count("subtrees", seen)


def _compare_subtrees(
    report: Report, tree: RecomputedTree, chunk_size: int, *, level: int | None
) -> None:
    seen = 0
    named = 0
    rows = stored_subtrees(level=level, chunk_size=chunk_size)
    for level_, index, stored in rows:
        seen += 1
        first, last = index << level_, ((index + 1) << level_) - 1
        where = f"subtree ({level_}, {index}) over seq {first}..{last}"
        if index >= tree.count(level_):
            problem = "stored, but lies beyond the log"
        elif tree.subtree_hash(level_, index).hex() != stored:
            problem = "stored hash differs from the events' recomputed hash"
        else:
            continue
        named += 1
        if named <= MAX_NAMED:
            report.fail(where, problem)
    levels = range(SUBTREE_MIN_LEVEL, len(tree.levels)) if level is None else [level]
    expected = sum(tree.count(each) for each in levels)
    where = "subtrees" if level is None else f"subtrees of level {level}"
    if named > MAX_NAMED:
        report.fail(where, f"{named - MAX_NAMED} more stored subtrees differ")
    if seen < expected:
        report.fail(where, f"{expected - seen} of {expected} are missing")
    report.count("subtrees", seen)


def _check_head(report: Report, tree: RecomputedTree) -> None:
    pending = PendingEvent.objects.count()
    if pending:
        report.warnings.append(
            Problem("log", f"{pending} committed events are still waiting for a seq")
        )
    head = CustodyHead.objects.get(pk=1)
    if head.size != tree.size:
        report.fail("head", f"says {head.size} events, the log has {tree.size}")
        return
    try:
        head_root = compact_range(head).root()
    except ValueError as error:
        report.fail("head", f"its stored border is malformed: {error}")
        return
    if head_root != tree.root(tree.size):
        report.fail("head", "its stored border does not give the recomputed root")


def _check_tree_head(
    report: Report, tree: RecomputedTree, where: str, size: int, root: bytes
) -> bool:
    """Compare a signed (size, root) with the recomputed tree."""
    if size > tree.size:
        report.fail(
            where,
            f"signed {size} events, the log has {tree.size}: "
            f"seq {tree.size}..{size - 1} were removed",
        )
        return False
    if tree.root(size) != root:
        report.fail(
            where,
            f"the log's first {size} events do not have the signed root: "
            "events were changed, removed or reordered",
        )
        return False
    return True


def _check_checkpoints(
    report: Report, tree: RecomputedTree, keys: notes.Keys, origin: str
) -> None:
    """Check each stored checkpoint's signature, root, and growth from the last."""
    previous: notes.Checkpoint | None = None
    previous_where = ""
    for row in Checkpoint.objects.order_by("id"):
        where = f"checkpoint #{row.pk} (size {row.size})"
        report.count("checkpoints")
        try:
            signed = notes.verify_checkpoint(row.note, keys, origin=origin)
        except notes.NoteError as error:
            report.fail(where, f"signature does not verify: {error}")
            continue
        if (signed.size, signed.root.hex()) != (row.size, row.root_hash):
            report.fail(where, "its columns differ from its signed note")
        _check_tree_head(report, tree, where, signed.size, signed.root)
        if previous is not None:
            _check_growth(report, tree, previous, signed, f"{previous_where} → {where}")
        previous, previous_where = signed, where
    _check_timestamps(report)


def _check_growth(
    report: Report,
    tree: RecomputedTree,
    old: notes.Checkpoint,
    new: notes.Checkpoint,
    where: str,
) -> None:
    """A consistency proof from the recomputed tree must join the two signed roots."""
    if new.size < old.size:
        report.fail(where, f"the log shrank from {old.size} to {new.size} events")
        return
    if new.size > tree.size:
        return  # already reported as removed events
    report.count("consistency proofs")
    proof = merkle.consistency_proof(tree, old.size, new.size)
    try:
        merkle.verify_consistency(old.size, new.size, old.root, new.root, proof)
    except merkle.ProofError as error:
        report.fail(where, f"not consistent: {error}")


def _check_timestamps(report: Report) -> None:
    stamps = CheckpointTimestamp.objects.select_related("checkpoint").order_by("id")
    if not stamps.exists():
        return
    from chain_of_custody import timestamps  # needs rfc3161-client

    for stamp in stamps:
        report.count("time-stamps")
        try:
            timestamps.check_imprint(
                response=bytes(stamp.token), data=stamp.checkpoint.note.encode()
            )
        except (timestamps.TimestampError, ValueError) as error:
            where = f"time-stamp #{stamp.pk} of checkpoint #{stamp.checkpoint_id}"
            report.fail(where, str(error))


def _check_outside(
    report: Report, tree: RecomputedTree, texts: Sequence[tuple[str, str]], keys, origin
) -> None:
    """Checkpoints held outside the archive: the log must still contain each."""
    for name, text in texts:
        where = f"checkpoint held outside ({name})"
        report.count("outside checkpoints")
        try:
            signed = notes.verify_checkpoint(text, keys, origin=origin)
        except notes.NoteError as error:
            report.fail(where, f"signature does not verify: {error}")
            continue
        _check_tree_head(
            report, tree, f"{where}, size {signed.size}", signed.size, signed.root
        )


def verify_log(
    *,
    keys: notes.Keys | None = None,
    outside: Sequence[tuple[str, str]] = (),
    chunk_size: int = 20_000,
    workers: int | None = None,
) -> Report:
    """Verify the whole log; ``outside`` holds ``(name, text)`` of kept checkpoints.

    ``keys`` default to the archive's own public key; an auditor passes the key
    published at ``/custody/key`` instead.
    """
    report = Report()
    keys = keys if keys is not None else signing.public_key()
    origin = signing.origin()
    tree = _recompute(report, chunk_size, workers)
    report.size, report.root = tree.size, tree.root(tree.size)
    _check_subtrees(report, tree, chunk_size)
    _check_head(report, tree)
    _check_checkpoints(report, tree, keys, origin)
    _check_outside(report, tree, outside, keys, origin)
    return report
