"""Generated demo evidence: harmless pictures with camera metadata, a PDF, a statement.

Nothing here depicts violence; the files only exercise intake, metadata and custody.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw
from PIL.TiffImagePlugin import IFDRational

GPS_IFD = 0x8825
EXIF_IFD = 0x8769


@dataclass(frozen=True)
class DemoFile:
    name: str
    content: bytes
    title: str
    description: str
    source_type: str
    language: str = "en"


def _rational(value: float, denominator: int = 10000) -> IFDRational:
    return IFDRational(round(value * denominator), denominator)


def _dms(value: float) -> tuple[IFDRational, ...]:
    value = abs(value)
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = (value - degrees - minutes / 60) * 3600
    return (IFDRational(degrees, 1), IFDRational(minutes, 1), _rational(seconds))


def photo(
    *,
    seed: int,
    latitude: float,
    longitude: float,
    taken: dt.datetime,
    size: tuple[int, int] = (1280, 960),
    make: str = "DemoCam",
    model: str = "Field 1",
    serial: str = "DC-000000",
    quality: int = 85,
) -> bytes:
    """A landscape-like JPEG with EXIF capture time, offset, device and GPS."""
    rng = random.Random(seed)  # noqa: S311 - picture layout, not security
    width, height = size
    sky = Image.linear_gradient("L").resize(size).convert("RGB")
    sky = Image.blend(
        sky, Image.new("RGB", size, (rng.randrange(60, 140), 150, 220)), 0.6
    )
    draw = ImageDraw.Draw(sky)
    horizon = height * rng.randrange(50, 70) // 100
    draw.rectangle([0, horizon, width, height], fill=(70, rng.randrange(90, 140), 60))
    for _ in range(12):
        x, y = rng.randrange(width), rng.randrange(horizon, height)
        w, h = rng.randrange(30, 160), rng.randrange(20, 90)
        draw.rectangle(
            [x, y - h, x + w, y], fill=tuple(rng.randrange(80, 230) for _ in range(3))
        )
    # Sensor-like noise, so the JPEG is as large as a real photo of this size.
    noise = Image.effect_noise(size, 24).convert("RGB")
    sky = Image.blend(sky, noise, 0.25)
    exif = Image.Exif()
    exif[0x010F] = make
    exif[0x0110] = model
    exif[0x0131] = "Indisputable demo generator"
    exif[0x0112] = 1
    exif_ifd = exif.get_ifd(EXIF_IFD)
    exif_ifd[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    offset = taken.strftime("%z")
    exif_ifd[0x9011] = f"{offset[:3]}:{offset[3:]}"
    exif_ifd[0xA431] = serial
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N" if latitude >= 0 else "S"
    gps[2] = _dms(latitude)
    gps[3] = "E" if longitude >= 0 else "W"
    gps[4] = _dms(longitude)
    gps[5] = 0
    gps[6] = _rational(412.5, 10)
    out = io.BytesIO()
    sky.save(out, "JPEG", quality=quality, exif=exif.tobytes())
    return out.getvalue()


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf(lines: list[str]) -> bytes:
    """A one-page PDF with the given lines of Latin-1 text in Helvetica."""
    body = (
        "BT /F1 12 Tf 14 TL 72 720 Td "
        + " ".join(f"({_pdf_escape(line)}) Tj T*" for line in lines)
        + " ET"
    )
    stream = body.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref)
    )
    return out.getvalue()


def demo_files() -> list[DemoFile]:
    tz = dt.timezone(dt.timedelta(hours=3))
    photos = [
        DemoFile(
            name=f"IMG_{2040 + i}.JPG",
            content=photo(
                seed=i,
                latitude=lat,
                longitude=lon,
                taken=dt.datetime(2026, 3, 14, 9 + i, 12, 5, tzinfo=tz),
                serial=f"DC-10{i:04d}",
            ),
            title=f"Field photo {i + 1}: village outskirts",
            description="Generated demo photo (no real imagery).",
            source_type="witness",
        )
        for i, (lat, lon) in enumerate(
            [(15.501234, 32.559876), (15.503921, 32.561002), (15.498765, 32.557111)]
        )
    ]
    report = DemoFile(
        name="situation-report.pdf",
        content=pdf(
            [
                "Situation report (demo)",
                "Prepared for the Indisputable demonstration archive.",
                "All names and places in this document are fictitious.",
            ]
        ),
        title="Situation report (demo)",
        description="A generated one-page PDF.",
        source_type="partner",
    )
    statement = DemoFile(
        name="statement-P-0001.txt",
        content=(
            b"Typed statement of witness P-0001 (demo, fictitious).\n\n"
            b"I saw vehicles arrive at the market at about nine in the morning.\n"
        ),
        title="Statement of P-0001 (demo)",
        description="A typed statement; the witness is known only by pseudonym.",
        source_type="witness",
    )
    return [*photos, report, statement]
