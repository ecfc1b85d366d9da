"""extract_metadata on photos: capture time, GPS, device, and damaged EXIF."""

import json

import pytest

from evidence.parsers import extract_metadata
from evidence.parsers.exif import NO_TIFF_HEADER
from tests.evidence import samples


def _extract(path, mime_type="image/jpeg", **options):
    return extract_metadata(str(path), mime_type, **options)


def test_camera_jpeg_gives_every_normalised_field(tmp_path):
    result = _extract(samples.camera_jpeg(tmp_path / "IMG_0001.JPG"))

    fields = result["fields"]
    assert result["errors"] == []
    assert round(fields.pop("gps_latitude"), 6) == samples.LATITUDE
    assert round(fields.pop("gps_longitude"), 6) == samples.LONGITUDE
    assert fields == {
        "width": 1280,
        "height": 960,
        "capture_time": "2024-03-05T14:22:31+03:00",
        "capture_time_has_offset": True,
        "capture_utc_offset": "+03:00",
        "gps_altitude": 179.5,
        "device_make": "Canon",
        "device_model": "Canon EOS R6",
        "device_serial": "032021001234",
        "software": "Firmware Version 1.8.2",
        "orientation": 1,
    }


def test_raw_keeps_every_tag_and_is_json(tmp_path):
    result = _extract(samples.private_jpeg(tmp_path / "private.jpg"))

    raw = json.loads(json.dumps(result["raw"]))
    exif = raw["exif"]
    assert exif["IFD0"]["DateTime"] == "2024:03:06 09:00:00"
    assert exif["Exif"]["BodySerialNumber"] == samples.SERIAL
    assert exif["GPS"]["GPSLatitudeRef"] == "N"
    assert exif["GPS"]["GPSVersionID"] == "02030000"
    assert exif["Comment"] == "Owner: Owner Name, +380 44 000 0000"
    assert 'dc:creator="Owner Name"' in exif["XMP"]
    assert raw["image"]["info"]["icc_profile"].endswith(" bytes>")
    assert result["fields"]["orientation"] == 6


def test_modification_time_is_not_taken_for_the_capture_time(tmp_path):
    exif = samples.full_exif()
    sub = exif.get_ifd(0x8769)
    del sub[0x9003], sub[0x9004]  # DateTimeOriginal, DateTimeDigitized

    fields = _extract(samples.camera_jpeg(tmp_path / "a.jpg", exif=exif))["fields"]

    assert "capture_time" not in fields


def test_southern_and_western_coordinates_are_negative(tmp_path):
    exif = samples.full_exif(
        latitude=("S", ((1, 1), (17, 1), (315, 10))),
        longitude=("W", ((36, 1), (49, 1), (187, 10))),
    )

    fields = _extract(samples.camera_jpeg(tmp_path / "a.jpg", exif=exif))["fields"]

    assert round(fields["gps_latitude"], 6) == -1.292083
    assert round(fields["gps_longitude"], 6) == -36.821861


def test_out_of_range_latitude_is_rejected(tmp_path):
    exif = samples.full_exif(latitude=("N", ((95, 1), (0, 1), (0, 1))))

    result = _extract(samples.camera_jpeg(tmp_path / "a.jpg", exif=exif))

    assert "gps_latitude" not in result["fields"]
    assert "gps_longitude" not in result["fields"]
    assert result["errors"] == [
        {
            "step": "exif",
            "error": "GPSLatitude 95 is out of range (-90 to 90); "
            "GPS position not used",
        }
    ]
    assert result["fields"]["device_serial"] == samples.SERIAL


def test_unknown_hemisphere_is_rejected(tmp_path):
    exif = samples.full_exif(longitude=("X", samples.LONGITUDE_DMS))

    result = _extract(samples.camera_jpeg(tmp_path / "a.jpg", exif=exif))

    assert "gps_latitude" not in result["fields"]
    assert result["errors"] == [
        {
            "step": "exif",
            "error": "GPSLongitudeRef 'X' is not one of E, W; GPS position not used",
        }
    ]


def test_capture_time_without_offset_stays_naive(tmp_path):
    exif = samples.full_exif(offset=None)

    fields = _extract(samples.camera_jpeg(tmp_path / "a.jpg", exif=exif))["fields"]

    assert fields["capture_time"] == "2024-03-05T14:22:31"
    assert fields["capture_time_has_offset"] is False
    assert "capture_utc_offset" not in fields


def test_unset_camera_clock_gives_no_capture_time_and_no_error(tmp_path):
    exif = samples.full_exif(taken="0000:00:00 00:00:00")

    result = _extract(samples.camera_jpeg(tmp_path / "a.jpg", exif=exif))

    assert "capture_time" not in result["fields"]
    assert result["errors"] == []


def test_impossible_capture_time_is_reported(tmp_path):
    exif = samples.full_exif(taken="2024:13:45 10:00:00")

    result = _extract(samples.camera_jpeg(tmp_path / "a.jpg", exif=exif))

    assert "capture_time" not in result["fields"]
    assert result["errors"] == [
        {
            "step": "exif",
            "error": f"{tag} '2024:13:45 10:00:00' is not a valid date and time",
        }
        for tag in ("DateTimeOriginal", "DateTimeDigitized")
    ]


def test_exif_without_tiff_header_is_reported_and_image_step_still_runs(tmp_path):
    result = _extract(samples.corrupt_exif_jpeg(tmp_path / "a.jpg"))

    assert result["errors"] == [{"step": "exif", "error": NO_TIFF_HEADER}]
    assert NO_TIFF_HEADER == (
        "EXIF block is corrupt: it does not start with a TIFF header"
    )
    assert result["fields"] == {"width": 1280, "height": 960}


def test_exif_pointing_past_its_end_is_reported(tmp_path):
    path = samples.corrupt_exif_jpeg(tmp_path / "a.jpg", damage="offset")

    result = _extract(path)

    assert result["errors"] == [
        {
            "step": "exif",
            "error": "EXIF block is corrupt: Corrupt EXIF data. "
            "Expecting to read 2 bytes but only got 0.",
        }
    ]
    assert result["fields"] == {"width": 1280, "height": 960}


def test_file_name_is_ignored_and_sniffed_type_decides(tmp_path):
    jpeg = samples.camera_jpeg(tmp_path / "statement.pdf")
    html = samples.html_file(tmp_path / "photo.jpg")

    assert _extract(jpeg)["fields"]["device_serial"] == samples.SERIAL
    assert _extract(html, "text/html") == {
        "fields": {"text": samples.HTML_TEXT},
        "raw": {
            "text": {
                "encoding": "utf-8",
                "title": "Field report",
                "meta": {"charset": "utf-8", "author": "Local Reporter"},
                "text_truncated": False,
            }
        },
        "errors": [],
    }


def test_bytes_of_another_type_are_refused_once(tmp_path):
    jpeg = samples.camera_jpeg(tmp_path / "a.png")

    result = _extract(jpeg, "image/png")

    assert result == {
        "fields": {},
        "raw": {},
        "errors": [
            {"step": "image", "error": "the bytes are not a readable image/png image"}
        ],
    }


def test_a_failing_step_does_not_stop_the_others(tmp_path):
    path = samples.camera_jpeg(tmp_path / "a.jpg")

    result = _extract(path, steps=["pdf", "exif", "image"])

    assert result["errors"] == [
        {
            "step": "pdf",
            "error": "the bytes are not a readable PDF: Stream has ended unexpectedly",
        }
    ]
    assert result["fields"]["device_serial"] == samples.SERIAL
    assert result["fields"]["width"] == 1280


@pytest.mark.parametrize("mime_type", ["application/zip", "application/octet-stream"])
def test_types_without_a_parser_give_an_empty_result(tmp_path, mime_type):
    path = tmp_path / "blob"
    path.write_bytes(b"PK\x03\x04")

    assert _extract(path, mime_type) == {"fields": {}, "raw": {}, "errors": []}
