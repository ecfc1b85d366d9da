"""Fixity audits: rolling batches, a fix event per check, quarantine and repair."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest
from django.core import mail
from django.utils import timezone

from chain_of_custody.models import CustodyEvent
from storage import reading
from storage.fixity import run_fixity_audit
from storage.handler import blob_stores
from storage.models import BlobCopy, CopyStatus, Quarantine
from storage.wagtail_hooks import QuarantinePanel, fixity_banner


@pytest.fixture
def ingest_now(ingest, django_capture_on_commit_callbacks):
    def _ingest(content: bytes, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return ingest(content, **kwargs)

    return _ingest


def events_of(blob, event_type):
    return [
        e
        for e in CustodyEvent.objects.filter(event_type=event_type).order_by("seq")
        if e.item_sha256 == blob.sha256
    ]


@pytest.mark.django_db
def test_each_check_is_a_fix_event_and_the_time_is_kept(ingest):
    items = [ingest(f"exhibit {n}".encode()) for n in range(3)]

    run = run_fixity_audit()

    assert (run.checked, run.failed, run.unreachable) == (3, [], 0)
    for item in items:
        (event,) = CustodyEvent.objects.filter(item=item, event_type="fix")
        assert event.outcome == "success"
        assert event.item_sha256 == item.blob.sha256
        copy = BlobCopy.objects.get(blob=item.blob, store="primary")
        assert copy.last_fixity_at is not None
        assert copy.last_fixity_ok is True


@pytest.mark.django_db
def test_rolling_batches_check_every_copy_within_the_period(
    settings, ingest, monkeypatch
):
    settings.INDISPUTABLE_FIXITY_PERIOD_DAYS = 1
    settings.INDISPUTABLE_FIXITY_RUNS_PER_DAY = 10
    for n in range(30):
        ingest(f"photograph {n}".encode())
    start = timezone.now()
    clock = [start]
    monkeypatch.setattr(timezone, "now", lambda: clock[0])

    assert run_fixity_audit().checked == 30, "never checked: all are due at once"
    checked = []
    for run in range(1, 11):
        clock[0] = start + dt.timedelta(hours=2.4 * run)
        checked.append(run_fixity_audit().checked)

    assert checked == [3] * 10
    oldest = BlobCopy.objects.order_by("last_fixity_at").first().last_fixity_at
    assert oldest > start, "every copy was checked again within the day"


@pytest.mark.django_db
def test_corrupt_primary_is_detected_quarantined_and_repaired_from_the_replica(
    settings, s3, make_bucket, s3_config, ingest_now, django_capture_on_commit_callbacks
):
    settings.ADMINS = [("Archivist", "archivist@example.org")]
    settings.INDISPUTABLE_BLOB_STORES = {
        "primary": {**s3_config(make_bucket()), "REPLICAS": ["offsite"]},
        "offsite": s3_config(make_bucket()),
    }
    item = ingest_now(b"original satellite image", name="sat.tif")
    blob = item.blob
    primary = blob_stores["primary"]
    # Someone with write access shadows the locked version with other bytes.
    s3.client().put_object(
        Bucket=primary.bucket, Key=blob.store_key, Body=b"doctored satellite image"
    )
    assert not primary.verify(blob.store_key, blob.sha256)

    with django_capture_on_commit_callbacks(execute=True):
        run = run_fixity_audit(check_all=True)

    assert [r.copy.store for r in run.failed] == ["primary"]
    assert run.repaired == 1
    assert primary.verify(blob.store_key, blob.sha256)
    fixes = CustodyEvent.objects.filter(item=item, event_type="fix")
    assert sorted((e.detail.details["store"], e.outcome) for e in fixes) == [
        ("offsite", "success"),
        ("primary", "failure"),
    ]
    (quarantine_event,) = CustodyEvent.objects.filter(item=item, event_type="qua")
    assert quarantine_event.detail.details["store"] == "primary"
    assert "SHA-256" in quarantine_event.detail.details["problem"]
    repair = CustodyEvent.objects.get(
        item=item, event_type="rep", outcome="success", seq__gt=quarantine_event.seq
    )
    assert repair.detail.details == {
        **repair.detail.details,
        "repair": True,
        "store": "primary",
        "source": "offsite",
    }
    quarantine = Quarantine.objects.get(blob=blob)
    assert (quarantine.store, quarantine.repaired_from) == ("primary", "offsite")
    assert "version" in quarantine.kept_at, "the doctored version is kept"
    assert len(mail.outbox) == 1
    assert blob.sha256[:12] in mail.outbox[0].subject
    assert "fixity-banner" in fixity_banner()


@pytest.mark.django_db
def test_a_quarantined_local_copy_is_kept_and_reads_use_the_replica(
    settings, make_bucket, s3_config, local_config, ingest_now
):
    settings.INDISPUTABLE_BLOB_STORES = {
        "primary": {**local_config("primary"), "REPLICAS": ["offsite"]},
        "offsite": s3_config(make_bucket()),
    }
    item = ingest_now(b"ledger of the camp", name="ledger.pdf")
    path = blob_stores["primary"].local_path(item.blob.store_key)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    with open(path, "r+b") as fh:
        fh.write(b"L")

    run = run_fixity_audit(repair=False)

    assert len(run.failed) == 1
    assert not os.path.exists(path), "taken out of service"
    quarantine = Quarantine.objects.get(blob=item.blob)
    with open(quarantine.kept_at, "rb") as fh:
        assert fh.read() == b"Ledger of the camp", "kept as found"
    assert quarantine.repaired_at is None
    assert "not yet repaired" in fixity_banner()
    assert "not repaired" in QuarantinePanel().render_html({})
    with reading.open_blob(item.blob) as source:
        assert source.stream.read() == b"ledger of the camp"
    assert source.fallback

    assert run_fixity_audit().repaired == 1

    copy = BlobCopy.objects.get(blob=item.blob, store="primary")
    assert copy.status == CopyStatus.PRESENT
    with open(path, "rb") as fh:
        assert fh.read() == b"ledger of the camp"
    quarantine.refresh_from_db()
    assert quarantine.repaired_from == "offsite"
