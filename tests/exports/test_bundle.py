"""A court bundle end to end: a valid bag, verify.py passes, custody recorded."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import bagit
import pytest

from cases.exports.operations import export_case
from chain_of_custody.models import CustodyEvent

pytestmark = pytest.mark.django_db

VERIFY_TIMEOUT = 120


def run_verify(bag: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, "-I", str(bag / "verify.py"), *args],
        capture_output=True,
        text=True,
        timeout=VERIFY_TIMEOUT,
        check=False,
    )


def test_bundle_validates_with_bagit_and_verify_py(case, lead, items, tmp_path):
    export = export_case(case=case, user=lead, out=tmp_path)

    bag_dir = Path(export.path)
    bagit.Bag(str(bag_dir)).validate()
    result = run_verify(bag_dir)
    assert result.returncode == 0, result.stdout
    assert "VERDICT: VERIFIED" in result.stdout
    assert (bag_dir / "bagit.txt").read_text().startswith("BagIt-Version: 1.0\n")
    info = (bag_dir / "bag-info.txt").read_text()
    assert "Case-Reference: CASE-2026-006" in info
    assert "Item-Count: 3" in info
    assert f"Checkpoint-Size: {export.checkpoint.size}" in info
    assert f"Export-Id: {export.id}" in info
    names = sorted(p.name for p in (bag_dir / "data" / "evidence").iterdir())
    assert names == [
        "TST-OTP-0001-0001.jpg",
        "TST-OTP-0001-0002.pdf",
        "TST-OTP-0001-0002.stamped.pdf",
        "TST-OTP-0001-0005.txt",
    ]
    photo = bag_dir / "data" / "evidence" / "TST-OTP-0001-0001.jpg"
    assert photo.read_bytes() == b"\xff\xd8\xff\xe0 photo of the market"
    for name in (
        "manifest-sha256.txt",
        "manifest-sha512.txt",
        "tagmanifest-sha256.txt",
        "tagmanifest-sha512.txt",
    ):
        assert (bag_dir / name).exists()
    for name in ("matrix.pdf", "matrix.csv", "summary.txt"):
        assert (bag_dir / "data" / "case" / name).stat().st_size > 0


def test_custody_events_of_the_export(case, lead, items, tmp_path):
    before = CustodyEvent.objects.count()

    export = export_case(case=case, user=lead, out=tmp_path)

    exported = CustodyEvent.objects.filter(seq__gte=before, event_type="exp")
    assert sorted(e.item_id for e in exported) == sorted(i.pk for i in items)
    packing = CustodyEvent.objects.get(seq__gte=before, event_type="pac")
    assert packing.item_id is None
    assert packing.item_sha256 == export.bag_sha256
    assert packing.detail.details["package"] == export.name
    # The checkpoint was signed before any of them: it covers exactly what preceded.
    assert export.checkpoint.size == before
    bag_dir = Path(export.path)
    leaves = [
        json.loads(line)
        for line in (bag_dir / "data/custody/events.jsonl").read_text().splitlines()
    ]
    assert {leaf["item"] for leaf in leaves if leaf["type"] == "ing"} == {
        i.reference for i in items
    }
    assert all(leaf["seq"] < export.checkpoint.size for leaf in leaves)
    proofs = sorted((bag_dir / "data/custody/proofs").iterdir())
    assert len(proofs) == len(leaves)
    premis = (bag_dir / "data/custody/premis.xml").read_text()
    assert premis.count("<event>") == len(leaves)
    assert (
        'valueURI="http://id.loc.gov/vocabulary/preservation/eventType/ing"' in premis
    )


def test_zip_variant_holds_the_same_bag(case, lead, items, tmp_path):
    import zipfile

    export = export_case(case=case, user=lead, out=tmp_path / "zips", zip=True)

    archive = Path(export.path)
    assert archive.suffix == ".zip"
    assert export.file_sha256
    assert len(export.file_sha256) == 64
    with zipfile.ZipFile(archive) as zipped:
        assert zipped.testzip() is None
        zipped.extractall(tmp_path / "unzipped")
    bag_dir = tmp_path / "unzipped" / export.name
    bagit.Bag(str(bag_dir)).validate()
    assert run_verify(bag_dir).returncode == 0


@pytest.mark.parametrize("zip_chunk", [16, 1024 * 1024])
def test_zipped_evidence_is_byte_for_byte_stored_or_chunked(
    case, lead, items, tmp_path, monkeypatch, zip_chunk
):
    """Files of at most ZIP_CHUNK bytes are stored as they are; larger ones go in
    chunks through deflate at level 0. Either way the bytes are the originals."""
    import zipfile

    from cases.exports import bag

    monkeypatch.setattr(bag, "ZIP_CHUNK", zip_chunk)
    export = export_case(case=case, user=lead, out=tmp_path / "zips", zip=True)

    with zipfile.ZipFile(export.path) as zipped:
        evidence = [
            info
            for info in zipped.infolist()
            if "/data/evidence/" in info.filename and ".stamped." not in info.filename
        ]
        assert len(evidence) == len(items)
        for info in evidence:
            stored = info.file_size <= zip_chunk
            assert info.compress_type == (
                zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            ), info.filename
        assert zipped.testzip() is None
        zipped.extractall(tmp_path / "unzipped")
    bag_dir = tmp_path / "unzipped" / export.name
    bagit.Bag(str(bag_dir)).validate()
    originals = sorted(item.blob.sha256 for item in items)
    copies = sorted(
        hashlib.sha256(info_path.read_bytes()).hexdigest()
        for info_path in (bag_dir / "data/evidence").iterdir()
        if ".stamped." not in info_path.name
    )
    assert copies == originals
