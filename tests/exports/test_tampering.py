"""Each kind of tampering makes both the bagit package and verify.py fail, and
verify.py names it."""

from pathlib import Path

import bagit
import pytest

from cases.exports.operations import export_case
from chain_of_custody import notes
from tests.exports.test_bundle import run_verify

pytestmark = pytest.mark.django_db


def flip_payload_byte(bag: Path) -> str:
    photo = bag / "data/evidence/TST-OTP-0001-0001.jpg"
    data = bytearray(photo.read_bytes())
    data[5] ^= 0x01
    photo.write_bytes(bytes(data))
    return "data/evidence/TST-OTP-0001-0001.jpg has been altered: its SHA256 is"


def edit_custody_leaf(bag: Path) -> str:
    events = bag / "data/custody/events.jsonl"
    lines = events.read_text().splitlines(keepends=True)
    first = lines[0]
    assert '"outcome":"success"' in first
    lines[0] = first.replace('"outcome":"success"', '"outcome":"failure"')
    events.write_text("".join(lines))
    seq = first.split('"seq":')[1].split(",")[0]
    return (
        f"custody event #{seq}: the leaf in events.jsonl differs from the copy "
        "in its proof"
    )


def truncate_proof(bag: Path) -> str:
    proof = sorted((bag / "data/custody/proofs").iterdir())[0]
    head, _, checkpoint = proof.read_text().partition("\n\n")
    lines = head.split("\n")
    assert len(lines) > 3, "the proof has hashes to drop"
    proof.write_text("\n".join(lines[:-1]) + "\n\n" + checkpoint)
    return f"custody event #{proof.name.split('.')[0]}: the proof is too short"


def resign_checkpoint(bag: Path) -> str:
    path = bag / "data/custody/checkpoint.txt"
    text = path.read_text()
    body = text[: text.rfind("\n\n") + 1]
    origin = body.split("\n", 1)[0]
    forged = notes.sign_note(body, [notes.generate_signer(origin)])
    path.write_text(forged)
    for proof in (bag / "data/custody/proofs").iterdir():
        proof.write_text(proof.read_text().replace(text, forged))
    return "checkpoint: the checkpoint is not signed by the key"


@pytest.mark.parametrize(
    "tamper",
    [flip_payload_byte, edit_custody_leaf, truncate_proof, resign_checkpoint],
)
def test_tampering_fails_both_checks(case, lead, items, tmp_path, tamper):
    export = export_case(case=case, user=lead, out=tmp_path)
    bag_dir = Path(export.path)

    expected = tamper(bag_dir)

    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(bag_dir)).validate()
    result = run_verify(bag_dir)
    assert result.returncode == 1
    assert expected in result.stdout, result.stdout
    assert "VERDICT: NOT VERIFIED" in result.stdout


def test_verify_py_refuses_a_key_other_than_the_one_given(case, lead, items, tmp_path):
    export = export_case(case=case, user=lead, out=tmp_path)
    other = notes.generate_signer("indisputable.invalid/custody").vkey

    result = run_verify(Path(export.path), "--key", other)

    assert result.returncode == 1
    assert "the bundle's public key is not the key given with --key" in result.stdout
    assert "checkpoint: the checkpoint is not signed by the key" in result.stdout
