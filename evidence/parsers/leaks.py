"""Metadata left in a file that is meant to carry none (a redacted or public version).

Each format is read three ways where it can be: its own container structure (JPEG
segments, PNG chunks, the PDF's objects), Pillow and exifread. Whatever any of them
finds is reported; an empty list means all of them found nothing.
"""

from __future__ import annotations

import io
import struct
import warnings

import exifread
from PIL import Image, IptcImagePlugin

# PNG chunks that describe pixels only; any other chunk is reported.
_PNG_PIXEL_CHUNKS = frozenset(
    {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"pHYs", b"tRNS", b"gAMA", b"sRGB", b"sBIT"}
)
_JPEG_APP_NAMES = {
    (0xE1, b"Exif\x00"): "EXIF (JPEG APP1)",
    (0xE1, b"http://ns.adobe.com/xap/1.0/"): "XMP (JPEG APP1)",
    (0xE2, b"ICC_PROFILE"): "ICC profile (JPEG APP2)",
    (0xED, b"Photoshop 3.0"): "IPTC/Photoshop (JPEG APP13)",
}


def find_metadata(data: bytes) -> list[str]:
    """What metadata ``data`` carries, one finding per line; empty if none."""
    if data.startswith(b"%PDF-"):
        return _pdf_findings(data)
    if data.startswith(b"\xff\xd8"):
        found = _jpeg_segments(data)
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        found = _png_chunks(data)
    else:
        return ["unrecognised format: only JPEG, PNG and PDF can be checked"]
    found += _pillow_findings(data)
    found += _exifread_findings(data)
    return list(dict.fromkeys(found))


def _jpeg_segments(data: bytes) -> list[str]:
    found = []
    offset = 2
    while offset + 4 <= len(data):
        if data[offset] != 0xFF:
            found.append(f"JPEG structure broken at byte {offset}")
            break
        marker = data[offset + 1]
        if marker == 0xFF:
            offset += 1
            continue
        if marker in (0xD9, 0xDA):  # end of image, start of scan: no more segments
            break
        (length,) = struct.unpack(">H", data[offset + 2 : offset + 4])
        body = data[offset + 4 : offset + 2 + length]
        if marker == 0xFE:
            found.append("comment (JPEG COM)")
        elif 0xE0 <= marker <= 0xEF and not (
            marker == 0xE0 and body.startswith(b"JFIF\x00")
        ):
            names = [
                name
                for (code, prefix), name in _JPEG_APP_NAMES.items()
                if code == marker and body.startswith(prefix)
            ]
            found += names or [f"application data (JPEG APP{marker - 0xE0})"]
        offset += 2 + length
    return found


def _png_chunks(data: bytes) -> list[str]:
    found = []
    offset = 8
    while offset + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if kind not in _PNG_PIXEL_CHUNKS:
            label = {
                b"eXIf": "EXIF",
                b"iCCP": "ICC profile",
                b"tEXt": "text",
                b"zTXt": "text",
                b"iTXt": "text or XMP",
                b"tIME": "modification time",
            }.get(kind, "unknown")
            found.append(f"{label} (PNG {kind.decode('latin-1')} chunk)")
        offset += 12 + length
        if kind == b"IEND":
            break
    return found


def _pillow_findings(data: bytes) -> list[str]:
    found = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            image = Image.open(io.BytesIO(data))
        except Exception as exc:  # noqa: BLE001 - unreadable is itself a finding
            return [f"Pillow cannot read the file: {exc}"]
        with image:
            info = image.info
            for key, label in (
                ("exif", "EXIF"),
                ("icc_profile", "ICC profile"),
                ("xmp", "XMP"),
                ("XML:com.adobe.xmp", "XMP"),
                ("comment", "comment"),
                ("photoshop", "IPTC/Photoshop"),
            ):
                if info.get(key):
                    found.append(f"{label} (Pillow)")
            exif = image.getexif()
            if exif:
                found.append("EXIF (Pillow)")
            if exif.get_ifd(0x8825):
                found.append("GPS (Pillow)")
            if IptcImagePlugin.getiptcinfo(image):
                found.append("IPTC (Pillow)")
            text = getattr(image, "text", None)
            if text:
                found.append(f"text {sorted(text)} (Pillow)")
    return found


def _exifread_findings(data: bytes) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tags = exifread.process_file(io.BytesIO(data), details=True)
    found = []
    if any(name.startswith("GPS") for name in tags):
        found.append("GPS (exifread)")
    if tags:
        found.append(f"EXIF: {', '.join(sorted(tags)[:5])} (exifread)")
    return found


def _pdf_findings(data: bytes) -> list[str]:
    from pypdf import PdfReader
    from pypdf.generic import NameObject

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        root = reader.trailer["/Root"]
        found = []
        if reader.trailer.get("/Info") is not None and reader.metadata:
            found.append(f"PDF document information: {', '.join(reader.metadata)}")
        if NameObject("/Metadata") in root:
            found.append("XMP (PDF catalogue /Metadata)")
        names = root.get("/Names")
        if names is not None and "/EmbeddedFiles" in names.get_object():
            found.append("attached files (PDF /EmbeddedFiles)")
        for number, page in enumerate(reader.pages, start=1):
            if "/Metadata" in page or "/PieceInfo" in page:
                found.append(f"page {number} metadata (PDF)")
            found += [
                f"page {number} image: {finding}"
                for finding in _embedded_jpeg_findings(page)
            ]
    except Exception as exc:  # noqa: BLE001 - unreadable is itself a finding
        return [f"pypdf cannot read the file: {exc}"]
    return found


def _embedded_jpeg_findings(page) -> list[str]:
    """Segments of the JPEG images a page draws, read from their raw streams."""
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources else None
    found = []
    for ref in xobjects.get_object().values() if xobjects else []:
        xobject = ref.get_object()
        filters = xobject.get("/Filter")
        if filters == "/DCTDecode" or (
            isinstance(filters, list) and "/DCTDecode" in filters
        ):
            found += _jpeg_segments(xobject._data)  # noqa: SLF001 - the raw bytes
    return found
