"""An investigator uploads two photos on the upload page and sees hashes and
thumbnails."""

import datetime as dt
import hashlib
import time

import pytest
from playwright.sync_api import expect

from chain_of_custody.models import CustodyEvent
from evidence.demo import photo
from evidence.models import EvidenceItem

pytestmark = pytest.mark.browser


def wait_for_loaded_images(
    page, selector: str, count: int, timeout: float = 30
) -> None:
    """Wait until ``count`` images matching ``selector`` have decoded pixels.

    Polled from Python: the pages' Content-Security-Policy forbids the string
    evaluation that ``wait_for_function`` would need, as it should.
    """
    deadline = time.monotonic() + timeout
    loaded = 0
    while time.monotonic() < deadline:
        loaded = page.locator(selector).evaluate_all(
            "images => images.filter(i => i.complete && i.naturalWidth > 0).length"
        )
        if loaded == count:
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"{loaded} of {count} images {selector!r} loaded")


TZ = dt.timezone(dt.timedelta(hours=2))


@pytest.mark.django_db(transaction=True)
def test_upload_two_files_and_see_sha256_and_thumbnails(
    logged_in, live_server, tmp_path
):
    page = logged_in
    files = []
    for seed in (1, 2):
        path = tmp_path / f"IMG_{seed}.JPG"
        path.write_bytes(
            photo(
                seed=seed,
                latitude=48.5 + seed,
                longitude=35.0,
                taken=dt.datetime(2026, 5, seed, 10, 0, tzinfo=TZ),
            )
        )
        files.append(path)
    expected = {hashlib.sha256(p.read_bytes()).hexdigest() for p in files}

    page.goto(f"{live_server.url}/admin/evidence/upload/")
    page.set_input_files("#id_files", [str(p) for p in files])
    page.select_option("#id_source_type", "witness")
    page.click("#evidence-upload-submit")
    expect(page.locator(".evidence-upload-sha256")).to_have_count(2, timeout=60_000)

    shown = set(page.locator(".evidence-upload-sha256").all_inner_texts())
    assert shown == expected
    wait_for_loaded_images(page, ".evidence-upload-thumb", 2)
    assert EvidenceItem.objects.count() == 2
    for item in EvidenceItem.objects.all():
        assert item.derivatives.filter(kind="thumbnail").exists()
        assert item.custody_events.filter(event_type="ing").count() == 1

    page.goto(f"{live_server.url}/admin/evidence/")
    wait_for_loaded_images(page, "img[data-evidence-thumbnail]", 2)
    assert CustodyEvent.objects.filter(event_type="dsp").count() >= 4
