"""render_derivatives: pixels only, upright, perceptual hash, refused bad images."""

from pathlib import Path

import exifread
import numpy as np
from PIL import Image
from PIL.JpegImagePlugin import JpegImageFile

from evidence.parsers import extract_metadata, render_derivatives
from evidence.parsers.images import TRUNCATED
from tests.evidence import samples

BOMB_ERROR = (
    "image refused as a decompression bomb: 900000000 pixels exceeds the limit of "
    "178956970 pixels"
)


def _render(path, out_dir, mime_type="image/jpeg", **options):
    out_dir.mkdir(exist_ok=True)
    return render_derivatives(str(path), mime_type, str(out_dir), **options)


def _distance(first: str, second: str) -> int:
    return (int(first, 16) ^ int(second, 16)).bit_count()


def _patch_mean(image: Image.Image, x: int, y: int) -> float:
    return float(np.asarray(image.crop((x - 8, y - 8, x + 8, y + 8))).mean())


def test_derivatives_are_listed_with_their_sizes(tmp_path):
    out = tmp_path / "out"

    result = _render(samples.camera_jpeg(tmp_path / "a.jpg"), out)

    assert result["derivatives"] == [
        {
            "kind": "thumbnail",
            "path": str(out / "thumbnail.jpg"),
            "width": 256,
            "height": 192,
            "mime_type": "image/jpeg",
        },
        {
            "kind": "preview",
            "path": str(out / "preview.jpg"),
            "width": 1280,
            "height": 960,
            "mime_type": "image/jpeg",
        },
    ]
    assert result["errors"] == []
    assert "skipped" not in result
    assert len(result["phash"]) == 16
    int(result["phash"], 16)


def test_derivatives_carry_no_metadata_at_all(tmp_path):
    original = samples.private_jpeg(tmp_path / "private.jpg")
    with original.open("rb") as file:
        assert "GPS GPSLatitude" in exifread.process_file(file, details=False)

    result = _render(original, tmp_path / "out")

    assert [d["kind"] for d in result["derivatives"]] == ["thumbnail", "preview"]
    for derivative in result["derivatives"]:
        with open(derivative["path"], "rb") as file:
            assert exifread.process_file(file, details=True) == {}
        with Image.open(derivative["path"]) as image:
            assert image.format == "JPEG"
            assert image.mode == "RGB"
            assert len(image.getexif()) == 0
            for key in ("exif", "icc_profile", "comment", "xmp"):
                assert key not in image.info
        data = Path(derivative["path"]).read_bytes()
        for secret in (b"Exif", b"Owner Name", b"ICC_PROFILE", b"adobe", b"Canon"):
            assert secret not in data


def test_exif_orientation_is_applied_to_the_pixels(tmp_path):
    result = _render(samples.private_jpeg(tmp_path / "rotated.jpg"), tmp_path / "out")

    preview = result["derivatives"][1]
    assert (preview["width"], preview["height"]) == (960, 1280)
    with Image.open(preview["path"]) as image:
        # Orientation 6 turns the picture a quarter clockwise: the white disc
        # centred at (352, 432) lands at (527, 352), the black box's centre at
        # (960, 840) lands at (119, 960).
        assert _patch_mean(image, 527, 352) > 215
        assert _patch_mean(image, 119, 960) < 40


def test_near_duplicate_hashes_close_and_unrelated_far(tmp_path):
    original = samples.camera_jpeg(tmp_path / "original.jpg")
    copy = tmp_path / "copy.jpg"
    small = Image.open(original).resize((800, 600), Image.Resampling.BILINEAR)
    copy.write_bytes(samples.jpeg_bytes(small, quality=55))
    other = samples.camera_jpeg(
        tmp_path / "other.jpg", picture=samples.unrelated_pixels()
    )

    hashes = [
        _render(path, tmp_path / path.stem)["phash"] for path in (original, copy, other)
    ]

    assert _distance(hashes[0], hashes[1]) <= 8
    assert _distance(hashes[0], hashes[2]) > 20


def test_truncated_jpeg_gives_no_derivative_and_says_why(tmp_path):
    out = tmp_path / "out"

    result = _render(samples.truncated_jpeg(tmp_path / "cut.jpg"), out)

    assert result == {
        "derivatives": [],
        "errors": [{"step": "render", "error": TRUNCATED}],
    }
    assert TRUNCATED == "image data is truncated: the file ends before the image does"
    assert list(out.iterdir()) == []


def test_decompression_bomb_is_refused_with_its_pixel_count(tmp_path):
    bomb = samples.bomb_png(tmp_path / "bomb.png")
    out = tmp_path / "out"
    assert bomb.stat().st_size < 200_000

    rendered = _render(bomb, out, "image/png")
    extracted = extract_metadata(str(bomb), "image/png")

    assert Image.MAX_IMAGE_PIXELS == 1024 * 1024 * 1024 // 4 // 3
    assert rendered == {
        "derivatives": [],
        "errors": [{"step": "render", "error": BOMB_ERROR}],
    }
    assert list(out.iterdir()) == []
    assert extracted == {
        "fields": {},
        "raw": {},
        "errors": [{"step": "image", "error": BOMB_ERROR}],
    }


def test_transparent_png_is_flattened_on_white(tmp_path):
    picture = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    picture.paste((200, 0, 0, 255), (0, 0, 200, 300))
    path = tmp_path / "logo.png"
    picture.save(path)

    result = _render(path, tmp_path / "out", "image/png")

    with Image.open(result["derivatives"][0]["path"]) as thumbnail:
        assert thumbnail.size == (256, 192)
        assert _patch_mean(thumbnail, 200, 96) > 245
        red, green, _ = thumbnail.getpixel((40, 96))
        assert red > 170
        assert green < 40


def test_sixteen_bit_greyscale_is_scaled_not_clipped(tmp_path):
    ramp = np.tile(np.linspace(0, 65535, 512, dtype=np.uint16), (64, 1))
    path = tmp_path / "scan.png"
    Image.fromarray(ramp).save(path)

    result = _render(path, tmp_path / "out", "image/png")

    with Image.open(result["derivatives"][1]["path"]) as preview:
        assert preview.size == (512, 64)
        assert _patch_mean(preview, 16, 32) < 30
        assert 100 < _patch_mean(preview, 256, 32) < 155


def test_large_jpeg_is_decoded_at_reduced_scale(tmp_path, monkeypatch):
    picture = samples.camera_pixels(4000, 3000)
    path = samples.camera_jpeg(tmp_path / "big.jpg", picture=picture)
    drafts = []
    draft = JpegImageFile.draft

    def spy(self, mode, size):
        drafts.append((mode, size, draft(self, mode, size)))
        return drafts[-1][2]

    monkeypatch.setattr(JpegImageFile, "draft", spy)

    result = _render(path, tmp_path / "out", thumb_px=200, preview_px=1000)

    # libjpeg decodes at quarter scale, the smallest that still covers 1000 px.
    assert drafts == [("RGB", (1000, 750), ("RGB", (0, 0, 1000.0, 750.0)))]
    assert [(d["width"], d["height"]) for d in result["derivatives"]] == [
        (200, 150),
        (1000, 750),
    ]


def test_small_image_keeps_its_size(tmp_path):
    path = tmp_path / "icon.gif"
    samples.camera_pixels(120, 80).convert("P").save(path)

    result = _render(path, tmp_path / "out", "image/gif")

    assert [(d["width"], d["height"]) for d in result["derivatives"]] == [
        (120, 80),
        (120, 80),
    ]


def test_types_without_a_renderer_are_skipped(tmp_path):
    pdf = samples.pdf_with_text(tmp_path / "a.pdf")
    html = samples.html_file(tmp_path / "a.html")

    assert _render(pdf, tmp_path / "out", "application/pdf") == {
        "derivatives": [],
        "errors": [],
        "skipped": "PDF pages are not rendered: no PDF renderer is installed",
    }
    assert _render(html, tmp_path / "out", "text/html") == {
        "derivatives": [],
        "errors": [],
        "skipped": "no renderer for text/html",
    }
    assert _render(html, tmp_path / "out", "image/svg+xml") == {
        "derivatives": [],
        "errors": [],
        "skipped": "no renderer for image/svg+xml",
    }


def test_large_image_below_the_bomb_limit_is_read_without_error(tmp_path):
    # 9,500 x 9,500 is over MAX_IMAGE_PIXELS (a warning) but under twice it.
    path = samples.bomb_png(tmp_path / "scan.png", side=9_500)

    result = extract_metadata(str(path), "image/png")

    assert result["errors"] == []
    assert result["fields"] == {"width": 9_500, "height": 9_500}
