"""C2SP signed notes, checkpoints and proof texts."""

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from chain_of_custody.merkle import InMemoryTree, ProofError, leaf_hash
from chain_of_custody.merkle import consistency_proof as build_consistency_proof
from chain_of_custody.merkle import inclusion_proof as build_inclusion_proof
from chain_of_custody.merkle import root as tree_root
from chain_of_custody.notes import (
    Checkpoint,
    NoteError,
    generate_signer,
    key_id,
    parse_checkpoint,
    parse_note,
    sign_checkpoint,
    sign_note,
    signer_from_skey,
    verifier_from_vkey,
    verify_checkpoint,
    verify_note,
)
from chain_of_custody.proof_texts import (
    format_consistency_proof,
    format_inclusion_proof,
    parse_consistency_proof,
    parse_inclusion_proof,
    verify_consistency_proof,
    verify_inclusion_proof,
)

# The example in golang.org/x/mod/sumdb/note, the reference implementation.
GO_SKEY = (
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
)
GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_NOTE = (
    GO_TEXT + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1F"
    "FYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)

ORIGIN = "archive.example/custody"
SEED = bytes(range(32))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.fixture(scope="module")
def signer():
    return signer_from_skey(
        f"PRIVATE+KEY+{ORIGIN}+{expected_key_id().hex()}+" + b64(b"\x01" + SEED)
    )


def expected_key_id() -> bytes:
    public = Ed25519PrivateKey.from_private_bytes(SEED).public_key().public_bytes_raw()
    return hashlib.sha256(ORIGIN.encode() + b"\n\x01" + public).digest()[:4]


@pytest.fixture(scope="module")
def tree():
    return InMemoryTree(leaf_hash(i.to_bytes(4, "big")) for i in range(13))


def test_signs_and_verifies_the_go_reference_example_byte_for_byte():
    signer = signer_from_skey(GO_SKEY)
    assert signer.key_id.hex() == "c74f20a3"
    assert signer.vkey == GO_VKEY
    assert signer.skey == GO_SKEY
    assert sign_note(GO_TEXT, [signer]) == GO_NOTE
    assert verify_note(GO_NOTE, GO_VKEY) == GO_TEXT


def test_key_id_is_the_first_four_bytes_of_the_sha256_of_name_type_and_key(signer):
    public = Ed25519PrivateKey.from_private_bytes(SEED).public_key().public_bytes_raw()
    assert key_id(ORIGIN, public) == expected_key_id()
    assert signer.key_id == expected_key_id()
    encoded = b64(b"\x01" + public)
    assert signer.vkey == f"{ORIGIN}+{expected_key_id().hex()}+{encoded}"


def test_generated_keys_round_trip_through_their_text_forms():
    signer = generate_signer(ORIGIN)
    assert signer_from_skey(signer.skey).vkey == signer.vkey
    assert verifier_from_vkey(signer.vkey).vkey == signer.vkey
    assert "private_key" not in repr(signer)


def test_checkpoint_text_follows_tlog_checkpoint(signer):
    root = hashlib.sha256(b"root").digest()
    text = sign_checkpoint(ORIGIN, 8, root, signer)
    body, signature = text.split("\n\n")
    assert body == f"{ORIGIN}\n8\n{b64(root)}"
    prefix = f"— {ORIGIN} "
    assert signature.startswith(prefix)
    assert signature.endswith("\n")
    blob = base64.b64decode(signature.removeprefix(prefix))
    assert blob[:4] == signer.key_id
    signer.private_key.public_key().verify(blob[4:], f"{body}\n".encode())


def test_verified_checkpoint_carries_its_fields(signer):
    root = hashlib.sha256(b"root").digest()
    text = sign_checkpoint(ORIGIN, 8, root, signer, extensions=["ext one"])
    checkpoint = verify_checkpoint(text, signer.vkey, origin=ORIGIN)
    assert (checkpoint.origin, checkpoint.size, checkpoint.root) == (ORIGIN, 8, root)
    assert checkpoint.extensions == ("ext one",)
    assert checkpoint.body == f"{ORIGIN}\n8\n{b64(root)}\next one\n"
    assert [s.label for s in checkpoint.signatures] == [
        f"{ORIGIN}+{signer.key_id.hex()}"
    ]


def test_tampered_body_is_refused(signer):
    text = sign_checkpoint(ORIGIN, 8, bytes(32), signer).replace("\n8\n", "\n9\n")
    with pytest.raises(NoteError) as error:
        verify_checkpoint(text, signer.vkey)
    assert str(error.value) == f"bad signature from {ORIGIN}+{signer.key_id.hex()}"


def test_tampered_signature_is_refused(signer):
    text = sign_checkpoint(ORIGIN, 8, bytes(32), signer)
    body, line = text.split("\n\n")
    blob = bytearray(base64.b64decode(line.split(" ")[2]))
    blob[10] ^= 1
    forged = f"{body}\n\n— {ORIGIN} {b64(bytes(blob))}\n"
    with pytest.raises(NoteError) as error:
        verify_checkpoint(forged, signer.vkey)
    assert str(error.value) == f"bad signature from {ORIGIN}+{signer.key_id.hex()}"


def test_signature_by_another_key_is_refused(signer):
    impostor = generate_signer(ORIGIN)
    text = sign_checkpoint(ORIGIN, 8, bytes(32), impostor)
    with pytest.raises(NoteError) as error:
        verify_checkpoint(text, signer.vkey)
    assert str(error.value) == (
        f"no signature from a known key (signed by {ORIGIN}+{impostor.key_id.hex()})"
    )


def test_signatures_by_unknown_keys_are_ignored(signer):
    witness = generate_signer("witness.example")
    text = sign_note("cosigned\n", [witness, signer])
    assert verify_note(text, [signer.verifier]) == "cosigned\n"
    assert verify_note(text, [witness.vkey, signer.vkey]) == "cosigned\n"


def test_note_text_may_contain_blank_lines(signer):
    text = "first paragraph\n\nsecond paragraph\n"
    assert verify_note(sign_note(text, [signer]), signer.vkey) == text


def test_repeated_signature_by_a_known_key_is_refused(signer):
    text = sign_note("twice\n", [signer, signer])
    with pytest.raises(NoteError) as error:
        verify_note(text, signer.vkey)
    assert (
        str(error.value)
        == f"malformed note: {ORIGIN}+{signer.key_id.hex()} signed twice"
    )


def test_checkpoint_from_another_origin_is_refused(signer):
    text = sign_checkpoint("other.example/log", 1, bytes(32), signer)
    with pytest.raises(NoteError) as error:
        verify_checkpoint(text, signer.vkey, origin=ORIGIN)
    assert str(error.value) == f"checkpoint is from 'other.example/log', not '{ORIGIN}'"


SIG = "— a AAAAAAA=\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("text\n— a AAAAAAA=\n", "malformed note: no blank line before the signatures"),
        ("text\n\n", "malformed note: no signature lines"),
        ("text\n\n" + SIG[:-1], "malformed note: it does not end with a newline"),
        (
            "te\rxt\n\n" + SIG,
            "malformed note: it contains a control character other than newline",
        ),
        (
            "text\n\n- a AAAAAAA=\n",
            "malformed note: signature line 1 is not '— <name> <signature>'",
        ),
        (
            "text\n\n" + SIG + "— a b c\n",
            "malformed note: signature line 2 is not '— <name> <signature>'",
        ),
        (
            "text\n\n— a+b AAAAAAA=\n",
            "malformed note: signature line 1: "
            "key name 'a+b' is empty or contains a space or '+'",
        ),
        (
            "text\n\n— a A!AAAAA=\n",
            "malformed note: signature line 1: signature is not valid base64",
        ),
        ("text\n\n— a AAAAAQ==\n", "malformed note: signature line 1 is too short"),
        ("text\n\n" + SIG * 101, "malformed note: more than 100 signatures"),
    ],
)
def test_malformed_notes_are_refused(text, message):
    with pytest.raises(NoteError) as error:
        parse_note(text)
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("origin\n8\n", "malformed checkpoint: fewer than three lines"),
        ("\n8\n" + b64(bytes(32)) + "\n", "malformed checkpoint: empty origin"),
        (
            "origin\n08\n" + b64(bytes(32)) + "\n",
            "malformed checkpoint: tree size '08' "
            "is not a decimal without leading zeros",
        ),
        (
            "origin\n-1\n" + b64(bytes(32)) + "\n",
            "malformed checkpoint: tree size '-1' "
            "is not a decimal without leading zeros",
        ),
        (
            "origin\n8\n" + b64(bytes(31)) + "\n",
            "malformed checkpoint: root hash is not 32 bytes",
        ),
        (
            "origin\n8\n" + b64(bytes(32))[:-2] + "B=\n",
            "malformed checkpoint: root hash is not valid base64",
        ),
    ],
)
def test_malformed_checkpoints_are_refused(signer, body, message):
    with pytest.raises(NoteError) as error:
        parse_checkpoint(sign_note(body, [signer]))
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("vkey", "message"),
    [
        ("name+c74f20a3", "verifier key is not <name>+<key id>+<key>"),
        (
            "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "verifier key id 'C74F20A3' is not 8 lowercase hex digits",
        ),
        (
            "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "verifier key id c74f20a4 does not match the key",
        ),
        (
            "PeterNeumann+c74f20a3+Alpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "verifier key is not an Ed25519 key",
        ),
    ],
)
def test_malformed_verifier_keys_are_refused(vkey, message):
    with pytest.raises(NoteError) as error:
        verifier_from_vkey(vkey)
    assert str(error.value) == message


def test_signer_key_with_a_wrong_key_id_is_refused():
    with pytest.raises(NoteError) as error:
        signer_from_skey(GO_SKEY.replace("c74f20a3", "00000000"))
    assert str(error.value) == "signer key id 00000000 does not match the key"


@given(
    origin=st.text(
        st.characters(blacklist_categories=["Cc", "Cs"]), min_size=1, max_size=40
    ),
    size=st.integers(0, 2**64 - 1),
    root=st.binary(min_size=32, max_size=32),
    extensions=st.lists(st.text("abc xyz+/=", min_size=1, max_size=10), max_size=3),
)
def test_checkpoints_round_trip(signer, origin, size, root, extensions):
    text = sign_checkpoint(origin, size, root, signer, extensions=extensions)
    checkpoint = verify_checkpoint(text, signer.vkey, origin=origin)
    assert (checkpoint.size, checkpoint.root) == (size, root)
    assert checkpoint.extensions == tuple(extensions)


def test_inclusion_proof_text_follows_tlog_proof(signer, tree):
    checkpoint = sign_checkpoint(ORIGIN, 13, tree_root(tree, 13), signer)
    hashes = build_inclusion_proof(tree, 5, 13)
    text = format_inclusion_proof(5, hashes, checkpoint, extra=b"ERN CAR-OTP-0017")
    assert text == (
        "c2sp.org/tlog-proof@v1\n"
        f"extra {b64(b'ERN CAR-OTP-0017')}\n"
        "index 5\n" + "".join(f"{b64(h)}\n" for h in hashes) + "\n" + checkpoint
    )
    parsed = parse_inclusion_proof(text)
    assert (parsed.index, parsed.hashes, parsed.extra) == (
        5,
        tuple(hashes),
        b"ERN CAR-OTP-0017",
    )
    assert parsed.checkpoint_text == checkpoint
    assert verify_inclusion_proof(text, tree.subtree_hash(0, 5), signer.vkey) == parsed


def test_inclusion_proof_text_without_extra_or_hashes(signer):
    single = leaf_hash(b"only")
    checkpoint = sign_checkpoint(ORIGIN, 1, single, signer)
    text = format_inclusion_proof(0, [], checkpoint)
    assert text == "c2sp.org/tlog-proof@v1\nindex 0\n\n" + checkpoint
    assert (
        verify_inclusion_proof(text, single, signer.vkey, origin=ORIGIN).extra is None
    )


def test_inclusion_proof_text_for_another_leaf_is_refused(signer, tree):
    checkpoint = sign_checkpoint(ORIGIN, 13, tree_root(tree, 13), signer)
    text = format_inclusion_proof(5, build_inclusion_proof(tree, 5, 13), checkpoint)
    with pytest.raises(ProofError, match=r"^inclusion proof for leaf 5 leads to root "):
        verify_inclusion_proof(text, tree.subtree_hash(0, 6), signer.vkey)
    with pytest.raises(NoteError, match=r"^bad signature from "):
        verify_inclusion_proof(
            text.replace("\n13\n", "\n12\n"), leaf_hash(b""), signer.vkey
        )


@pytest.mark.parametrize(
    ("head", "message"),
    [
        (
            "c2sp.org/tlog-proof@v2\nindex 0\n",
            "malformed proof: it does not start with c2sp.org/tlog-proof@v1",
        ),
        ("c2sp.org/tlog-proof@v1\n", "malformed proof: no 'index ...' line"),
        (
            "c2sp.org/tlog-proof@v1\nextra AA==\n",
            "malformed proof: no 'index ...' line",
        ),
        (
            "c2sp.org/tlog-proof@v1\nindex 01\n",
            "malformed proof: index '01' is not a decimal without leading zeros",
        ),
        (
            "c2sp.org/tlog-proof@v1\nindex 1\nAAAA\n",
            "malformed proof: a hash is not 32 bytes",
        ),
        (
            "c2sp.org/tlog-proof@v1\nextra !\nindex 1\n",
            "malformed proof: extra is not valid base64",
        ),
    ],
)
def test_malformed_inclusion_proof_texts_are_refused(signer, head, message):
    checkpoint = sign_checkpoint(ORIGIN, 2, bytes(32), signer)
    with pytest.raises(NoteError) as error:
        parse_inclusion_proof(head + "\n" + checkpoint)
    assert str(error.value) == message


def test_consistency_proof_text_round_trips_and_verifies(signer, tree):
    old = verify_checkpoint(
        sign_checkpoint(ORIGIN, 6, tree_root(tree, 6), signer), signer.vkey
    )
    new = verify_checkpoint(
        sign_checkpoint(ORIGIN, 13, tree_root(tree, 13), signer), signer.vkey
    )
    hashes = build_consistency_proof(tree, 6, 13)
    text = format_consistency_proof(6, 13, hashes)
    assert text == (
        "indisputable/consistency-proof@v1\nold 6\nnew 13\n"
        + "".join(f"{b64(h)}\n" for h in hashes)
    )
    assert parse_consistency_proof(text).hashes == tuple(hashes)
    verify_consistency_proof(text, old, new)
    forked = Checkpoint(ORIGIN, 6, leaf_hash(b"forked"))
    with pytest.raises(
        ProofError, match=r"^consistency proof from 6 to 13 leads to old root"
    ):
        verify_consistency_proof(text, forked, new)


def test_consistency_proof_text_must_match_the_checkpoints():
    old, new = Checkpoint(ORIGIN, 6, bytes(32)), Checkpoint(ORIGIN, 13, bytes(32))
    text = format_consistency_proof(5, 13, [])
    with pytest.raises(NoteError) as error:
        verify_consistency_proof(text, old, new)
    assert (
        str(error.value)
        == "proof is from size 5 to 13, checkpoints are of sizes 6 and 13"
    )
    with pytest.raises(NoteError) as error:
        verify_consistency_proof(text, Checkpoint("elsewhere", 5, bytes(32)), new)
    assert str(error.value) == f"checkpoints are from 'elsewhere' and '{ORIGIN}'"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "c2sp.org/tlog-proof@v1\nold 1\nnew 2\n",
            "malformed proof: it does not start with indisputable/consistency-proof@v1",
        ),
        (
            "indisputable/consistency-proof@v1\nold 1\nnew 2",
            "malformed proof: it does not end with a newline",
        ),
        (
            "indisputable/consistency-proof@v1\nnew 2\nold 1\n",
            "malformed proof: no 'old ...' line",
        ),
        (
            "indisputable/consistency-proof@v1\nold 1\n",
            "malformed proof: no 'new ...' line",
        ),
        (
            "indisputable/consistency-proof@v1\nold 1\nnew 2\n\n",
            "malformed proof: a hash is not 32 bytes",
        ),
    ],
)
def test_malformed_consistency_proof_texts_are_refused(text, message):
    with pytest.raises(NoteError) as error:
        parse_consistency_proof(text)
    assert str(error.value) == message
