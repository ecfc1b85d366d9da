"""``manage.py storage audit``: reports what is wrong, deletes nothing."""

from __future__ import annotations

import io
import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from storage.fixity import run_fixity_audit
from storage.handler import primary_store


def audit(*args: str) -> tuple[bool, str]:
    out = io.StringIO()
    try:
        call_command("storage", "audit", *args, stdout=out)
    except CommandError as error:
        return False, out.getvalue() + str(error)
    return True, out.getvalue()


@pytest.mark.django_db
def test_a_sound_archive_passes_and_lists_each_blobs_last_fixity(ingest):
    item = ingest(b"a signed order")
    run_fixity_audit()

    ok, output = audit()

    assert ok, output
    assert "storage audit: all well" in output
    assert f"{item.blob.sha256} last fixity 20" in output


@pytest.mark.django_db
def test_problems_are_reported_nothing_is_deleted_and_the_exit_is_non_zero(
    settings, ingest
):
    settings.INDISPUTABLE_STAGING_GRACE_SECONDS = 0
    store = primary_store()
    kept = ingest(b"kept")
    lost = ingest(b"lost")
    os.unlink(store.local_path(lost.blob.store_key))
    stray = store.write_once(io.BytesIO(b"stored but never registered"))
    orphan = store.staging_writer()
    orphan.write(b"half an upload")

    ok, output = audit()

    assert not ok
    assert "primary: 1 orphan staging entries" in output
    assert "primary: 1 blobs with no row" in output
    assert "primary: 1 rows whose blob is missing" in output
    assert f"    {stray.key}" in output
    assert f"    {lost.blob.store_key}" in output
    assert orphan.staging_path in output
    assert f"{kept.blob.sha256} last fixity never" in output
    assert os.path.exists(orphan.staging_path), "never deletes"
    assert store.exists(stray.key), "never deletes"
    orphan.abort()


@pytest.mark.django_db
def test_overdue_and_failed_fixity_fail_the_audit(settings, ingest):
    settings.INDISPUTABLE_FIXITY_PERIOD_DAYS = 0
    ingest(b"an intercepted call")

    ok, output = audit("--summary")

    assert not ok
    assert "1 blobs overdue for a fixity check" in output
    assert "last fixity" not in output
