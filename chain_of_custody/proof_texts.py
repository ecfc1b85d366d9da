"""C2SP tlog-proof texts, and a consistency proof text in the same style.

Implements https://c2sp.org/tlog-proof: a self-contained proof that an entry is in
a log, checkable with the log's public key alone. Consistency proofs have no C2SP
text format; :func:`format_consistency_proof` defines one in the same style::

    indisputable/consistency-proof@v1
    old 6
    new 8
    <base64 hash, one per line, in RFC 9162 order>
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from chain_of_custody.merkle import HASH_SIZE, verify_consistency, verify_inclusion
from chain_of_custody.notes import (
    Checkpoint,
    Keys,
    NoteError,
    decode_b64,
    encode_b64,
    parse_checkpoint,
    parse_decimal,
    verify_checkpoint,
)

TLOG_PROOF_HEADER = "c2sp.org/tlog-proof@v1"
CONSISTENCY_PROOF_HEADER = "indisputable/consistency-proof@v1"


def _join(lines: Iterable[str]) -> str:
    return "".join(f"{line}\n" for line in lines)


def _value(lines: list[str], keyword: str) -> str:
    """Take the next ``<keyword> <value>`` line of a proof text; return the value."""
    line = lines.pop(0) if lines else ""
    if not line.startswith(f"{keyword} "):
        raise NoteError(f"malformed proof: no '{keyword} ...' line")
    return line.removeprefix(f"{keyword} ")


def _hashes(lines: Iterable[str]) -> tuple[bytes, ...]:
    hashes = tuple(decode_b64(line, "malformed proof: hash") for line in lines)
    if any(len(h) != HASH_SIZE for h in hashes):
        raise NoteError(f"malformed proof: a hash is not {HASH_SIZE} bytes")
    return hashes


def _check_hashes(hashes: Sequence[bytes]) -> None:
    if any(len(h) != HASH_SIZE for h in hashes):
        raise ValueError(f"proof hashes must be {HASH_SIZE} bytes each")


@dataclass(frozen=True)
class InclusionProofText:
    """A parsed ``c2sp.org/tlog-proof@v1``; its checkpoint is not yet verified."""

    index: int
    hashes: tuple[bytes, ...]
    checkpoint_text: str
    checkpoint: Checkpoint
    extra: bytes | None = None


def format_inclusion_proof(
    index: int,
    proof_hashes: Sequence[bytes],
    checkpoint_text: str,
    *,
    extra: bytes | None = None,
) -> str:
    """Return a self-contained tlog-proof that leaf ``index`` is in the checkpoint.

    ``extra`` is opaque and unauthenticated: context for a reader, never trusted.
    """
    size = parse_checkpoint(checkpoint_text).size
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside a tree of size {size}")
    _check_hashes(proof_hashes)
    lines = [TLOG_PROOF_HEADER]
    if extra is not None:
        lines.append(f"extra {encode_b64(extra)}")
    lines.append(f"index {index}")
    lines.extend(encode_b64(h) for h in proof_hashes)
    return _join(lines) + "\n" + checkpoint_text


def parse_inclusion_proof(text: str) -> InclusionProofText:
    """Parse a tlog-proof text; check it with :func:`verify_inclusion_proof`."""
    head, separator, checkpoint_text = text.partition("\n\n")
    lines = head.split("\n")
    if not separator or lines.pop(0) != TLOG_PROOF_HEADER:
        raise NoteError(f"malformed proof: it does not start with {TLOG_PROOF_HEADER}")
    extra = None
    if lines and lines[0].startswith("extra "):
        extra = decode_b64(_value(lines, "extra"), "malformed proof: extra")
    index = parse_decimal(_value(lines, "index"), "malformed proof: index")
    hashes = _hashes(lines)
    checkpoint = parse_checkpoint(checkpoint_text)
    return InclusionProofText(index, hashes, checkpoint_text, checkpoint, extra)


def verify_inclusion_proof(
    text: str, leaf_hash: bytes, keys: Keys, *, origin: str | None = None
) -> InclusionProofText:
    """Check a tlog-proof: a checkpoint signed by ``keys`` that includes ``leaf_hash``.

    Raises :class:`NoteError` for the text and signature,
    :class:`~chain_of_custody.merkle.ProofError` for the Merkle proof.
    """
    proof = parse_inclusion_proof(text)
    checkpoint = verify_checkpoint(proof.checkpoint_text, keys, origin=origin)
    verify_inclusion(
        leaf_hash, proof.index, checkpoint.size, proof.hashes, checkpoint.root
    )
    return proof


@dataclass(frozen=True)
class ConsistencyProofText:
    """A parsed ``indisputable/consistency-proof@v1`` text."""

    old_size: int
    new_size: int
    hashes: tuple[bytes, ...]


def format_consistency_proof(
    old_size: int, new_size: int, proof_hashes: Sequence[bytes]
) -> str:
    """Return the text form of the proof that ``new_size`` extends ``old_size``."""
    if not 0 <= old_size <= new_size:
        raise ValueError(f"old size {old_size} is outside 0..{new_size}")
    _check_hashes(proof_hashes)
    lines = [CONSISTENCY_PROOF_HEADER, f"old {old_size}", f"new {new_size}"]
    return _join([*lines, *(encode_b64(h) for h in proof_hashes)])


def parse_consistency_proof(text: str) -> ConsistencyProofText:
    """Parse the text made by :func:`format_consistency_proof`."""
    lines = text.split("\n")
    if lines.pop(0) != CONSISTENCY_PROOF_HEADER:
        raise NoteError(
            f"malformed proof: it does not start with {CONSISTENCY_PROOF_HEADER}"
        )
    if lines.pop():
        raise NoteError("malformed proof: it does not end with a newline")
    old_size = parse_decimal(_value(lines, "old"), "malformed proof: old size")
    new_size = parse_decimal(_value(lines, "new"), "malformed proof: new size")
    return ConsistencyProofText(old_size, new_size, _hashes(lines))


def verify_consistency_proof(text: str, old: Checkpoint, new: Checkpoint) -> None:
    """Check that ``new`` extends ``old``; verify both checkpoints' signatures first.

    Raises :class:`NoteError` for the text,
    :class:`~chain_of_custody.merkle.ProofError` for the Merkle proof.
    """
    proof = parse_consistency_proof(text)
    if old.origin != new.origin:
        raise NoteError(f"checkpoints are from {old.origin!r} and {new.origin!r}")
    if (proof.old_size, proof.new_size) != (old.size, new.size):
        raise NoteError(
            f"proof is from size {proof.old_size} to {proof.new_size}, "
            f"checkpoints are of sizes {old.size} and {new.size}"
        )
    verify_consistency(old.size, new.size, old.root, new.root, proof.hashes)
