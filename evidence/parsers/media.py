"""Audio and video: duration, codecs, creation time and place, read by ffprobe.

ffprobe only reads local files here (``-protocol_whitelist file``) and only with the
demuxers of ordinary recordings (``-format_whitelist``): a playlist or concat file
dressed up as a video cannot make it fetch URLs or other files. It inherits the
worker's memory limit and dies with the worker.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import json
import re
import shutil
import signal
import subprocess
import sys
from typing import Any

from evidence.parsers import ParseError, Source, StepResult

NO_FFPROBE = "ffprobe is not installed; duration and codecs not read"
FORMATS = (
    "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,mp3,wav,flac,ogg,aac,mpegts,mpeg,"
    "asf,flv,amr,caf,aiff,w64,wv,ape,dv,mxf,m4v,h264,hevc,mpegvideo,ivf,rm"
)
# A backstop only: the sandbox's own time limit is normally much shorter.
FFPROBE_TIMEOUT_SECONDS = 300
_ISO6709 = re.compile(
    r"([+-]\d\d(?:\.\d+)?)"  # latitude
    r"([+-]\d{3}(?:\.\d+)?)"  # longitude
    r"([+-]\d+(?:\.\d+)?)?/?"  # altitude
)
_REFUSED_FORMAT = re.compile(r"\[(\S+) @ 0x[0-9a-f]+\] Format not on whitelist")
_LOCATION_TAGS = ("com.apple.quicktime.location.ISO6709", "location")
_DEVICE_TAGS = {
    "device_make": ("com.apple.quicktime.make", "com.android.manufacturer", "make"),
    "device_model": ("com.apple.quicktime.model", "com.android.model", "model"),
    "software": ("com.apple.quicktime.software", "encoder"),
}
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Have the kernel kill ffprobe if the worker is killed first (Linux only)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def probe_media(source: Source) -> StepResult:
    """Duration, codecs, dimensions, creation time, and place when recorded."""
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        raise ParseError(NO_FFPROBE)
    target = f"file:{source.path}"
    command = [ffprobe, "-v", "error", "-hide_banner", "-protocol_whitelist", "file"]
    command += ["-format_whitelist", FORMATS, "-print_format", "json"]
    command += ["-show_format", "-show_streams", target]
    completed = subprocess.run(  # noqa: S603 - fixed arguments, path behind "file:"
        command,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=FFPROBE_TIMEOUT_SECONDS,
        preexec_fn=_die_with_parent,  # safe: sandbox workers are single-threaded
        check=False,
    )
    if completed.returncode != 0:
        raise ParseError(
            f"ffprobe could not read the file: {_reason(completed.stderr)}"
        )
    report = json.loads(completed.stdout)
    container: dict[str, Any] = report.get("format", {})
    container.pop("filename", None)
    streams: list[dict[str, Any]] = report.get("streams", [])
    result = StepResult(raw={"format": container, "streams": streams})
    _summarise(container, streams, result)
    return result


def _reason(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    refused = next(filter(None, map(_REFUSED_FORMAT.search, lines)), None)
    if refused:
        return f"its container format ({refused[1]}) is not accepted"
    return lines[-1].rpartition(": ")[2] if lines else "no output"


def _summarise(
    container: dict[str, Any], streams: list[dict[str, Any]], out: StepResult
) -> None:
    # Live streams and still images have no duration.
    with contextlib.suppress(KeyError, TypeError, ValueError):
        out.fields["duration_seconds"] = round(float(container["duration"]), 3)
    codecs = [s["codec_name"] for s in streams if s.get("codec_name")]
    out.fields["codecs"] = list(dict.fromkeys(codecs))
    for stream in streams:
        cover_art = stream.get("disposition", {}).get("attached_pic")
        if stream.get("codec_type") == "video" and not cover_art and "width" in stream:
            out.fields["width"] = stream["width"]
            out.fields["height"] = stream["height"]
            break
    tags = {**_stream_tags(streams), **container.get("tags", {})}
    created = tags.get("creation_time")
    if created:
        try:
            moment = dt.datetime.fromisoformat(created)
        except ValueError:
            out.problems.append(f"creation_time {created!r} is not an ISO 8601 time")
        else:
            out.fields["media_creation_time"] = moment.isoformat()
    for field, names in _DEVICE_TAGS.items():
        value = next((tags[n] for n in names if tags.get(n)), None)
        if value:
            out.fields[field] = value.strip()
    location = next((tags[n] for n in _LOCATION_TAGS if tags.get(n)), None)
    if location:
        _location(location, out)


def _stream_tags(streams: list[dict[str, Any]]) -> dict[str, str]:
    tags: dict[str, str] = {}
    for stream in reversed(streams):
        tags.update(stream.get("tags", {}))
    return tags


def _location(written: str, out: StepResult) -> None:
    """ISO 6709 decimal degrees, as phones write them: "+50.4501+030.5234+179.5/"."""
    match = _ISO6709.fullmatch(written.strip())
    if match is None:
        out.problems.append(f"location {written!r} is not ISO 6709; not used")
        return
    latitude, longitude = float(match[1]), float(match[2])
    if abs(latitude) > 90 or abs(longitude) > 180:
        out.problems.append(f"location {written!r} is out of range; not used")
        return
    out.fields["gps_latitude"] = latitude
    out.fields["gps_longitude"] = longitude
    if match[3]:
        out.fields["gps_altitude"] = float(match[3])
