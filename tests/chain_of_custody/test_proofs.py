"""Proofs through the API and ``custody prove``, checked by an independent verifier.

The verifier below is written from RFC 9162 and the C2SP specs alone: it imports
nothing from chain_of_custody, as an auditor's own tool would.
"""

import base64
import hashlib
import io

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from custody_testing import append
from django.core.management import CommandError, call_command
from wagtail.models import APIToken

from chain_of_custody.checkpoints import create_checkpoint

pytestmark = pytest.mark.django_db


# --- an independent verifier (RFC 9162 §2.1.3.2, §2.1.4.2; C2SP signed-note) ---


def _h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def rfc9162_root_from_path(leaf_index, tree_size, leaf, path):
    if leaf_index >= tree_size:
        raise AssertionError("leaf index beyond tree")
    fn, sn, r = leaf_index, tree_size - 1, leaf
    for p in path:
        if sn == 0:
            raise AssertionError("path too long")
        if fn & 1 or fn == sn:
            r = _h(b"\x01" + p + r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = _h(b"\x01" + r + p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise AssertionError("path too short")
    return r


def rfc9162_verify_consistency(first, second, first_hash, second_hash, path):
    if first == second:
        return not path and first_hash == second_hash
    if first & (first - 1) == 0:  # a power of two: prepend first_hash
        path = [first_hash, *path]
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = _h(b"\x01" + c + fr)
            sr = _h(b"\x01" + c + sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = _h(b"\x01" + sr + c)
        fn >>= 1
        sn >>= 1
    return fr == first_hash and sr == second_hash and sn == 0


def open_checkpoint(text: str, vkey: str) -> tuple[int, bytes]:
    """Check the note's Ed25519 signature by ``vkey``; return (size, root)."""
    name, key_id_hex, key_b64 = vkey.split("+", 2)
    raw = base64.b64decode(key_b64)
    assert raw[0] == 1
    key_id = _h(name.encode() + b"\n\x01" + raw[1:])[:4]
    assert key_id.hex() == key_id_hex
    body, signatures = text.split("\n\n", 1)
    body += "\n"
    good = False
    for line in signatures.splitlines():
        signer, signature = line.removeprefix("\u2014 ").split(" ")
        blob = base64.b64decode(signature)
        if signer == name and blob[:4] == key_id:
            Ed25519PublicKey.from_public_bytes(raw[1:]).verify(blob[4:], body.encode())
            good = True
    assert good, "no signature by the key"
    origin, size, root = body.splitlines()[:3]
    return int(size), base64.b64decode(root)


def verify_tlog_proof_file(text: str, vkey: str) -> dict:
    """An auditor's check of a c2sp.org/tlog-proof@v1 file; returns the leaf."""
    head, checkpoint = text.split("\n\n", 1)
    lines = head.splitlines()
    assert lines[0] == "c2sp.org/tlog-proof@v1"
    leaf = base64.b64decode(lines[1].removeprefix("extra "))
    index = int(lines[2].removeprefix("index "))
    path = [base64.b64decode(line) for line in lines[3:]]
    size, root = open_checkpoint(checkpoint, vkey)
    assert rfc9162_root_from_path(index, size, _h(b"\x00" + leaf), path) == root
    import json

    return json.loads(leaf)


# --- the tests ---


@pytest.fixture
def api(client, investigator):
    _, plaintext = APIToken.create_token(user=investigator, name="auditor laptop")

    def get(path):
        return client.get(
            f"/api/v1/custody{path}", headers={"authorization": f"Bearer {plaintext}"}
        )

    return get


def test_a_proof_file_verifies_with_an_independent_rfc9162_verifier(
    signing_key, tmp_path, ingest
):
    item = ingest(b"exhibit")
    append(20)
    create_checkpoint()
    for seq in (0, 7, 20):
        out = tmp_path / f"proof-{seq}.txt"
        call_command(
            "custody", "prove", str(seq), "--out", str(out), stdout=io.StringIO()
        )
        leaf = verify_tlog_proof_file(out.read_text(), signing_key.vkey)
        assert leaf["seq"] == seq
    first = verify_tlog_proof_file(
        (tmp_path / "proof-0.txt").read_text(), signing_key.vkey
    )
    assert (first["type"], first["item"]) == ("ing", item.reference)
    assert first["item_sha256"] == item.blob.sha256


def test_a_flipped_bit_fails_the_independent_verifier(signing_key, tmp_path):
    append(9)
    create_checkpoint()
    out = tmp_path / "proof.txt"
    call_command("custody", "prove", "3", "--out", str(out), stdout=io.StringIO())
    lines = out.read_text().split("\n")
    path = bytearray(base64.b64decode(lines[3]))
    path[5] ^= 1
    lines[3] = base64.b64encode(bytes(path)).decode()
    with pytest.raises(AssertionError):
        verify_tlog_proof_file("\n".join(lines), signing_key.vkey)


def test_an_event_after_the_latest_checkpoint_cannot_be_proved_yet(
    signing_key, tmp_path
):
    append(4)
    create_checkpoint()
    append(1)
    with pytest.raises(CommandError, match="event 4 is not in the latest checkpoint"):
        call_command("custody", "prove", "4", "--out", str(tmp_path / "p"))


def test_inclusion_and_consistency_through_the_api(api, signing_key):
    append(6)
    old = create_checkpoint()
    append(7)
    new = create_checkpoint()
    response = api("/proofs/inclusion/4")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["tree_size"] == 13
    assert body["checkpoint"] == new.note
    leaf = verify_tlog_proof_file(body["proof"], signing_key.vkey)
    assert leaf["seq"] == 4
    response = api("/proofs/consistency?old=6&new=13")
    assert response.status_code == 200
    body = response.json()
    old_size, old_root = open_checkpoint(body["old_checkpoint"], signing_key.vkey)
    new_size, new_root = open_checkpoint(body["new_checkpoint"], signing_key.vkey)
    path = [base64.b64decode(h) for h in body["hashes"]]
    assert (old_size, new_size) == (old.size, new.size)
    assert rfc9162_verify_consistency(old_size, new_size, old_root, new_root, path)
    assert api("/proofs/consistency?old=5&new=13").status_code == 404
    assert api("/proofs/inclusion/99").status_code == 404


def test_the_api_refuses_proofs_without_a_token(client):
    assert client.get("/api/v1/custody/proofs/inclusion/0").status_code == 401


def test_the_prove_command_writes_consistency_proofs(signing_key, tmp_path):
    append(3)
    create_checkpoint()
    append(5)
    create_checkpoint()
    out = tmp_path / "consistency.txt"
    call_command(
        "custody",
        "prove",
        "--consistency",
        "3",
        "8",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    lines = out.read_text().splitlines()
    assert lines[:3] == ["indisputable/consistency-proof@v1", "old 3", "new 8"]
