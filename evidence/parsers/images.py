"""Images: dimensions, and derivatives rebuilt from pixels only.

A derivative is a new image made from the decoded pixels of the original and saved
with nothing else: no EXIF, XMP, ICC profile or comment is carried over, since
photos carry GPS positions, device serials and owner names there. Pillow's
decompression-bomb limit (``Image.MAX_IMAGE_PIXELS``) stays on.
"""

from __future__ import annotations

import math
import os
import re
import warnings
from collections.abc import Sequence
from typing import Any

import imagehash
from PIL import Image, ImageOps

from evidence.parsers import ParseError, Source, StepResult, describe_error

try:  # Phones save HEIC; the plugin is optional.
    from pillow_heif import register_heif_opener
except ImportError:  # pragma: no cover - depends on the installation
    HEIF_FORMATS: tuple[str, ...] = ()
else:
    register_heif_opener()
    HEIF_FORMATS = ("HEIF",)

# Which Pillow decoders may read each sniffed type: a file sniffed as one type is
# never handed to another format's parser.
IMAGE_FORMATS: dict[str, tuple[str, ...]] = {
    "image/jpeg": ("JPEG", "MPO"),
    "image/png": ("PNG",),
    "image/gif": ("GIF",),
    "image/webp": ("WEBP",),
    "image/tiff": ("TIFF",),
    "image/bmp": ("BMP",),
    "image/x-ms-bmp": ("BMP",),
    "image/avif": ("AVIF",),
    "image/heic": HEIF_FORMATS,
    "image/heif": HEIF_FORMATS,
}
TRUNCATED = "image data is truncated: the file ends before the image does"
_BOMB = re.compile(r"\((\d+) pixels\) exceeds limit of (\d+) pixels")
_JPEG_QUALITY = 85
_WHITE = (255, 255, 255, 255)


def open_image(path: str, mime_type: str) -> Image.Image:
    """Open ``path`` lazily (headers only) with the decoders allowed for its type."""
    formats = IMAGE_FORMATS.get(mime_type)
    if not formats:
        raise ParseError(f"no image decoder for {mime_type}")
    try:
        return Image.open(path, formats=formats)
    except Image.DecompressionBombError as exc:
        found = _BOMB.search(str(exc))
        if found is None:
            raise ParseError(f"image refused as a decompression bomb: {exc}") from None
        raise ParseError(
            f"image refused as a decompression bomb: {found[1]} pixels exceeds the "
            f"limit of {found[2]} pixels"
        ) from None
    except Image.UnidentifiedImageError:
        raise ParseError(f"the bytes are not a readable {mime_type} image") from None


def read_image(source: Source) -> StepResult:
    """Dimensions as stored (before any EXIF rotation) and the image's own chunks."""
    image = source.image()
    info = {
        key: f"<{len(value)} bytes>" if key == "icc_profile" and value else value
        for key, value in image.info.items()
        if key not in ("exif", "xmp", "comment")  # the exif step reports those
    }
    return StepResult(
        fields={"width": image.width, "height": image.height},
        raw={
            "format": image.format,
            "mode": image.mode,
            "frames": getattr(image, "n_frames", 1),
            "info": info,
        },
    )


def render(
    path: str,
    mime_type: str,
    out_dir: str,
    *,
    thumb_px: int,
    preview_px: int,
    kinds: Sequence[str] = ("thumbnail", "preview"),
) -> dict[str, Any]:
    """Write the preview and thumbnail; see ``evidence.parsers.render_derivatives``."""
    result: dict[str, Any] = {"derivatives": [], "errors": []}
    if mime_type == "application/pdf":
        result["skipped"] = "PDF pages are not rendered: no PDF renderer is installed"
        return result
    if not IMAGE_FORMATS.get(mime_type):
        result["skipped"] = f"no renderer for {mime_type}"
        return result
    try:
        largest = preview_px if "preview" in kinds else thumb_px
        pixels, problems = _decode(path, mime_type, largest)
        preview = _fit(pixels, preview_px)
        thumbnail = _fit(preview, thumb_px)
        for kind, image in (("thumbnail", thumbnail), ("preview", preview)):
            if kind in kinds:
                result["derivatives"].append(_save(image, out_dir, kind))
        result["phash"] = str(imagehash.phash(thumbnail))
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - untrusted input breaks decoders in any way
        result["errors"].append({"step": "render", "error": describe_error(exc)})
    else:
        result["errors"].extend({"step": "render", "error": p} for p in problems)
    return result


def _decode(path: str, mime_type: str, target_px: int) -> tuple[Image.Image, list[str]]:
    """The first frame's pixels, upright, as a fresh RGB image with no metadata."""
    problems = []
    with open_image(path, mime_type) as image:
        longest = max(image.size)
        if longest > target_px:
            # JPEG can decode at 1/2, 1/4 or 1/8 scale, never below the target.
            scale = target_px / longest
            size = (math.ceil(image.width * scale), math.ceil(image.height * scale))
            image.draft("RGB", size)
        try:
            image.load()
        except OSError as exc:
            if "truncated" in str(exc) or "broken data stream" in str(exc):
                raise ParseError(TRUNCATED) from None
            raise
        try:
            with warnings.catch_warnings():
                # Damaged EXIF is reported by extract_metadata, not here.
                warnings.simplefilter("ignore")
                ImageOps.exif_transpose(image, in_place=True)
        except Exception as exc:  # noqa: BLE001 - a damaged EXIF must not stop the pixels
            problems.append(
                f"EXIF orientation not applied, image shown as stored: "
                f"{describe_error(exc)}"
            )
        upright = _rgb(image)
        # Only the pixels go across: Image.new starts with empty info, so neither
        # EXIF, ICC profile, XMP nor comment can reach the encoder.
        clean = Image.new("RGB", upright.size)
        clean.paste(upright)
    return clean, problems


def _rgb(image: Image.Image) -> Image.Image:
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    ):
        # Transparent areas become white, as a viewer would show them on a page.
        background = Image.new("RGBA", image.size, _WHITE)
        background.alpha_composite(image.convert("RGBA"))
        return background.convert("RGB")
    if image.mode.startswith("I"):
        # 16- and 32-bit greyscale would clip to white if converted directly.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    return image.convert("RGB")


def _fit(image: Image.Image, longest: int) -> Image.Image:
    if max(image.size) <= longest:
        return image
    scale = longest / max(image.size)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    # A box reduction by the whole factor, then Lanczos for the rest: a fraction of
    # the cost of full Lanczos, and no visible difference at these sizes.
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=1.0)


def _save(image: Image.Image, out_dir: str, kind: str) -> dict[str, Any]:
    path = os.path.join(out_dir, f"{kind}.jpg")
    image.save(path, "JPEG", quality=_JPEG_QUALITY)
    return {
        "kind": kind,
        "path": path,
        "width": image.width,
        "height": image.height,
        "mime_type": "image/jpeg",
    }
