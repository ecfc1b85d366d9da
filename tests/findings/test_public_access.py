"""What the public can reach: live pages and their exhibit files, nothing else."""

import hashlib
import io
import re

import exifread
import pytest
from PIL import Image

from evidence.models import Derivative
from evidence.redaction import make_version

pytestmark = pytest.mark.django_db


def image_urls(html: str) -> list[str]:
    return re.findall(r'<img src="([^"]+)"', html)


def test_unpublished_pages_are_404_for_anonymous_readers(client, draft):
    assert client.get("/en/findings/shelling-of-the-market/").status_code == 404
    assert client.get(f"/en/findings/{draft.slug}/").status_code == 404


def test_every_image_a_public_page_links_to_carries_no_metadata(
    client, live_finding, public_version
):
    page = client.get(live_finding.url)
    urls = image_urls(page.content.decode())
    assert urls == [f"/exhibits/{public_version.pk}/{public_version.blob.sha256}.jpg"]

    for url in urls:
        response = client.get(url)
        data = b"".join(response.streaming_content)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert hashlib.sha256(data).hexdigest() == public_version.blob.sha256
        assert exifread.process_file(io.BytesIO(data), details=True) == {}
        with Image.open(io.BytesIO(data)) as image:
            assert dict(image.getexif()) == {}
            assert image.info.get("icc_profile") is None
            assert image.info.get("comment") is None
            assert "exif" not in image.info
            assert "xmp" not in image.info
            assert not image.applist or all(
                marker == "APP0" and payload.startswith(b"JFIF")
                for marker, payload in image.applist
            )


def test_the_page_states_the_hash_and_that_the_original_is_in_custody(
    client, live_finding, public_version
):
    html = client.get(live_finding.url).content.decode()

    assert f"<code>{public_version.blob.sha256}</code>" in html
    assert (
        f"The original ({public_version.item.reference}) is held under custody" in html
    )
    assert 'alt="The market square after the shelling"' in html


def test_originals_and_non_public_derivatives_are_404(
    client, live_finding, public_version, author
):
    item = public_version.item
    unapproved = make_version(item, author, kind="public")
    redacted = make_version(item, author, kind="redacted")
    others = list(Derivative.objects.filter(item=item).exclude(pk=public_version.pk))
    assert {d.kind for d in others} >= {"thumbnail", "public", "redacted"}
    assert unapproved in others
    assert redacted in others

    for derivative in others:
        for ext in ("jpg", "png"):
            url = f"/exhibits/{derivative.pk}/{derivative.blob.sha256}.{ext}"
            assert client.get(url).status_code == 404, derivative.kind
    # The original's bytes, under the public version's number or any other.
    assert (
        client.get(f"/exhibits/{public_version.pk}/{item.blob.sha256}.jpg").status_code
        == 404
    )
    # The right file under the wrong extension.
    url = f"/exhibits/{public_version.pk}/{public_version.blob.sha256}.png"
    assert client.get(url).status_code == 404


def test_evidence_urls_give_anonymous_readers_nothing(client, live_finding):
    reference = live_finding.exhibits.first().derivative.item.reference
    for url in (
        f"/admin/evidence/{reference}/",
        f"/admin/evidence/{reference}/original/",
        f"/admin/evidence/{reference}/derivative/thumbnail/",
        f"/api/v1/evidence/{reference}",
    ):
        response = client.get(url)
        assert response.status_code in (302, 401, 404), url
        assert reference.encode() not in response.content
    assert client.get(f"/en/evidence/{reference}/").status_code == 404


def test_an_unpublished_findings_exhibits_go_dark(client, live_finding):
    url = image_urls(client.get(live_finding.url).content.decode())[0]
    assert client.get(url).status_code == 200

    live_finding.unpublish()

    assert client.get(url).status_code == 404
    assert client.get(live_finding.url).status_code == 404


def test_exhibit_files_are_immutable_and_sandboxed(client, live_finding):
    url = image_urls(client.get(live_finding.url).content.decode())[0]

    response = client.get(url)

    assert response["Cache-Control"] == (
        "public, max-age=31536000, s-maxage=31536000, immutable"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert not response.cookies
