"""Sample evidence files for the parser tests, generated on the fly.

No binary fixture is committed: each function writes its file into a directory the
test owns, from fixed seeds, so the expected values below stay exact. The hostile
steps at the end are for the sandbox tests (``extract_metadata(steps=[...])``).
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import time
import zlib
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageCms, ImageDraw
from PIL.ExifTags import GPS, IFD, Base
from PIL.TiffImagePlugin import IFDRational

# What camera_jpeg() writes by default, and what extract_metadata must read back.
MAKE = "Canon"
MODEL = "Canon EOS R6"
SERIAL = "032021001234"
SOFTWARE = "Firmware Version 1.8.2"
TAKEN = "2024:03:05 14:22:31"
TAKEN_ISO = "2024-03-05T14:22:31+03:00"
OFFSET = "+03:00"
LATITUDE_DMS = ((50, 1), (27, 1), (36036, 1000))  # 50° 27' 36.036" N
LONGITUDE_DMS = ((30, 1), (31, 1), (2002, 100))  # 30° 31' 20.02" E
ALTITUDE = (1795, 10)  # 179.5 m
LATITUDE = 50.460010
LONGITUDE = 30.522228
WIDTH, HEIGHT = 1280, 960
PDF_PAGES = (
    "Witness statement W-017, page one.",
    "The convoy passed the checkpoint at 06:40.",
    "Signed and dated in Kyiv.",
)
HTML_TEXT = "Shelling reported near the bridge\nResidents fled east & south."


def camera_pixels(
    width: int = WIDTH, height: int = HEIGHT, seed: int = 7
) -> Image.Image:
    """A photo-like picture: smooth gradients, a few shapes, and sensor noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    base = np.stack(
        [x * 255 / width, y * 255 / height, 255 - (x + y) * 255 / (width + height)], -1
    )
    picture = Image.fromarray(base.astype(np.uint8))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((width * 0.1, height * 0.2, width * 0.45, height * 0.7), fill="white")
    draw.rectangle((width * 0.6, height * 0.5, width * 0.9, height * 0.9), fill="black")
    noisy = np.asarray(picture, np.float32) + rng.normal(0, 10, (height, width, 3))
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))


def unrelated_pixels(width: int = WIDTH, height: int = HEIGHT) -> Image.Image:
    """A picture with nothing in common with camera_pixels(): stripes and a grid."""
    y, x = np.mgrid[0:height, 0:width]
    stripes = ((np.sin(x / 23.0) + np.cos(y / 11.0 + x / 37.0)) * 60 + 128).clip(0, 255)
    grey = stripes.astype(np.uint8)
    grey[::97, :] = 0
    grey[:, ::131] = 255
    return Image.fromarray(grey).convert("RGB")


def full_exif(
    *,
    latitude: tuple[str, Any] = ("N", LATITUDE_DMS),
    longitude: tuple[str, Any] = ("E", LONGITUDE_DMS),
    offset: str | None = OFFSET,
    orientation: int = 1,
    taken: str = TAKEN,
) -> Image.Exif:
    """EXIF as a camera writes it: device, capture time with offset, GPS."""
    exif = Image.Exif()
    exif[Base.Make] = MAKE
    exif[Base.Model] = MODEL
    exif[Base.Software] = SOFTWARE
    exif[Base.Orientation] = orientation
    exif[Base.DateTime] = "2024:03:06 09:00:00"  # edited later: not the capture
    sub = exif.get_ifd(IFD.Exif)
    sub[Base.DateTimeOriginal] = taken
    sub[Base.DateTimeDigitized] = taken
    if offset is not None:
        sub[Base.OffsetTimeOriginal] = offset
    sub[Base.BodySerialNumber] = SERIAL
    gps = exif.get_ifd(IFD.GPSInfo)
    gps[GPS.GPSVersionID] = b"\x02\x03\x00\x00"
    gps[GPS.GPSLatitudeRef], gps[GPS.GPSLatitude] = latitude[0], _rationals(latitude[1])
    gps[GPS.GPSLongitudeRef] = longitude[0]
    gps[GPS.GPSLongitude] = _rationals(longitude[1])
    gps[GPS.GPSAltitudeRef] = b"\x00"
    gps[GPS.GPSAltitude] = IFDRational(*ALTITUDE)
    return exif


def _rationals(parts: Any) -> tuple[IFDRational, ...]:
    return tuple(IFDRational(n, d) for n, d in parts)


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def camera_jpeg(
    path: Path,
    *,
    exif: Image.Exif | None = None,
    picture: Image.Image | None = None,
    quality: int = 90,
    **extra: Any,
) -> Path:
    """A camera-like JPEG (about 400 KB at 1.2 megapixels) with full EXIF.

    ``extra`` goes to Pillow's JPEG writer: ``icc_profile``, ``comment``, ``xmp``.
    """
    picture = camera_pixels() if picture is None else picture
    exif = full_exif() if exif is None else exif
    picture.save(path, "JPEG", quality=quality, exif=exif, **extra)
    return path


def private_jpeg(path: Path) -> Path:
    """A JPEG carrying every kind of identifying metadata a derivative must drop."""
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/'
        b'1999/02/22-rdf-syntax-ns#"><rdf:Description dc:creator="Owner Name" '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/"/></rdf:RDF></x:xmpmeta>'
    )
    return camera_jpeg(
        path,
        exif=full_exif(orientation=6),
        icc_profile=srgb_profile(),
        comment=b"Owner: Owner Name, +380 44 000 0000",
        xmp=xmp,
    )


def truncated_jpeg(path: Path) -> Path:
    """A camera JPEG cut off 40% before its end, as by an interrupted upload."""
    whole = camera_jpeg(path).read_bytes()
    path.write_bytes(whole[: len(whole) * 6 // 10])
    return path


def corrupt_exif_jpeg(path: Path, *, damage: str = "header") -> Path:
    """A good JPEG whose EXIF block is damaged.

    ``header``: the TIFF header after "Exif\\0\\0" is garbage; ``offset``: the header
    is sound but points to a first directory far beyond the block's end.
    """
    data = camera_jpeg(path).read_bytes()
    start = data.index(b"\xff\xe1")
    length = struct.unpack(">H", data[start + 2 : start + 4])[0]
    tiff = data[start + 10 : start + 2 + length]
    if damage == "header":
        tiff = b"\x13\x37\x00\x2a" + tiff[4:]
    else:
        offset = struct.pack(">I" if tiff[:2] == b"MM" else "<I", 0x7FFFFFF0)
        tiff = tiff[:4] + offset + tiff[8:]
    block = b"Exif\x00\x00" + tiff
    segment = b"\xff\xe1" + struct.pack(">H", len(block) + 2) + block
    path.write_bytes(data[:start] + segment + data[start + 2 + length :])
    return path


def bomb_png(path: Path, side: int = 30_000) -> Path:
    """A one-colour PNG of side x side pixels (900 megapixels), ~100 KB on disk.

    Written chunk by chunk with zlib, one bit per pixel, so making it costs nothing
    like decoding it would.
    """
    row = b"\x00" * (1 + (side + 7) // 8)  # filter byte, then the packed pixels
    compressor = zlib.compressobj(9)
    rows_per_block = 1000
    idat = b"".join(
        compressor.compress(row * min(rows_per_block, side - done))
        for done in range(0, side, rows_per_block)
    )
    idat += compressor.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat)
    path.write_bytes(png + chunk(b"IEND", b""))
    return path


def pdf_with_text(path: Path, pages: tuple[str, ...] = PDF_PAGES) -> Path:
    """A PDF of one line of text per page, with an author in its document info."""
    from reportlab.pdfgen import canvas

    document = canvas.Canvas(str(path), invariant=True)
    document.setAuthor("Investigator 7")
    for line in pages:
        document.setFont("Helvetica", 12)
        document.drawString(72, 720, line)
        document.showPage()
    document.save()
    return path


def html_file(path: Path) -> Path:
    """A saved web page with a title, meta tags, a script and a stylesheet."""
    path.write_text(
        "<!doctype html><html><head><title>Field report</title>"
        '<meta charset="utf-8"><meta name="author" content="Local Reporter">'
        "<style>p { color: red }</style><script>var secret = 1;</script></head>"
        "<body><h1>Shelling reported near the bridge</h1>"
        "<p>Residents fled east &amp; south.</p></body></html>",
        encoding="utf-8",
    )
    return path


def video_mp4(path: Path) -> Path:
    """A 2-second MPEG-4 video with a creation time and a place, made by ffmpeg."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise RuntimeError("ffmpeg is not installed")
    subprocess.run(
        [ffmpeg, "-hide_banner", "-loglevel", "error", "-y"]
        + ["-f", "lavfi", "-i", "testsrc=duration=2:size=160x120:rate=10"]
        + ["-f", "lavfi", "-i", "sine=frequency=440:duration=2"]
        + ["-c:v", "mpeg4", "-c:a", "aac"]
        + ["-metadata", "creation_time=2024-03-05T11:22:31Z"]
        + ["-metadata", "location=+50.4501+030.5234/"]
        + ["-movflags", "use_metadata_tags", str(path)],
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return path


def jpeg_bytes(picture: Image.Image, **options: Any) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", **options)
    return buffer.getvalue()


# -- hostile steps: module-level so a sandbox worker can import them -----------------


def sleep_forever(source: Any) -> None:
    """A parser stuck in a loop."""
    time.sleep(3600)


def allocate_2_gib(source: Any) -> int:
    """A parser fooled into allocating far more memory than the file could need."""
    return len(bytearray(2 * 1024**3))


def crash(source: Any) -> None:
    """A parser that dies outright, as a segfaulting C library would."""
    os._exit(3)


def abort(source: Any) -> None:
    """A parser killed by a signal (SIGABRT), as a failed assertion in C would."""
    os.abort()


def worker_pid() -> int:
    """The process a sandboxed call ran in."""
    return os.getpid()


def nap(seconds: float) -> int:
    """Sleep, then say which worker slept."""
    time.sleep(seconds)
    return os.getpid()
