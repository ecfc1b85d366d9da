"""After intake: metadata, derivatives without metadata, failures recorded, the
original untouched."""

import hashlib
import io

import exifread
import pytest
from PIL import Image

from chain_of_custody.models import CustodyEvent
from evidence import duplicates
from evidence.models import EvidenceItem
from storage.handler import primary_store
from tests.evidence import samples


@pytest.fixture
def analysed(ingest, django_capture_on_commit_callbacks):
    """Ingest a file and run its after-commit analysis, as the task backend would."""

    def _analysed(content: bytes, name: str, **submission) -> EvidenceItem:
        with django_capture_on_commit_callbacks(execute=True):
            item = ingest(content, name=name, **submission)
        item.refresh_from_db()
        return item

    return _analysed


def event(item, kind):
    return CustodyEvent.objects.select_related("detail").get(item=item, event_type=kind)


def blob_bytes(blob) -> bytes:
    with primary_store().open(blob.store_key) as fh:
        return fh.read()


@pytest.mark.django_db
def test_camera_metadata_is_extracted_and_recorded(analysed, tmp_path):
    content = samples.camera_jpeg(tmp_path / "c.jpg").read_bytes()

    item = analysed(content, "IMG_0001.JPG")

    assert item.metadata_status == "done"
    assert item.metadata["fields"]["capture_time"] == samples.TAKEN_ISO
    assert item.capture_time.isoformat() == "2024-03-05T11:22:31+00:00"
    assert item.capture_utc_offset == "+03:00"
    assert round(item.gps_latitude, 6) == samples.LATITUDE
    assert round(item.gps_longitude, 6) == samples.LONGITUDE
    assert item.gps_altitude == 179.5
    assert (item.device_make, item.device_model, item.device_serial) == (
        samples.MAKE,
        samples.MODEL,
        samples.SERIAL,
    )
    assert (item.width, item.height) == (samples.WIDTH, samples.HEIGHT)
    mee = event(item, "mee")
    assert mee.outcome == "success"
    assert mee.detail.details["errors"] == []
    assert blob_bytes(item.blob) == content


@pytest.mark.django_db
def test_thumbnails_and_previews_carry_no_metadata(analysed, tmp_path, investigator):
    from evidence.retrieval import display_derivative

    content = samples.private_jpeg(tmp_path / "p.jpg").read_bytes()

    item = analysed(content, "private.jpg")
    assert set(item.derivatives.values_list("kind", flat=True)) == {"thumbnail"}
    # The preview is made the first time someone opens it, and recorded then.
    preview = display_derivative(
        user=investigator, reference=item.reference, kind="preview"
    )

    kinds = {d.kind: d for d in item.derivatives.select_related("blob")}
    assert set(kinds) == {"thumbnail", "preview"}
    assert kinds["preview"] == preview
    for derivative in kinds.values():
        data = blob_bytes(derivative.blob)
        assert derivative.blob.sha256 == hashlib.sha256(data).hexdigest()
        image = Image.open(io.BytesIO(data))
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
        assert "icc_profile" not in image.info
        assert "comment" not in image.info
        assert "xmp" not in image.info
        assert exifread.process_file(io.BytesIO(data), details=False) == {}
        assert b"Owner Name" not in data
    assert max(kinds["thumbnail"].width, kinds["thumbnail"].height) == 256
    assert max(kinds["preview"].width, kinds["preview"].height) == 1280
    created = CustodyEvent.objects.filter(item=item, event_type="cre").order_by("seq")
    assert [e.outcome for e in created] == ["success", "success"]
    assert [[d["kind"] for d in e.detail.details["derivatives"]] for e in created] == [
        ["thumbnail"],
        ["preview"],
    ]
    assert CustodyEvent.objects.get(item=item, event_type="dsp").detail.details == {
        "what": "preview"
    }
    item.refresh_from_db()
    assert item.derivatives_status == "done"


@pytest.mark.django_db
def test_truncated_jpeg_is_stored_and_the_failure_recorded(analysed, tmp_path):
    content = samples.truncated_jpeg(tmp_path / "t.jpg").read_bytes()

    item = analysed(content, "cut.jpg")

    assert item.blob.sha256 == hashlib.sha256(content).hexdigest()
    assert blob_bytes(item.blob) == content
    cre = event(item, "cre")
    assert cre.outcome == "failure"
    assert cre.detail.summary == (
        "No derivatives: render: image data is truncated: the file ends before the "
        "image does"
    )
    assert item.derivatives_status == "failed"


@pytest.mark.django_db
def test_corrupt_exif_is_stored_and_the_failure_recorded(analysed, tmp_path):
    content = samples.corrupt_exif_jpeg(tmp_path / "x.jpg").read_bytes()

    item = analysed(content, "x.jpg")

    assert blob_bytes(item.blob) == content
    mee = event(item, "mee")
    assert mee.outcome == "failure"
    assert mee.detail.summary == (
        "Metadata extraction failed: exif: EXIF block is corrupt: it does not start "
        "with a TIFF header"
    )
    assert item.metadata_status == "failed"
    assert item.derivatives.filter(kind="thumbnail").exists()


@pytest.mark.django_db
def test_a_decompression_bomb_is_stored_without_thumbnail(analysed, tmp_path):
    content = samples.bomb_png(tmp_path / "bomb.png").read_bytes()

    item = analysed(content, "bomb.png")

    assert item.blob.mime_type == "image/png"
    assert blob_bytes(item.blob) == content
    assert not item.derivatives.exists()
    assert item.derivatives_status == "failed"
    cre = event(item, "cre")
    assert cre.outcome == "failure"
    assert cre.detail.summary == (
        "No derivatives: render: image refused as a decompression bomb: 900000000 "
        "pixels exceeds the limit of 178956970 pixels"
    )


@pytest.mark.django_db
def test_a_hanging_parser_is_stopped_by_the_time_limit(analysed, settings, monkeypatch):
    from evidence import analysis
    from tests.evidence.hostile import hanging_extract_metadata

    settings.INDISPUTABLE_PARSER_TIMEOUT = 1.0
    monkeypatch.setattr(analysis.parsers, "extract_metadata", hanging_extract_metadata)

    item = analysed(b"\xff\xd8\xff\xe1 crafted", "loop.jpg")

    mee = event(item, "mee")
    assert mee.outcome == "failure"
    assert mee.detail.summary == (
        "Metadata extraction failed: sandbox: metadata extraction stopped after "
        "1.0 s time limit"
    )
    assert item.metadata_status == "failed"
    assert EvidenceItem.objects.filter(pk=item.pk).exists()


@pytest.mark.django_db
def test_html_named_as_photo_gets_no_derivative(analysed):
    item = analysed(b"<!DOCTYPE html><html><body>hi</body></html>", "photo.jpg")

    assert item.blob.mime_type == "text/html"
    assert not item.derivatives.exists()
    assert item.derivatives_status == "n/a"
    assert not CustodyEvent.objects.filter(item=item, event_type="cre").exists()


@pytest.mark.django_db
def test_pdf_pages_and_text_are_extracted(analysed, tmp_path):
    content = samples.pdf_with_text(tmp_path / "s.pdf").read_bytes()

    item = analysed(content, "statement.pdf")

    assert item.page_count == 3
    for line in samples.PDF_PAGES:
        assert line in item.extracted_text


@pytest.mark.django_db
def test_near_duplicates_find_a_resized_recompressed_copy(analysed, tmp_path, analyst):
    original = samples.camera_jpeg(tmp_path / "o.jpg").read_bytes()
    smaller = samples.camera_pixels().resize((640, 480))
    copy = samples.jpeg_bytes(smaller, quality=60)
    unrelated = samples.jpeg_bytes(samples.unrelated_pixels())

    first = analysed(original, "o.jpg")
    second = analysed(copy, "copy.jpg")
    analysed(unrelated, "other.jpg")

    from evidence.access import visible_items

    found = duplicates.near_duplicates(first, visible_items(analyst))
    assert [item.pk for item, _ in found] == [second.pk]
    assert found[0][1] <= 6
