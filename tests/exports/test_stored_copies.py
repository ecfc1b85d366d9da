"""The export copies each stored blob and checks the copy in the bag against the
SHA-256 recorded at intake: a stored copy that changed stops the export, whether
the store hands over a local file (copied by the kernel) or a stream."""

import io
import os
from pathlib import Path

import bagit
import pytest

from cases.exports.bag import BagError
from cases.exports.models import Export
from cases.exports.operations import export_case
from chain_of_custody.models import CustodyEvent
from storage.handler import primary_store
from tests.exports.test_bundle import run_verify

pytestmark = pytest.mark.django_db

PHOTO = b"\xff\xd8\xff\xe0 photo of the market"


def corrupt_stored_photo(photo) -> None:
    """Flip one byte of the photo's copy in the primary store."""
    path = Path(primary_store().local_path(photo.blob.store_key))
    data = bytearray(path.read_bytes())
    assert bytes(data) == PHOTO
    data[5] ^= 0x01
    os.chmod(path, 0o600)
    path.write_bytes(bytes(data))


def streams_only(monkeypatch) -> None:
    """The primary store hands over streams, not files (as S3 does)."""
    store = primary_store()
    opened = type(store).open

    def open_as_stream(self, key):
        with opened(self, key) as stored:
            return io.BytesIO(stored.read())

    monkeypatch.setattr(type(store), "open", open_as_stream)


def assert_refused(case, lead, items, tmp_path, *, zip=False) -> None:  # noqa: A002
    before = CustodyEvent.objects.count()

    with pytest.raises(BagError) as refused:
        export_case(case=case, user=lead, out=tmp_path / "out", zip=zip)

    message = str(refused.value)
    assert message.startswith("evidence/TST-OTP-0001-0001.jpg: the stored copy")
    assert f"not {len(PHOTO)} bytes with {items[0].blob.sha256}" in message
    assert list((tmp_path / "out").iterdir()) == []  # nothing partial is left
    export = Export.objects.get()
    assert export.status == Export.Status.FAILED
    assert export.message == message
    assert not CustodyEvent.objects.filter(
        seq__gte=before, event_type__in=["exp", "pac"]
    ).exists()


def test_a_changed_stored_file_stops_the_export(case, lead, items, tmp_path):
    corrupt_stored_photo(items[0])

    assert_refused(case, lead, items, tmp_path)


def test_a_changed_stored_stream_stops_the_export(
    case, lead, items, tmp_path, monkeypatch
):
    corrupt_stored_photo(items[0])
    streams_only(monkeypatch)

    assert_refused(case, lead, items, tmp_path)


def test_a_changed_stored_file_stops_the_zipped_export(case, lead, items, tmp_path):
    corrupt_stored_photo(items[0])

    assert_refused(case, lead, items, tmp_path, zip=True)


def test_a_store_of_streams_exports_the_same_bytes(
    case, lead, items, tmp_path, monkeypatch
):
    streams_only(monkeypatch)

    export = export_case(case=case, user=lead, out=tmp_path)

    bag_dir = Path(export.path)
    bagit.Bag(str(bag_dir)).validate()
    assert run_verify(bag_dir).returncode == 0
    assert (bag_dir / "data/evidence/TST-OTP-0001-0001.jpg").read_bytes() == PHOTO
    manifest = (bag_dir / "manifest-sha512.txt").read_text()
    assert f"{items[0].blob.sha512}  data/evidence/TST-OTP-0001-0001.jpg" in manifest


def test_a_zip_writer_that_stops_early_leaves_nothing(
    case, lead, items, tmp_path, monkeypatch
):
    """stream-zip 0.0.84 could end a zip early without an error (its issue 189):
    a zip missing its last members is refused, not kept as a bundle."""
    import stream_zip

    real = stream_zip.stream_zip

    def stops_after_the_evidence(members, **options):
        def evidence_only():
            for member in members:
                if "/data/evidence/" not in member[0]:
                    return
                yield member

        yield from real(evidence_only(), **options)

    monkeypatch.setattr(stream_zip, "stream_zip", stops_after_the_evidence)

    with pytest.raises(BagError, match="the zip ended early; nothing was kept"):
        export_case(case=case, user=lead, out=tmp_path / "out", zip=True)

    assert list((tmp_path / "out").iterdir()) == []
    assert Export.objects.get().status == Export.Status.FAILED
