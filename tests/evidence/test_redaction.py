"""Redacted and public versions: pixels only, boxes filled, approved by another."""

import hashlib
import io
import struct

import exifread
import pypdfium2 as pdfium
import pytest
from django.http import Http404
from PIL import Image, IptcImagePlugin

from accounts.models import SecurityEvent
from chain_of_custody.models import CustodyEvent
from evidence import redaction
from evidence.models import Derivative
from evidence.redaction import InvalidRegion, RedactionRefused, Region
from storage.handler import primary_store
from tests.conftest import make_user
from tests.evidence import samples

pytestmark = pytest.mark.django_db

REDACTED = Derivative.Kind.REDACTED
PUBLIC = Derivative.Kind.PUBLIC


def blob_bytes(blob) -> bytes:
    with primary_store().open(blob.store_key) as fh:
        return fh.read()


def with_iptc(jpeg: bytes, byline: bytes = b"Owner Name") -> bytes:
    """The JPEG with an APP13 Photoshop segment holding IPTC 2:80 (by-line)."""
    record = b"\x1c\x02\x50" + struct.pack(">H", len(byline)) + byline
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(record)) + record
    body = b"Photoshop 3.0\x00" + resource
    segment = b"\xff\xed" + struct.pack(">H", len(body) + 2) + body
    return jpeg[:2] + segment + jpeg[2:]


def custody(item, event_type):
    return list(
        CustodyEvent.objects.select_related("detail")
        .filter(item=item, event_type=event_type)
        .order_by("seq")
    )


@pytest.fixture
def approver(django_user_model):
    return make_user(django_user_model, "petra", "Analysts")


@pytest.fixture
def private_photo(ingest, tmp_path):
    content = with_iptc(samples.private_jpeg(tmp_path / "p.jpg").read_bytes())
    found = redaction.verify_no_metadata(content)
    assert {"EXIF (JPEG APP1)", "XMP (JPEG APP1)", "ICC profile (JPEG APP2)"} <= set(
        found
    )
    assert "IPTC/Photoshop (JPEG APP13)" in found
    assert "comment (JPEG COM)" in found
    assert "GPS (exifread)" in found
    return ingest(content, "photo.jpg")


def test_a_version_carries_none_of_the_originals_metadata(private_photo, investigator):
    version = redaction.make_version(
        private_photo, investigator, kind=REDACTED, regions=[Region(10, 20, 30, 40)]
    )
    data = blob_bytes(version.blob)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert redaction.verify_no_metadata(data) == []
    assert exifread.process_file(io.BytesIO(data), details=True) == {}
    for needle in (samples.SERIAL.encode(), b"Owner Name", b"Canon", b"adobe:ns:meta"):
        assert needle not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert IptcImagePlugin.getiptcinfo(image) is None
        for key in ("exif", "icc_profile", "xmp", "comment", "photoshop"):
            assert key not in image.info
        # The original says orientation 6 (turn 90°): the version is upright.
        assert image.size == (samples.HEIGHT, samples.WIDTH)
    assert version.version == 1
    assert version.created_by == investigator
    assert version.approved_by is None
    assert version.blob.sha256 == hashlib.sha256(data).hexdigest()
    assert version.blob.mime_type == "image/png"
    assert version.recipe["source_sha256"] == private_photo.blob.sha256


def test_boxed_pixels_are_the_fill_and_the_rest_untouched(ingest, investigator):
    picture = samples.camera_pixels(200, 100)
    original = io.BytesIO()
    picture.save(original, "PNG")
    item = ingest(original.getvalue(), "scene.png")
    version = redaction.make_version(
        item,
        investigator,
        kind=REDACTED,
        regions=[Region(10, 20, 30, 40), Region(100, 10, 60, 60, mode="blur")],
    )
    with Image.open(io.BytesIO(blob_bytes(version.blob))) as image:
        pixels = image.convert("RGB")
    assert pixels.crop((10, 20, 40, 60)).getcolors() == [(30 * 40, (0, 0, 0))]
    assert pixels.getpixel((9, 20)) == picture.getpixel((9, 20))
    assert pixels.getpixel((40, 59)) == picture.getpixel((40, 59))
    assert pixels.getpixel((10, 60)) == picture.getpixel((10, 60))
    # The blurred box keeps no detail: few distinct colours, far from the original.
    blurred = pixels.crop((100, 10, 160, 70))
    assert blurred.tobytes() != picture.crop((100, 10, 160, 70)).tobytes()
    rows = [blurred.getpixel((x, 30)) for x in range(60)]
    steps = sum(abs(a[0] - b[0]) for a, b in zip(rows, rows[1:], strict=False))
    original_row = [picture.getpixel((100 + x, 40)) for x in range(60)]
    original_steps = sum(
        abs(a[0] - b[0]) for a, b in zip(original_row, original_row[1:], strict=False)
    )
    assert steps < original_steps / 5


def test_crop_gives_exact_dimensions_in_upright_coordinates(
    private_photo, investigator
):
    version = redaction.make_version(
        private_photo,
        investigator,
        kind=PUBLIC,
        crop=Region(100, 200, 321, 123),
        regions=[Region(100, 200, 20, 20)],
    )
    assert (version.width, version.height) == (321, 123)
    data = blob_bytes(version.blob)
    assert data.startswith(b"\xff\xd8")
    assert redaction.verify_no_metadata(data) == []
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (321, 123)
        assert image.format == "JPEG"
        # The box at the crop's corner survives JPEG as near black.
        assert image.convert("L").crop((2, 2, 18, 18)).getextrema()[1] < 16


def test_pdf_page_is_rendered_and_redacted(ingest, investigator, tmp_path):
    item = ingest(samples.pdf_with_text(tmp_path / "s.pdf").read_bytes(), "s.pdf")
    # The whole document: a PDF of page images, no text layer, no author.
    whole = redaction.make_version(
        item, investigator, kind=REDACTED, regions=[Region(140, 220, 600, 45, page=1)]
    )
    data = blob_bytes(whole.blob)
    assert data.startswith(b"%PDF-")
    assert redaction.verify_no_metadata(data) == []
    assert b"Investigator 7" not in data
    assert whole.recipe["pages"] == 3
    document = pdfium.PdfDocument(data)
    assert len(document) == 3
    assert document[0].get_textpage().get_text_range().strip() == ""
    first = document[0].render(scale=150 / 72).to_pil().convert("L")
    assert first.size == (1241, 1754)  # A4 at 150 dpi
    # The line of text on page 1 is under the box; on page 2 it is still there.
    assert first.crop((145, 225, 735, 260)).getextrema()[1] < 16
    second = document[1].render(scale=150 / 72).to_pil().convert("L")
    assert second.crop((145, 225, 735, 260)).getextrema()[0] < 100
    assert second.crop((145, 225, 735, 260)).getextrema()[1] > 200
    document.close()
    # One chosen page: an image, for a public exhibit.
    page = redaction.make_version(
        item, investigator, kind=PUBLIC, page=2, regions=[Region(0, 0, 50, 50)]
    )
    assert (page.width, page.height) == (1241, 1754)
    assert page.blob.mime_type == "image/jpeg"
    assert page.recipe["page"] == 2
    # A box for a page that is not being made is refused, not silently dropped.
    with pytest.raises(InvalidRegion) as refused:
        redaction.make_version(
            item,
            investigator,
            kind=PUBLIC,
            page=2,
            regions=[Region(0, 0, 9, 9, page=3)],
        )
    assert str(refused.value) == (
        "region 1 is on page 3, but only page 2 is being made"
    )
    with pytest.raises(InvalidRegion, match="region 1 is on page 4, but the PDF has 3"):
        redaction.make_version(
            item, investigator, kind=REDACTED, regions=[Region(0, 0, 9, 9, page=4)]
        )
    with pytest.raises(InvalidRegion, match="page 5 does not exist: the PDF has 3"):
        redaction.make_version(item, investigator, kind=PUBLIC, page=5)


def test_a_region_outside_the_image_is_refused_clearly(ingest, investigator):
    image = io.BytesIO()
    samples.camera_pixels(200, 100).save(image, "PNG")
    item = ingest(image.getvalue(), "scene.png")
    with pytest.raises(InvalidRegion) as refused:
        redaction.make_version(
            item, investigator, kind=REDACTED, regions=[Region(150, 10, 60, 20)]
        )
    assert str(refused.value) == (
        "region 1 (x=150, y=10, width=60, height=20) does not fit inside the "
        "200×100 pixel image"
    )
    with pytest.raises(InvalidRegion, match="on page 2, but an image has one page"):
        redaction.make_version(
            item, investigator, kind=REDACTED, regions=[Region(0, 0, 5, 5, page=2)]
        )
    with pytest.raises(InvalidRegion, match="width and height must be positive"):
        Region(0, 0, 0, 5)
    with pytest.raises(InvalidRegion, match='mode must be "box" or "blur"'):
        Region(0, 0, 5, 5, mode="smudge")
    assert not Derivative.objects.filter(item=item, kind=REDACTED).exists()


def test_undecodable_original_is_refused_and_untouched(ingest, investigator, tmp_path):
    content = samples.truncated_jpeg(tmp_path / "t.jpg").read_bytes()
    item = ingest(content, "t.jpg")
    with pytest.raises(RedactionRefused) as refused:
        redaction.make_version(item, investigator, kind=PUBLIC)
    assert str(refused.value).startswith(
        "No public version was made: the original could not be decoded: "
    )
    assert str(refused.value).endswith("The original is unchanged.")
    assert not Derivative.objects.filter(item=item, kind=PUBLIC).exists()
    (failed,) = custody(item, "cre")
    assert failed.outcome == "failure"
    assert failed.detail.actor_label == investigator.username
    assert blob_bytes(item.blob) == content
    assert hashlib.sha256(content).hexdigest() == item.blob.sha256


def test_a_type_that_cannot_be_redacted_is_refused(ingest, investigator):
    item = ingest(b"just some notes", "notes.txt")
    with pytest.raises(RedactionRefused, match="text/plain files cannot be redacted"):
        redaction.make_version(item, investigator, kind=REDACTED)
    assert custody(item, "cre")[0].outcome == "failure"


def test_metadata_found_refuses_the_version(private_photo, investigator, monkeypatch):
    monkeypatch.setattr(redaction, "verify_no_metadata", lambda data: ["GPS (test)"])
    with pytest.raises(RedactionRefused, match="the new file still carries GPS"):
        redaction.make_version(private_photo, investigator, kind=PUBLIC)
    assert not Derivative.objects.filter(item=private_photo, kind=PUBLIC).exists()
    assert custody(private_photo, "cre")[-1].outcome == "failure"


def test_custody_records_creation_redaction_and_approval(
    private_photo, investigator, approver
):
    version = redaction.make_version(
        private_photo,
        investigator,
        kind=REDACTED,
        regions=[Region(0, 0, 10, 10)],
        legal_basis="Rule 81(4)",
        note="face of W-017",
    )
    (created,) = custody(private_photo, "cre")
    assert created.outcome == "success"
    assert created.detail.details["sha256"] == version.blob.sha256
    assert created.detail.details["version"] == 1
    assert created.detail.actor_label == investigator.username
    (redacted,) = custody(private_photo, "red")
    assert redacted.detail.details["act"] == "redaction"
    assert redacted.detail.details["legal_basis"] == "Rule 81(4)"
    assert (
        redacted.detail.summary
        == "Redacted version made (Rule 81(4)), awaiting approval"
    )

    with pytest.raises(RedactionRefused, match="someone other than the person"):
        redaction.approve(version, investigator)
    assert redaction.approved_version(private_photo, REDACTED) is None

    approved = redaction.approve(version, approver)
    assert approved.approved_by == approver
    assert approved.approved_at is not None
    assert redaction.approved_version(private_photo, REDACTED) == version
    assert redaction.approved_version(private_photo, PUBLIC) is None
    approval = custody(private_photo, "red")[-1]
    assert approval.detail.details == {
        "act": "approval",
        "kind": "redacted",
        "version": 1,
        "derivative_sha256": version.blob.sha256,
    }
    assert approval.detail.actor_label == approver.username
    with pytest.raises(RedactionRefused, match="already approved"):
        redaction.approve(version, make_user_with_approval("quinn"))


def make_user_with_approval(username):
    from django.contrib.auth import get_user_model

    return make_user(get_user_model(), username, "Publishers")


def test_versions_are_numbered_and_the_latest_approved_wins(
    private_photo, investigator, approver
):
    first = redaction.make_version(private_photo, investigator, kind=REDACTED)
    second = redaction.make_version(private_photo, investigator, kind=REDACTED)
    public = redaction.make_version(private_photo, investigator, kind=PUBLIC)
    assert (first.version, second.version, public.version) == (1, 2, 1)
    # Without regions there is nothing redacted: creation events only.
    assert custody(private_photo, "red") == []
    redaction.approve(first, approver)
    assert redaction.approved_version(private_photo, REDACTED) == first
    redaction.approve(second, approver)
    assert redaction.approved_version(private_photo, REDACTED) == second


def test_approval_needs_the_permission(private_photo, investigator, django_user_model):
    version = redaction.make_version(private_photo, investigator, kind=PUBLIC)
    other_investigator = make_user(django_user_model, "ines", "Investigators")
    with pytest.raises(redaction.access.AccessDenied):
        redaction.approve(version, other_investigator)
    assert SecurityEvent.objects.filter(
        kind="access_denied", user=other_investigator
    ).exists()
    version.refresh_from_db()
    assert version.approved_by is None


def test_a_user_who_cannot_see_the_item_gets_404_and_a_log_entry(
    ingest, investigator, outsider, approver
):
    item = ingest(samples.jpeg_bytes(samples.camera_pixels(64, 48)), "x.jpg")
    with pytest.raises(Http404):
        redaction.make_version(item, outsider, kind=PUBLIC)
    denied = SecurityEvent.objects.get(kind="access_denied", user=outsider)
    assert denied.target == f"evidence pk={item.pk}"
    assert not Derivative.objects.filter(item=item, kind=PUBLIC).exists()
    assert custody(item, "cre") == []

    secret = ingest(
        samples.jpeg_bytes(samples.camera_pixels(64, 48)),
        "w.jpg",
        sensitivity="confidential",
    )
    version = redaction.make_version(secret, investigator, kind=REDACTED)
    with pytest.raises(Http404):
        redaction.approve(version, approver)
    version.refresh_from_db()
    assert version.approved_by is None


# -- the staff screens ----------------------------------------------------------------


@pytest.fixture
def png_item(ingest):
    image = io.BytesIO()
    samples.camera_pixels(200, 100).save(image, "PNG")
    return ingest(image.getvalue(), "scene.png")


def test_item_page_makes_approves_and_downloads_versions(
    client, png_item, investigator, approver
):
    client.force_login(investigator)
    page = client.get(f"/admin/evidence/item/{png_item.reference}/")
    assert b"Redacted and public versions" in page.content
    assert b'action="/admin/evidence/item/' in page.content

    response = client.post(
        f"/admin/evidence/item/{png_item.reference}/versions/",
        {
            "kind": "redacted",
            "regions": "10, 20, 30, 40\n100 10 60 60 blur",
            "crop": "",
            "legal_basis": "Rule 81(4)",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{png_item.reference}/#versions")
    version = Derivative.objects.get(item=png_item, kind=REDACTED)
    assert [r["mode"] for r in version.recipe["regions"]] == ["box", "blur"]
    # The maker is offered no Approve button; the approver is.
    page = client.get(f"/admin/evidence/item/{png_item.reference}/")
    assert b"awaiting approval" in page.content
    assert b">Approve</button>" not in page.content

    client.force_login(approver)
    page = client.get(f"/admin/evidence/item/{png_item.reference}/")
    assert b">Approve</button>" in page.content
    approve_url = f"/admin/evidence/item/{png_item.reference}/versions/{version.pk}"
    assert client.post(f"{approve_url}/approve/").status_code == 302
    version.refresh_from_db()
    assert version.approved_by == approver

    download = client.get(f"{approve_url}/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/octet-stream"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert (
        f'filename="{png_item.reference}-redacted-v1.png"'
        in download["Content-Disposition"]
    )
    assert b"".join(download.streaming_content) == blob_bytes(version.blob)
    (downloaded,) = custody(png_item, "dis")
    assert downloaded.detail.summary == "Downloaded redacted version 1"
    assert downloaded.detail.details["sha256"] == version.blob.sha256


def test_a_bad_recipe_shows_the_form_again_with_the_reason(
    client, png_item, investigator
):
    client.force_login(investigator)
    url = f"/admin/evidence/item/{png_item.reference}/versions/"
    typo = client.post(url, {"kind": "public", "regions": "10, 20, thirty, 40"})
    assert typo.status_code == 400
    assert "Line 1: “10, 20, thirty, 40” is not x, y, width, height" in (
        typo.content.decode()
    )
    assert "10, 20, thirty, 40</textarea>" in typo.content.decode()
    outside = client.post(url, {"kind": "public", "regions": "150 10 60 20"})
    assert outside.status_code == 400
    assert "does not fit inside the 200×100 pixel image" in outside.content.decode()
    assert not Derivative.objects.filter(item=png_item, kind=PUBLIC).exists()


def test_an_outsider_cannot_make_approve_or_download(
    client, ingest, investigator, approver, outsider
):
    item = ingest(samples.jpeg_bytes(samples.camera_pixels(64, 48)), "w.jpg")
    version = redaction.make_version(item, investigator, kind=REDACTED)
    client.force_login(outsider)
    base = f"/admin/evidence/item/{item.reference}/versions/"
    # Without the admin permission the workspace turns them away before any view.
    assert client.post(base, {"kind": "public"}).status_code == 302
    client.force_login(make_user_with_approval("quinn"))
    confidential = ingest(
        samples.jpeg_bytes(samples.camera_pixels(64, 48)),
        "c.jpg",
        sensitivity="confidential",
    )
    secret = redaction.make_version(confidential, investigator, kind=REDACTED)
    secret_base = f"/admin/evidence/item/{confidential.reference}/versions/"
    assert client.post(secret_base, {"kind": "public"}).status_code == 404
    assert client.post(f"{secret_base}{secret.pk}/approve/").status_code == 404
    assert client.get(f"{secret_base}{secret.pk}/download/").status_code == 404
    # A version of another item is not reachable under this one's reference.
    assert client.get(f"{secret_base}{version.pk}/download/").status_code == 404
    assert SecurityEvent.objects.filter(kind="access_denied").count() >= 3
    secret.refresh_from_db()
    assert secret.approved_by is None
    assert custody(confidential, "dis") == []
