"""An investigator draws a box on a sideways photo's preview and makes a version."""

import io

import pytest
from playwright.sync_api import expect

from evidence.models import Derivative
from tests.browser.test_upload import wait_for_loaded_images
from tests.evidence import samples

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_a_box_drawn_on_the_preview_is_measured_on_the_upright_original(
    logged_in, live_server, ingest, tmp_path, django_capture_on_commit_callbacks
):
    page = logged_in
    content = samples.private_jpeg(tmp_path / "p.jpg").read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        item = ingest(content, "p.jpg")
    item.refresh_from_db()
    # Stored 1280 × 960 with "turn 90°": upright it is 960 × 1280.
    assert (item.width, item.height) == (samples.WIDTH, samples.HEIGHT)

    page.goto(f"{live_server.url}/admin/evidence/item/{item.reference}/")
    wait_for_loaded_images(page, "img.evidence-preview", 1)
    expect(page.locator(".evidence-draw")).to_have_count(1)
    rect = page.locator("img.evidence-preview").bounding_box()
    page.mouse.move(rect["x"] + rect["width"] / 4, rect["y"] + rect["height"] / 4)
    page.mouse.down()
    page.mouse.move(rect["x"] + rect["width"] / 2, rect["y"] + rect["height"] / 2)
    page.mouse.up()

    regions = page.locator("#id_regions")
    expect(regions).not_to_have_value("")
    x, y, width, height = (int(v) for v in regions.input_value().split(","))
    assert (x, y, width, height) == pytest.approx((240, 320, 240, 320), abs=4)
    page.fill("#id_legal_basis", "Rule 81(4)")
    page.click("#make-version button[type=submit]")
    expect(page.locator("#version-list")).to_contain_text("awaiting approval")

    version = Derivative.objects.get(item=item, kind="redacted")
    assert version.recipe["regions"] == [
        {"x": x, "y": y, "width": width, "height": height, "mode": "box", "page": None}
    ]
    from PIL import Image

    from storage.handler import primary_store

    with primary_store().open(version.blob.store_key) as fh:
        image = Image.open(io.BytesIO(fh.read())).convert("RGB")
    assert image.size == (samples.HEIGHT, samples.WIDTH)
    inside = image.crop((x, y, x + width, y + height))
    assert inside.getcolors() == [(width * height, (0, 0, 0))]
