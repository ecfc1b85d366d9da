"""Replicas: copied on intake, caught up after an outage, read for a bad primary."""

from __future__ import annotations

import io
import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from test_s3_store import PatternStream

from chain_of_custody.models import CustodyEvent
from evidence.models import Blob, EvidenceItem
from storage import reading
from storage.backends.base import BlobStoreError
from storage.handler import blob_stores
from storage.models import BlobCopy, CopyStatus

MiB = 1024 * 1024


@pytest.fixture
def ingest_now(ingest, django_capture_on_commit_callbacks):
    """Ingest and run what intake does on commit (analysis, replication)."""

    def _ingest(content: bytes, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return ingest(content, **kwargs)

    return _ingest


@pytest.fixture
def local_primary_s3_replica(settings, make_bucket, s3_config, local_config):
    settings.INDISPUTABLE_BLOB_STORES = {
        "primary": {**local_config("primary"), "REPLICAS": ["offsite"]},
        "offsite": s3_config(make_bucket()),
    }


@pytest.mark.django_db
def test_intake_copies_to_every_replica_with_a_rep_event(
    settings, make_bucket, s3_config, local_config, ingest_now
):
    settings.INDISPUTABLE_BLOB_STORES = {
        "primary": {**s3_config(make_bucket()), "REPLICAS": ["offsite", "vault"]},
        "offsite": s3_config(make_bucket()),
        "vault": local_config("vault"),
    }
    item = ingest_now(b"testimony of a survivor", name="statement.txt")

    copies = BlobCopy.objects.filter(blob=item.blob).order_by("store")
    assert [(c.store, c.status) for c in copies] == [
        ("offsite", CopyStatus.PRESENT),
        ("vault", CopyStatus.PRESENT),
    ]
    events = CustodyEvent.objects.filter(item=item, event_type="rep")
    assert sorted(e.detail.details["store"] for e in events) == ["offsite", "vault"]
    assert {e.outcome for e in events} == {"success"}
    for alias in ("offsite", "vault"):
        assert blob_stores[alias].verify(item.blob.store_key, item.blob.sha256)


@pytest.mark.django_db
def test_replica_down_intake_succeeds_and_replication_catches_up(
    settings, s3, local_primary_s3_replica, ingest_now
):
    s3.stop()
    item = ingest_now(b"drone footage", name="footage.mp4")

    assert EvidenceItem.objects.filter(pk=item.pk).exists()
    copy = BlobCopy.objects.get(blob=item.blob, store="offsite")
    assert copy.status == CopyStatus.PENDING
    assert copy.attempts == 1
    assert copy.last_error
    assert not CustodyEvent.objects.filter(event_type="rep").exists()
    settings.INDISPUTABLE_REPLICA_LAG_ALERT_SECONDS = 0
    with pytest.raises(CommandError, match="offsite: replica lags behind"):
        call_command("storage", "audit", stdout=io.StringIO())

    s3.start()
    out = io.StringIO()
    call_command("storage", "replicate", stdout=out)

    assert "1 copies made, 0 failed" in out.getvalue()
    copy.refresh_from_db()
    assert copy.status == CopyStatus.PRESENT
    event = CustodyEvent.objects.get(item=item, event_type="rep")
    assert event.outcome == "success"
    assert blob_stores["offsite"].verify(item.blob.store_key, item.blob.sha256)


@pytest.mark.django_db
def test_reading_falls_back_to_a_replica_and_says_so(
    local_primary_s3_replica, ingest_now
):
    item = ingest_now(b"a list of names", name="names.txt")
    path = blob_stores["primary"].local_path(item.blob.store_key)
    os.unlink(path)

    with reading.open_blob(item.blob) as source:
        assert source.stream.read() == b"a list of names"
    assert source.fallback
    assert source.store == "offsite"
    assert source.warning == (
        "Served from the replica 'offsite': primary copy is missing"
    )
    with reading.local_copy(item.blob) as copy:
        assert copy.fallback
        with open(copy.path, "rb") as fh:
            assert fh.read() == b"a list of names"
    assert not os.path.exists(copy.path), "the downloaded copy is removed"


@pytest.mark.django_db
def test_server_stopped_mid_upload_registers_nothing_and_a_retry_succeeds(
    settings, s3, make_bucket, s3_config, ingest, monkeypatch
):
    from storage.backends import s3 as s3_backend

    settings.INDISPUTABLE_BLOB_STORES = {"primary": s3_config(make_bucket())}
    settings.INDISPUTABLE_STAGING_GRACE_SECONDS = 0
    store = blob_stores["primary"]
    original = s3_backend.S3BlobStore._upload_part

    def stop_at_part_two(self, path, object_key, upload_id, number, size):
        if number == 2:
            s3.stop()
        return original(self, path, object_key, upload_id, number, size)

    monkeypatch.setattr(s3_backend.S3BlobStore, "_upload_part", stop_at_part_two)
    content = PatternStream(12 * MiB, seed=b"cut").read()
    with pytest.raises(BlobStoreError):
        ingest(content, name="video.mp4")

    assert not Blob.objects.exists()
    assert not EvidenceItem.objects.exists()
    assert not CustodyEvent.objects.filter(event_type="ing").exists()
    assert not list(store.staging_dir.iterdir()), "the spool is removed"

    s3.start()
    orphans = [name for name, _ in store.orphan_staging()]
    assert len(orphans) == 1, "the abort could not reach the server: audit lists it"
    assert "multipart upload" in orphans[0]
    assert not list(store.iter_keys())

    monkeypatch.setattr(s3_backend.S3BlobStore, "_upload_part", original)
    item = ingest(content, name="video.mp4")

    assert not item.is_exact_duplicate
    assert store.verify(item.blob.store_key, item.blob.sha256)
    assert CustodyEvent.objects.filter(item=item, event_type="ing").count() == 1


@pytest.mark.django_db
def test_a_download_falls_back_to_the_replica(
    local_primary_s3_replica, ingest_now, client, investigator
):
    item = ingest_now(b"a page of a statement", name="page.txt")
    os.unlink(blob_stores["primary"].local_path(item.blob.store_key))
    client.force_login(investigator)

    response = client.get(f"/admin/evidence/item/{item.reference}/original/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"a page of a statement"
    assert response["X-Indisputable-Served-From"] == "offsite"
    assert CustodyEvent.objects.filter(item=item, event_type="dis").count() == 1
