"""Intake: exact hashes, write-once storage, one blob per bytes, custody on intake."""

import hashlib
import io
import os
import stat
import threading

import pytest
from django.db import connection

from chain_of_custody.models import CustodyEvent
from evidence.intake import FileTooLarge, Submission, ingest_evidence
from evidence.models import Blob, EvidenceItem
from storage.handler import primary_store

EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
ABC_SHA512 = (
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
    "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
)


def staging_files():
    return list((primary_store().root / "staging").iterdir())


@pytest.mark.django_db
def test_zero_byte_file_is_accepted_with_the_empty_sha256(ingest):
    item = ingest(b"", name="empty.txt")

    assert item.blob.sha256 == EMPTY_SHA256
    assert item.blob.size == 0
    assert primary_store().size(item.blob.store_key) == 0


@pytest.mark.django_db
def test_intake_records_exact_digests_and_an_ingestion_event(ingest, investigator):
    item = ingest(b"abc", name="abc.txt")

    assert item.blob.sha256 == ABC_SHA256
    assert item.blob.sha512 == ABC_SHA512
    assert item.blob.md5 == ""
    event = CustodyEvent.objects.get(item=item)
    assert (event.event_type, event.outcome, event.item_sha256) == (
        "ing",
        "success",
        ABC_SHA256,
    )
    assert event.actor_pid == str(investigator.custody_pid)
    assert event.detail.details["sha512"] == ABC_SHA512
    assert event.detail.details["claimed_filename"] == "abc.txt"
    assert event.detail.actor == investigator


@pytest.mark.django_db
def test_md5_only_when_a_setting_asks_for_it(ingest, settings):
    settings.INDISPUTABLE_COMPUTE_MD5 = True
    item = ingest(b"abc")
    assert item.blob.md5 == "900150983cd24fb0d6963f7d28e17f72"


@pytest.mark.django_db
def test_blob_is_stored_write_once_under_its_sha256(ingest):
    item = ingest(b"abc")

    assert item.blob.store_key == f"sha256/ba/78/{ABC_SHA256}"
    path = primary_store().local_path(item.blob.store_key)
    with open(path, "rb") as fh:
        assert fh.read() == b"abc"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o440
    assert staging_files() == []


@pytest.mark.django_db
def test_the_store_never_overwrites_a_blob():
    store = primary_store()
    first = store.write_once(io.BytesIO(b"original bytes"))
    path = store.local_path(first.key)
    second = store.write_once(io.BytesIO(b"original bytes"))

    assert (first.created, second.created) == (True, False)
    assert first.key == second.key
    assert os.stat(path).st_nlink == 1


@pytest.mark.django_db
def test_same_bytes_from_two_sources_are_two_items_sharing_one_blob(ingest):
    first = ingest(b"same bytes", name="a.jpg", source_note="from A")
    second = ingest(b"same bytes", name="b.jpg", source_note="from B")

    assert first.blob_id == second.blob_id
    assert Blob.objects.count() == 1
    assert first.reference != second.reference
    assert CustodyEvent.objects.filter(event_type="ing").count() == 2
    assert second.custody_events.get().detail.details["new_blob"] is False


@pytest.mark.django_db
def test_references_are_sequential_with_a_configurable_prefix(ingest, settings):
    settings.INDISPUTABLE_REFERENCE_PREFIX = "CAR"
    first, second = ingest(b"1"), ingest(b"2")
    year = first.submitted_at.year

    assert first.reference == f"CAR-{year}-000001"
    assert second.reference == f"CAR-{year}-000002"


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused_and_leaves_no_staging_file(ingest, settings):
    settings.INDISPUTABLE_MAX_UPLOAD_BYTES = 10

    with pytest.raises(FileTooLarge, match="larger than the limit of 10 bytes"):
        ingest(b"x" * 11)

    assert staging_files() == []
    assert EvidenceItem.objects.count() == 0
    assert Blob.objects.count() == 0


@pytest.mark.django_db
def test_a_stream_that_breaks_halfway_registers_nothing(investigator):
    class Broken(io.RawIOBase):
        sent = False

        def read(self, size=-1):
            if self.sent:
                raise ConnectionResetError("client went away")
            self.sent = True
            return b"x" * 1000

    with pytest.raises(ConnectionResetError):
        ingest_evidence(
            submitted_by=investigator,
            filename="cut.bin",
            submission=Submission(source_type="other"),
            stream=Broken(),
        )

    assert staging_files() == []
    assert EvidenceItem.objects.count() == 0
    assert CustodyEvent.objects.count() == 0


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "evil\x00.jpg",
        "photo\u202egpj.exe",
        "a" * 300 + ".jpg",
        "CON",
        "<script>alert(1)</script>.jpg",
    ],
)
@pytest.mark.django_db
def test_hostile_filenames_are_claims_never_paths(ingest, name):
    item = ingest(b"hostile " + name.encode("utf-8", "replace"), name=name)

    sha = item.blob.sha256
    assert item.blob.store_key == f"sha256/{sha[:2]}/{sha[2:4]}/{sha}"
    assert "\x00" not in item.original_filename
    assert "\u202e" not in item.original_filename
    stored = list(primary_store().root.rglob("*"))
    assert not any("passwd" in p.name or "script" in p.name for p in stored)


@pytest.mark.django_db
def test_control_characters_in_a_claimed_name_are_kept_visibly_escaped(ingest):
    item = ingest(b"x", name="evil\x00.jpg")
    assert item.original_filename == "evil\\u0000.jpg"
    item = ingest(b"y", name="photo\u202egpj.exe")
    assert item.original_filename == "photo\\u202egpj.exe"


@pytest.mark.django_db
def test_a_user_without_the_permission_cannot_submit(outsider):
    from evidence.access import AccessDenied

    with pytest.raises(AccessDenied, match="you may not submit evidence"):
        ingest_evidence(
            submitted_by=outsider,
            filename="x",
            submission=Submission(),
            stream=io.BytesIO(b"x"),
        )
    assert EvidenceItem.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_same_file_uploaded_twice_at_once_gives_one_blob_two_items(investigator):
    content = hashlib.sha256(b"seed").digest() * 4096
    barrier = threading.Barrier(2)
    errors = []

    def submit(note):
        try:
            barrier.wait()
            ingest_evidence(
                submitted_by=investigator,
                filename="same.bin",
                submission=Submission(source_type="other", source_note=note),
                stream=io.BytesIO(content),
            )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert Blob.objects.count() == 1
    assert EvidenceItem.objects.count() == 2
    assert CustodyEvent.objects.filter(event_type="ing").count() == 2
    seqs = sorted(CustodyEvent.objects.values_list("seq", flat=True))
    assert seqs == list(range(len(seqs)))
