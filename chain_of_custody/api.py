"""Custody endpoints of the API: proofs against the signed checkpoints."""

import base64

from ninja import Router, Schema
from ninja.errors import HttpError

from chain_of_custody import proofs
from chain_of_custody.models import CustodyEvent
from evidence import access

router = Router(tags=["custody"])


def _b64(hashes: list[bytes]) -> list[str]:
    return [base64.b64encode(h).decode() for h in hashes]


class InclusionOut(Schema):
    seq: int
    leaf: str
    leaf_hash: str
    tree_size: int
    root: str
    hashes: list[str]
    checkpoint: str
    proof: str


class ConsistencyOut(Schema):
    old_size: int
    new_size: int
    hashes: list[str]
    old_checkpoint: str
    new_checkpoint: str
    proof: str


@router.get("/proofs/inclusion/{seq}", response=InclusionOut)
def inclusion(request, seq: int):
    """Inclusion proof of event ``seq`` in the latest checkpoint (C2SP tlog-proof)."""
    event = CustodyEvent.objects.select_related("item").filter(seq=seq).first()
    if event is None or (
        event.item is not None and not access.can_read_custody(request.user, event.item)
    ):
        raise HttpError(404, f"No event {seq}.")
    try:
        proof = proofs.inclusion(seq=seq)
    except proofs.ProofUnavailable as error:
        raise HttpError(409, str(error)) from error
    return InclusionOut(
        seq=seq,
        leaf=proof.leaf.decode(),
        leaf_hash=proof.leaf_hash.hex(),
        tree_size=proof.checkpoint.size,
        root=proof.checkpoint.root_hash,
        hashes=_b64(proof.hashes),
        checkpoint=proof.checkpoint.note,
        proof=proof.text,
    )


@router.get("/proofs/consistency", response=ConsistencyOut)
def consistency(request, old: int, new: int):
    """Proof that the checkpoint of size ``new`` extends the one of size ``old``."""
    try:
        old_checkpoint, new_checkpoint, text = proofs.consistency(
            old_size=old, new_size=new
        )
    except proofs.ProofUnavailable as error:
        raise HttpError(404, str(error)) from error
    hashes = text.splitlines()[3:]
    return ConsistencyOut(
        old_size=old,
        new_size=new,
        hashes=hashes,
        old_checkpoint=old_checkpoint.note,
        new_checkpoint=new_checkpoint.note,
        proof=text,
    )
