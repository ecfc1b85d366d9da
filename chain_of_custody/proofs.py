"""Proofs from the custody log against its signed checkpoints.

An inclusion proof is a C2SP tlog-proof: the leaf's canonical JSON (in ``extra``),
its index, the audit path and the signed checkpoint, so a holder of the public key
can check it alone. Consistency proofs join two stored checkpoints.
"""

from __future__ import annotations

from dataclasses import dataclass

from chain_of_custody import leaves, proof_texts, tree
from chain_of_custody.checkpoints import latest_checkpoint
from chain_of_custody.models import Checkpoint
from chain_of_custody.selectors import leaf_row


class ProofUnavailable(LookupError):
    """No checkpoint covers what was asked; the message says what to do."""


@dataclass(frozen=True)
class InclusionProof:
    seq: int
    leaf: bytes
    leaf_hash: bytes
    hashes: list[bytes]
    checkpoint: Checkpoint
    text: str


def inclusion(*, seq: int, checkpoint: Checkpoint | None = None) -> InclusionProof:
    """Prove event ``seq`` is in ``checkpoint`` (default: the latest)."""
    checkpoint = checkpoint or latest_checkpoint()
    if checkpoint is None:
        raise ProofUnavailable("no checkpoint yet: run `manage.py custody checkpoint`")
    if not 0 <= seq < checkpoint.size:
        raise ProofUnavailable(
            f"event {seq} is not in the latest checkpoint (size {checkpoint.size}); "
            "it will be in the next one"
        )
    row = leaf_row(seq)
    if row is None:
        raise ProofUnavailable(f"event {seq} is missing from the log")
    leaf = leaves.leaf_text(*row[:8]).encode()
    hashes = tree.inclusion_proof(seq=seq, size=checkpoint.size)
    text = proof_texts.format_inclusion_proof(seq, hashes, checkpoint.note, extra=leaf)
    return InclusionProof(seq, leaf, bytes.fromhex(row[8]), hashes, checkpoint, text)


def consistency(*, old_size: int, new_size: int) -> tuple[Checkpoint, Checkpoint, str]:
    """Prove the checkpoint of ``new_size`` extends the one of ``old_size``."""
    found = {}
    for size in (old_size, new_size):
        found[size] = Checkpoint.objects.filter(size=size).order_by("-id").first()
        if found[size] is None:
            raise ProofUnavailable(f"no checkpoint of size {size}")
    if old_size > new_size:
        raise ProofUnavailable(f"old size {old_size} is larger than new {new_size}")
    hashes = tree.consistency_proof(old_size=old_size, new_size=new_size)
    text = proof_texts.format_consistency_proof(old_size, new_size, hashes)
    return found[old_size], found[new_size], text
