"""extract_metadata on audio and video, through ffprobe."""

import shutil

import pytest

from evidence.parsers import extract_metadata, media
from tests.evidence import samples

needs_ffmpeg = pytest.mark.skipif(
    shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None,
    reason="ffmpeg is not installed",
)


@pytest.fixture(scope="module")
def video(tmp_path_factory):
    return samples.video_mp4(tmp_path_factory.mktemp("media") / "clip.mp4")


@needs_ffmpeg
def test_video_gives_duration_codecs_time_and_place(video):
    result = extract_metadata(str(video), "video/mp4")

    fields = result["fields"]
    assert result["errors"] == []
    # The muxer's version string, which depends on the installed ffmpeg.
    assert fields.pop("software").startswith("Lavf")
    assert fields == {
        "duration_seconds": 2.0,
        "codecs": ["mpeg4", "aac"],
        "width": 160,
        "height": 120,
        "media_creation_time": "2024-03-05T11:22:31+00:00",
        "gps_latitude": 50.4501,
        "gps_longitude": 30.5234,
    }
    assert result["raw"]["media"]["format"]["tags"]["location"] == "+50.4501+030.5234/"
    assert "filename" not in result["raw"]["media"]["format"]


@needs_ffmpeg
def test_unreadable_media_is_reported(tmp_path):
    path = tmp_path / "clip.mp4"
    path.write_bytes(b"\x00\x01garbage" * 100)

    result = extract_metadata(str(path), "video/mp4")

    assert result["errors"] == [
        {
            "step": "media",
            "error": "ffprobe could not read the file: "
            "Invalid data found when processing input",
        }
    ]


@needs_ffmpeg
def test_playlist_dressed_as_video_is_not_followed(tmp_path):
    path = tmp_path / "clip.mp4"
    path.write_text(
        "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nhttp://127.0.0.1:9/a.ts\n"
    )

    result = extract_metadata(str(path), "video/mp4")

    assert result["errors"] == [
        {
            "step": "media",
            "error": "ffprobe could not read the file: "
            "its container format (hls) is not accepted",
        }
    ]


def test_missing_ffprobe_is_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(media.shutil, "which", lambda name: None)
    path = tmp_path / "clip.mp4"
    path.write_bytes(b"\x00" * 64)

    result = extract_metadata(str(path), "audio/mpeg")

    assert result == {
        "fields": {},
        "raw": {},
        "errors": [{"step": "media", "error": media.NO_FFPROBE}],
    }
    assert media.NO_FFPROBE == "ffprobe is not installed; duration and codecs not read"


@pytest.mark.parametrize(
    ("written", "fields"),
    [
        ("+50.4501+030.5234/", {"gps_latitude": 50.4501, "gps_longitude": 30.5234}),
        (
            "-33.8688+151.2093+012.5/",
            {"gps_latitude": -33.8688, "gps_longitude": 151.2093, "gps_altitude": 12.5},
        ),
    ],
)
def test_iso6709_locations_are_read(written, fields):
    result = media.StepResult()

    media._location(written, result)

    assert result.fields == fields
    assert result.problems == []


def test_impossible_location_is_rejected():
    result = media.StepResult()

    media._location("+95.0000+030.0000/", result)

    assert result.fields == {}
    assert result.problems == [
        "location '+95.0000+030.0000/' is out of range; not used"
    ]
