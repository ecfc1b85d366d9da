"""EXIF, XMP and comments of an image: when, where and with what it was taken.

Values are read with Pillow's EXIF reader from the image the image step opened.
Pillow skips damaged EXIF with warnings rather than errors; those warnings are
reported as problems so a partly readable block is neither trusted silently nor lost.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import warnings
from typing import Any

from PIL import ExifTags
from PIL.ExifTags import GPS

from evidence.parsers import Source, StepResult

TIFF_HEADERS = (b"II*\x00", b"MM\x00*")
NO_TIFF_HEADER = "EXIF block is corrupt: it does not start with a TIFF header"
_EXIF_DATETIME = re.compile(r"(\d{4})[:-](\d\d)[:-](\d\d)[ T](\d\d):(\d\d):(\d\d)")
_UTC_OFFSET = re.compile(r"([+-])(\d\d):?(\d\d)")
_IFDS = {
    "Exif": ExifTags.IFD.Exif,
    "GPS": ExifTags.IFD.GPSInfo,
    "Interop": ExifTags.IFD.Interop,
    "IFD1": ExifTags.IFD.IFD1,
}
# (time tag, offset tags in order of preference, sub-second tag)
_CAPTURE_TAGS = (
    (
        ExifTags.Base.DateTimeOriginal,
        (ExifTags.Base.OffsetTimeOriginal, ExifTags.Base.OffsetTime),
        ExifTags.Base.SubsecTimeOriginal,
    ),
    (
        ExifTags.Base.DateTimeDigitized,
        (ExifTags.Base.OffsetTimeDigitized, ExifTags.Base.OffsetTime),
        ExifTags.Base.SubsecTimeDigitized,
    ),
)
_CAMERA_SERIAL_NUMBER = 0xC62F  # DNG tag, for cameras that write no BodySerialNumber


def read_exif(source: Source) -> StepResult:
    """Normalised capture time, GPS position and device, plus every tag as raw."""
    image = source.image()
    result = StepResult()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exif = image.getexif()
        ifds: dict[str, dict[int, Any]] = {"IFD0": dict(exif)}
        for name, ifd in _IFDS.items():
            ifds[name] = dict(exif.get_ifd(ifd))
    warned = source.image_warnings + [
        str(w.message) for w in caught if issubclass(w.category, UserWarning)
    ]
    result.problems.extend(_damage(image.info.get("exif"), warned))
    result.raw = {name: _named(name, tags) for name, tags in ifds.items() if tags}
    for key, label in (("xmp", "XMP"), ("comment", "Comment")):
        if image.info.get(key):
            result.raw[label] = image.info[key]
    base, sub, gps = ifds["IFD0"], ifds["Exif"], ifds["GPS"]
    _capture_time(base, sub, result)
    _gps(gps, result)
    _device(base, sub, result)
    return result


def _damage(block: bytes | None, warned: list[str]) -> list[str]:
    problems = []
    if block:
        payload = block[6:] if block.startswith(b"Exif\x00\x00") else block
        if payload[:4] not in TIFF_HEADERS:
            problems.append(NO_TIFF_HEADER)
    messages = dict.fromkeys(" ".join(message.split()) for message in warned)
    if messages:
        problems.append(f"EXIF block is corrupt: {'; '.join(messages)}")
    return problems


def _named(ifd: str, tags: dict[int, Any]) -> dict[str, Any]:
    names = ExifTags.GPSTAGS if ifd == "GPS" else ExifTags.TAGS
    return {names.get(tag, f"0x{tag:04x}"): value for tag, value in tags.items()}


def _text(value: Any) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    return value.replace("\x00", " ").strip() or None


def _capture_time(base: dict[int, Any], sub: dict[int, Any], out: StepResult) -> None:
    tags = {**base, **sub}
    for time_tag, offset_tags, subsec_tag in _CAPTURE_TAGS:
        written = _text(tags.get(time_tag))
        if written is None or not written.strip("0: -"):
            continue  # absent, or blank or zeros: the camera did not know
        name = ExifTags.TAGS[time_tag]
        match = _EXIF_DATETIME.fullmatch(written)
        try:
            if match is None:
                raise ValueError
            moment = dt.datetime(*map(int, match.groups()))  # noqa: DTZ001 - offset applied below
        except ValueError:
            out.problems.append(f"{name} {written!r} is not a valid date and time")
            continue
        subsec = _text(tags.get(subsec_tag))
        if subsec and subsec.isdigit():
            moment = moment.replace(microsecond=int(subsec[:6].ljust(6, "0")))
        offset = _first_offset(tags, offset_tags, out)
        if offset is None:
            out.fields["capture_time"] = moment.isoformat()
            out.fields["capture_time_has_offset"] = False
        else:
            zone = dt.timezone(offset)
            out.fields["capture_time"] = moment.replace(tzinfo=zone).isoformat()
            out.fields["capture_time_has_offset"] = True
            out.fields["capture_utc_offset"] = _format_offset(offset)
        return


def _first_offset(
    tags: dict[int, Any], offset_tags: tuple[int, ...], out: StepResult
) -> dt.timedelta | None:
    for tag in offset_tags:
        written = _text(tags.get(tag))
        if written is None:
            continue
        match = _UTC_OFFSET.fullmatch(written)
        if match is None or int(match[2]) > 14 or int(match[3]) > 59:
            out.problems.append(
                f"{ExifTags.TAGS[tag]} {written!r} is not a UTC offset like +03:00"
            )
            continue
        sign = -1 if match[1] == "-" else 1
        return sign * dt.timedelta(hours=int(match[2]), minutes=int(match[3]))
    return None


def _format_offset(offset: dt.timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _number(value: Any) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(number)
    return number


def _coordinate(
    gps: dict[int, Any], tag: int, ref_tag: int, refs: str, limit: float
) -> float | str | None:
    """Decimal degrees, or a problem message, or None when the tag is absent."""
    name = ExifTags.GPSTAGS[tag]
    value = gps.get(tag)
    if value is None:
        return None
    parts = value if isinstance(value, tuple) else (value,)
    try:
        if not 1 <= len(parts) <= 3:
            raise ValueError(parts)
        degrees = sum(_number(p) / 60**i for i, p in enumerate(parts))
    except (TypeError, ValueError, ZeroDivisionError):
        return f"{name} {value!r} is not a number of degrees"
    ref = (_text(gps.get(ref_tag)) or "").upper()
    if ref not in refs:
        return f"{ExifTags.GPSTAGS[ref_tag]} {ref!r} is not one of {', '.join(refs)}"
    decimal = abs(degrees) * (-1 if ref == refs[1] else 1)
    if abs(decimal) > limit:
        return f"{name} {decimal:g} is out of range (-{limit:g} to {limit:g})"
    return round(decimal, 7)


def _gps(gps: dict[int, Any], out: StepResult) -> None:
    latitude = _coordinate(gps, GPS.GPSLatitude, GPS.GPSLatitudeRef, "NS", 90)
    longitude = _coordinate(gps, GPS.GPSLongitude, GPS.GPSLongitudeRef, "EW", 180)
    if latitude is None and longitude is None:
        return
    problems = [c for c in (latitude, longitude) if isinstance(c, str)]
    if latitude is None or longitude is None:
        problems.append("GPS position has only one of latitude and longitude")
    if problems:
        out.problems.extend(f"{p}; GPS position not used" for p in problems)
        return
    out.fields["gps_latitude"] = latitude
    out.fields["gps_longitude"] = longitude
    if GPS.GPSAltitude in gps:
        try:
            altitude = _number(gps[GPS.GPSAltitude])
        except (TypeError, ValueError, ZeroDivisionError):
            written = gps[GPS.GPSAltitude]
            out.problems.append(f"GPSAltitude {written!r} is not a number of metres")
            return
        ref = gps.get(GPS.GPSAltitudeRef, 0)
        below = ref in (1, b"\x01") or (isinstance(ref, bytes) and ref[:1] == b"\x01")
        out.fields["gps_altitude"] = round(-altitude if below else altitude, 3)


def _device(base: dict[int, Any], sub: dict[int, Any], out: StepResult) -> None:
    for key, tag, ifd in (
        ("device_make", ExifTags.Base.Make, base),
        ("device_model", ExifTags.Base.Model, base),
        ("software", ExifTags.Base.Software, base),
        ("device_serial", ExifTags.Base.BodySerialNumber, sub),
        ("device_serial", _CAMERA_SERIAL_NUMBER, base),
    ):
        text = _text(ifd.get(tag))
        if text is not None:
            out.fields.setdefault(key, text)
    orientation = base.get(ExifTags.Base.Orientation)
    if orientation is not None:
        if isinstance(orientation, int) and 1 <= orientation <= 8:
            out.fields["orientation"] = orientation
        else:
            out.problems.append(f"Orientation {orientation!r} is not one of 1 to 8")
