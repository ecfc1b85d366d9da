"""RFC 6962 / RFC 9162 Merkle tree over SHA-256 for the tamper-evident custody log.

Leaves are hashed as ``SHA-256(0x00 || data)``, interior nodes as
``SHA-256(0x01 || left || right)``, and the empty tree's root is ``SHA-256("")``,
exactly as in Certificate Transparency, so any RFC 9162 verifier can check the log.

Proofs are assembled from *complete subtrees*. The subtree at ``(level, index)``
covers leaves ``[index * 2**level, (index + 1) * 2**level)``; once the log has
grown past it, its hash never changes. A store persists each one once, when
:meth:`CompactRange.append` reports it complete (O(1) amortised writes per leaf),
and answers any root or proof with O(log n) reads through a :class:`TreeReader`.
"""

import hashlib
from collections.abc import Iterable, Sequence
from typing import Protocol, Self

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

_sha256 = hashlib.sha256

Subtree = tuple[int, int, bytes]
"""A complete subtree as ``(level, index, hash)``."""


class ProofError(ValueError):
    """A Merkle proof, root or tree size failed verification."""


def leaf_hash(data: bytes) -> bytes:
    """Return the RFC 6962 hash of one log entry."""
    return _sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Return the RFC 6962 hash of an interior node from its two children."""
    return _sha256(b"\x01" + left + right).digest()


def root_from_leaf_hashes(hashes: Iterable[bytes]) -> bytes:
    """Return the root of the tree over ``hashes``, for re-verifying a whole log.

    Pairs each level in one pass and carries an odd last node up unchanged,
    which yields the same tree as RFC 6962's split at the largest power of two.
    """
    level = list(hashes)
    if not level:
        return EMPTY_ROOT
    if any(len(h) != HASH_SIZE for h in level):
        raise ValueError(f"every leaf hash must be {HASH_SIZE} bytes")
    while len(level) > 1:
        pairs = iter(level)  # zipped with itself: (0, 1), (2, 3), ...
        upper = [
            _sha256(b"\x01" + left + right).digest()
            for left, right in zip(pairs, pairs, strict=False)
        ]
        if len(level) & 1:
            upper.append(level[-1])
        level = upper
    return level[0]


class TreeReader(Protocol):
    """Read access to a log's complete subtree hashes (a database table, a file)."""

    @property
    def size(self) -> int:
        """Number of leaves stored."""
        ...

    def subtree_hash(self, level: int, index: int) -> bytes:
        """Return the hash of the complete subtree at ``(level, index)``.

        Only subtrees lying wholly inside ``[0, size)`` are ever asked for; a leaf
        is the subtree at level 0.
        """
        ...


def _border(size: int, begin: int = 0) -> list[tuple[int, int]]:
    """``(level, index)`` of the complete subtrees covering ``[begin, begin+size)``.

    Largest first; ``begin`` must be a multiple of a power of two >= ``size``.
    """
    nodes = []
    for level in reversed(range(size.bit_length())):
        if size >> level & 1:
            nodes.append((level, begin >> level))
            begin += 1 << level
    return nodes


def _fold(hashes: list[bytes]) -> bytes:
    """Combine border hashes (largest subtree first) into the hash of their range."""
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = node_hash(left, result)
    return result


def _range_hash(reader: TreeReader, begin: int, end: int) -> bytes:
    """Hash of leaves ``[begin, end)``, ``begin`` aligned as in :func:`_border`."""
    return _fold(
        [reader.subtree_hash(lv, ix) for lv, ix in _border(end - begin, begin)]
    )


def _check_size(reader: TreeReader, size: int) -> None:
    if not 0 <= size <= reader.size:
        raise ValueError(f"tree size {size} is outside the stored 0..{reader.size}")


def _path(reader: TreeReader, level: int, index: int, size: int) -> list[bytes]:
    """Audit path from the complete subtree ``(level, index)`` to the root of ``size``.

    Same walk as RFC 9162 section 2.1.3.2, run forwards: ``last`` is the index of
    the tree's last node at the current level.
    """
    proof = []
    last = (size - 1) >> level
    while last:
        if index & 1:
            proof.append(reader.subtree_hash(level, index - 1))
        elif index + 1 < last:
            proof.append(reader.subtree_hash(level, index + 1))
        elif index + 1 == last:
            # The right sibling is the tree's ragged right edge.
            proof.append(_range_hash(reader, (index + 1) << level, size))
        index >>= 1
        last >>= 1
        level += 1
    return proof


def root(reader: TreeReader, size: int) -> bytes:
    """Return the root of the first ``size`` leaves, reading O(log n) subtrees."""
    _check_size(reader, size)
    if size == 0:
        return EMPTY_ROOT
    return _range_hash(reader, 0, size)


def inclusion_proof(reader: TreeReader, index: int, size: int) -> list[bytes]:
    """Return the RFC 9162 inclusion proof of leaf ``index`` in the tree of ``size``."""
    _check_size(reader, size)
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside a tree of size {size}")
    return _path(reader, 0, index, size)


def consistency_proof(reader: TreeReader, old_size: int, new_size: int) -> list[bytes]:
    """Return the RFC 9162 proof that the tree of ``new_size`` extends ``old_size``."""
    _check_size(reader, new_size)
    if not 0 <= old_size <= new_size:
        raise ValueError(f"old size {old_size} is outside 0..{new_size}")
    if old_size in (0, new_size):
        return []
    # The largest complete subtree ending at old_size, then its path in new_size.
    level = (old_size & -old_size).bit_length() - 1
    index = (old_size - 1) >> level
    proof = _path(reader, level, index, new_size)
    if index:
        # When old_size is a power of two the verifier already has this: old_root.
        proof.insert(0, reader.subtree_hash(level, index))
    return proof


def _path_length(index: int, last: int) -> int:
    inner = (index ^ last).bit_length()
    return inner + (index >> inner).bit_count()


def _check_hash(value: bytes, what: str) -> None:
    if len(value) != HASH_SIZE:
        raise ProofError(f"{what} is {len(value)} bytes, not {HASH_SIZE}")


def _check_proof(proof: Sequence[bytes], expected: int, what: str) -> None:
    if len(proof) != expected:
        raise ProofError(f"{what} needs {expected} hashes, got {len(proof)}")
    for position, value in enumerate(proof):
        _check_hash(value, f"proof hash {position}")


def root_from_inclusion_proof(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes]
) -> bytes:
    """Return the root that ``proof`` implies for ``leaf_hash`` at ``index``."""
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is outside a tree of size {size}")
    _check_hash(leaf_hash, "leaf hash")
    what = f"inclusion proof for leaf {index} in a tree of size {size}"
    _check_proof(proof, _path_length(index, size - 1), what)
    fn, sn, result = index, size - 1, leaf_hash
    for sibling in proof:
        if fn & 1 or fn == sn:
            result = node_hash(sibling, result)
            while not fn & 1 and fn:
                fn >>= 1
                sn >>= 1
        else:
            result = node_hash(result, sibling)
        fn >>= 1
        sn >>= 1
    return result


def verify_inclusion(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that ``leaf_hash`` is leaf ``index`` of the tree of ``size`` with ``root``.

    Raises :class:`ProofError` saying what did not match (RFC 9162 §2.1.3.2).
    ``size`` and ``root`` must come from the same signed checkpoint: a proof does
    not bind the size by itself (leaf 0's proof in a tree of 5 also fits size 6).
    """
    _check_hash(root, "root")
    computed = root_from_inclusion_proof(leaf_hash, index, size, proof)
    if computed != root:
        raise ProofError(
            f"inclusion proof for leaf {index} leads to root {computed.hex()}, "
            f"not {root.hex()}"
        )


def verify_consistency(
    old_size: int,
    new_size: int,
    old_root: bytes,
    new_root: bytes,
    proof: Sequence[bytes],
) -> None:
    """Check that the tree of ``new_size`` is an append-only extension of ``old_size``.

    Raises :class:`ProofError` saying what did not match (RFC 9162 §2.1.4.2).
    """
    _check_hash(old_root, "old root")
    _check_hash(new_root, "new root")
    if not 0 <= old_size <= new_size:
        raise ProofError(f"old size {old_size} is outside 0..{new_size}")
    if old_size in (0, new_size):
        _check_proof(proof, 0, f"consistency proof from {old_size} to {new_size}")
        expected = EMPTY_ROOT if old_size == 0 else new_root
        if old_root != expected:
            raise ProofError(f"old root {old_root.hex()} is not {expected.hex()}")
        return
    level = (old_size & -old_size).bit_length() - 1
    index = (old_size - 1) >> level
    expected_length = _path_length(index, (new_size - 1) >> level) + (index > 0)
    what = f"consistency proof from {old_size} to {new_size}"
    _check_proof(proof, expected_length, what)
    path = list(proof) if index else [old_root, *proof]
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    old_hash = new_hash = path[0]
    for sibling in path[1:]:
        if fn & 1 or fn == sn:
            old_hash = node_hash(sibling, old_hash)
            new_hash = node_hash(sibling, new_hash)
            while not fn & 1 and fn:
                fn >>= 1
                sn >>= 1
        else:
            new_hash = node_hash(new_hash, sibling)
        fn >>= 1
        sn >>= 1
    if old_hash != old_root:
        raise ProofError(
            f"{what} leads to old root {old_hash.hex()}, not {old_root.hex()}"
        )
    if new_hash != new_root:
        raise ProofError(
            f"{what} leads to new root {new_hash.hex()}, not {new_root.hex()}"
        )


class CompactRange:
    """The right border of a growing tree: one hash per set bit of its size.

    The ledger keeps one of these (or rebuilds it with :meth:`from_reader`),
    appends each new leaf hash, and persists the subtrees it reports complete.
    """

    def __init__(self, *, size: int = 0, hashes: Sequence[bytes] = ()) -> None:
        if size < 0 or len(hashes) != size.bit_count():
            raise ValueError(
                f"a tree of size {size} has {size.bit_count()} border hashes"
            )
        self._size = size
        self._hashes = list(hashes)

    @classmethod
    def from_reader(cls, reader: TreeReader, size: int | None = None) -> Self:
        """Load the border of the first ``size`` leaves (default: all) from a store."""
        size = reader.size if size is None else size
        _check_size(reader, size)
        hashes = [reader.subtree_hash(level, index) for level, index in _border(size)]
        return cls(size=size, hashes=hashes)

    @property
    def size(self) -> int:
        """Number of leaves appended so far."""
        return self._size

    @property
    def border(self) -> list[Subtree]:
        """The complete subtrees making up the tree, largest first."""
        nodes = _border(self._size)
        return [(lv, ix, h) for (lv, ix), h in zip(nodes, self._hashes, strict=True)]

    def append(self, leaf_hash: bytes) -> list[Subtree]:
        """Add one leaf; return the subtrees it completes, the leaf itself first."""
        if len(leaf_hash) != HASH_SIZE:
            raise ValueError(f"a leaf hash must be {HASH_SIZE} bytes")
        index, level, current = self._size, 0, leaf_hash
        completed = [(0, index, leaf_hash)]
        while self._size >> level & 1:
            current = node_hash(self._hashes.pop(), current)
            level += 1
            index >>= 1
            completed.append((level, index, current))
        self._hashes.append(current)
        self._size += 1
        return completed

    def extend(self, leaf_hashes: Iterable[bytes]) -> list[Subtree]:
        """Append many leaves; return every subtree they complete, in order."""
        return [node for leaf in leaf_hashes for node in self.append(leaf)]

    def root(self) -> bytes:
        """Return the root of the tree appended so far."""
        return _fold(self._hashes) if self._hashes else EMPTY_ROOT


class InMemoryTree:
    """A :class:`TreeReader` that keeps every complete subtree in memory.

    For tests and for checking an exported log offline.
    """

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        self._levels: list[list[bytes]] = []
        self._range = CompactRange()
        for leaf in leaf_hashes:
            self.append(leaf)

    @property
    def size(self) -> int:
        """Number of leaves stored."""
        return self._range.size

    def append(self, leaf_hash: bytes) -> None:
        """Add one leaf and store the subtrees it completes."""
        for level, _index, value in self._range.append(leaf_hash):
            if level == len(self._levels):
                self._levels.append([])
            self._levels[level].append(value)

    def root(self) -> bytes:
        """Return the root over all stored leaves."""
        return self._range.root()

    def subtree_hash(self, level: int, index: int) -> bytes:
        """Return a complete subtree's hash; anything else is a caller bug."""
        if 0 <= level < len(self._levels) and 0 <= index < len(self._levels[level]):
            return self._levels[level][index]
        raise LookupError(
            f"no complete subtree at level {level}, index {index} "
            f"in a tree of size {self.size}"
        )
