"""Redacted versions, drawn in a sandbox worker from the untrusted original.

The original is decoded to pixels (a PDF's pages rendered with PDFium), boxes are
filled or blurred beyond recovery, an optional crop is applied, and the result is
encoded afresh from pixels alone: no EXIF, XMP, IPTC, ICC profile or comment can
reach the new file. Like the rest of ``evidence.parsers`` this imports no Django.

A recipe holds plain values: ``regions`` is a list of dicts with ``x``, ``y``,
``width``, ``height`` (pixels of the upright image, or of the page rendered at
``dpi``), ``mode`` ("box" or "blur") and ``page`` (``None``: every page);
``crop`` is one such box or ``None``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from PIL import Image, ImageDraw, ImageFilter

from evidence.parsers import ParseError
from evidence.parsers.images import IMAGE_FORMATS, _decode
from evidence.parsers.sandbox import labelled

FILL = (0, 0, 0)
# A blurred box keeps at most this many blocks along its longer side, each the
# average of its pixels, then a Gaussian blur wider than a block smears them.
_BLUR_BLOCKS = 6
_JPEG_QUALITY = 90
_FORMATS = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg")}


class RecipeError(ValueError):
    """The recipe does not fit the original (a box outside the image, no such page)."""


def _describe(box: dict[str, Any]) -> str:
    return f"x={box['x']}, y={box['y']}, width={box['width']}, height={box['height']}"


def _check_inside(box: dict[str, Any], size: tuple[int, int], what: str) -> None:
    width, height = size
    if box["x"] + box["width"] > width or box["y"] + box["height"] > height:
        raise RecipeError(
            f"{what} ({_describe(box)}) does not fit inside the {width}×{height} "
            "pixel image"
        )


def _blur(image: Image.Image, box: tuple[int, int, int, int]) -> None:
    patch = image.crop(box)
    block = max(1, max(patch.size) // _BLUR_BLOCKS, 8)
    small = (max(1, patch.width // block), max(1, patch.height // block))
    patch = patch.resize(small, Image.Resampling.BOX).resize(
        patch.size, Image.Resampling.NEAREST
    )
    patch = patch.filter(ImageFilter.GaussianBlur(radius=block))
    image.paste(patch, box[:2])


def apply(
    image: Image.Image,
    *,
    regions: list[dict[str, Any]],
    crop: dict[str, Any] | None,
    page: int | None = None,
) -> Image.Image:
    """Apply the boxes that concern ``page`` (1-based; ``None`` for an image), then
    the crop. Boxes and crop are in the coordinates of the whole uncropped image."""
    draw = ImageDraw.Draw(image)
    for number, region in enumerate(regions, start=1):
        if region.get("page") not in (None, page):
            continue
        _check_inside(region, image.size, f"region {number}")
        box = (
            region["x"],
            region["y"],
            region["x"] + region["width"],
            region["y"] + region["height"],
        )
        if region["mode"] == "blur":
            _blur(image, box)
        else:
            draw.rectangle((box[0], box[1], box[2] - 1, box[3] - 1), fill=FILL)
    if crop:
        _check_inside(crop, image.size, "the crop")
        image = image.crop(
            (
                crop["x"],
                crop["y"],
                crop["x"] + crop["width"],
                crop["y"] + crop["height"],
            )
        )
    return image


def _pdf_pages(path: str, dpi: int, page: int | None) -> Iterator[Image.Image]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        raise ParseError(f"the bytes are not a readable PDF: {exc}") from None
    try:
        count = len(document)
        if count == 0:
            raise ParseError("the PDF has no pages")
        if page is not None and not 1 <= page <= count:
            raise RecipeError(f"page {page} does not exist: the PDF has {count} pages")
        numbers = [page] if page is not None else range(1, count + 1)
        for number in numbers:
            pdf_page = document[number - 1]
            width, height = pdf_page.get_size()
            pixels = (width * dpi / 72) * (height * dpi / 72)
            if pixels > (Image.MAX_IMAGE_PIXELS or float("inf")):
                raise ParseError(
                    f"page {number} is too large to render ({pixels:.0f} pixels)"
                )
            rendered = pdf_page.render(scale=dpi / 72).to_pil()
            clean = Image.new("RGB", rendered.size)
            clean.paste(rendered.convert("RGB"))
            rendered.close()
            pdf_page.close()
            yield clean
    finally:
        document.close()


@labelled("redaction")
def render_version(
    path: str,
    mime_type: str,
    out_dir: str,
    *,
    regions: list[dict[str, Any]],
    crop: dict[str, Any] | None,
    page: int | None,
    image_format: str,
    dpi: int,
) -> dict[str, Any]:
    """Write the redacted version into ``out_dir`` and describe it.

    An image, or one chosen page of a PDF, becomes one image in ``image_format``
    (PNG or JPEG); a whole PDF becomes a PDF of its redacted page images, so
    no text, link, form or attachment of the original survives.
    """
    _check_pages(regions, page, image=mime_type != "application/pdf")
    if mime_type == "application/pdf":
        if page is not None:
            image = next(_pdf_pages(path, dpi, page))
            return _save_image(
                apply(image, regions=regions, crop=crop, page=page),
                out_dir,
                image_format,
                source_pages=1,
            )
        return _save_pdf(path, out_dir, regions=regions, crop=crop, dpi=dpi)
    if not IMAGE_FORMATS.get(mime_type):
        raise ParseError(f"{mime_type} files cannot be redacted here")
    if page not in (None, 1):
        raise RecipeError(f"page {page} does not exist: an image has one page")
    image, problems = _decode(path, mime_type, target_px=2**31)
    result = _save_image(
        apply(image, regions=regions, crop=crop, page=1),
        out_dir,
        image_format,
        source_pages=1,
    )
    result["problems"] = problems
    return result


def _check_pages(
    regions: list[dict[str, Any]], page: int | None, *, image: bool
) -> None:
    """A box meant for a page that is not being made is a mistake, not a no-op."""
    for number, region in enumerate(regions, start=1):
        wanted = region.get("page")
        if wanted is None:
            continue
        if image and wanted != 1:
            raise RecipeError(
                f"region {number} is on page {wanted}, but an image has one page"
            )
        if page is not None and wanted != page:
            raise RecipeError(
                f"region {number} is on page {wanted}, but only page {page} "
                "is being made"
            )


def _save_image(
    image: Image.Image, out_dir: str, image_format: str, *, source_pages: int
) -> dict[str, Any]:
    mime_type, extension = _FORMATS[image_format]
    out = os.path.join(out_dir, f"version.{extension}")
    options = {"quality": _JPEG_QUALITY} if image_format == "JPEG" else {}
    image.save(out, image_format, **options)
    return {
        "path": out,
        "mime_type": mime_type,
        "width": image.width,
        "height": image.height,
        "pages": source_pages,
        "problems": [],
    }


def _save_pdf(
    path: str,
    out_dir: str,
    *,
    regions: list[dict[str, Any]],
    crop: dict[str, Any] | None,
    dpi: int,
) -> dict[str, Any]:
    out = os.path.join(out_dir, "version.pdf")
    pages = 0
    size = (0, 0)
    for number, image in enumerate(_pdf_pages(path, dpi, None), start=1):
        redacted = apply(image, regions=regions, crop=crop, page=number)
        # Page by page, appended, so memory holds one page whatever the length.
        # Empty title and dates: Pillow then writes no document information.
        redacted.save(
            out,
            "PDF",
            append=pages > 0,
            resolution=float(dpi),
            quality=_JPEG_QUALITY,
            title="",
            creationDate=None,
            modDate=None,
        )
        pages += 1
        if number == 1:
            size = redacted.size
    unused = [
        n
        for n, region in enumerate(regions, start=1)
        if region.get("page") is not None and region["page"] > pages
    ]
    if unused:
        raise RecipeError(
            f"region {unused[0]} is on page {regions[unused[0] - 1]['page']}, "
            f"but the PDF has {pages} pages"
        )
    return {
        "path": out,
        "mime_type": "application/pdf",
        "width": size[0],
        "height": size[1],
        "pages": pages,
        "problems": [],
    }
