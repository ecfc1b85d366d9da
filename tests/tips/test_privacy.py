"""Nothing identifying is kept: no address, user agent or referrer in the database,
the logs or the data directory; no plaintext on disk; times kept to the hour."""

import io
import logging
import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import RequestFactory

from tips.models import Source, Tip
from tips.privacy import TipsLogFilter

UA_MARKER = "Marker-UserAgent-7f3a9c"
ADDRESS = "203.0.113.77"
REFERER_MARKER = "https://referrer-marker.example/7f3a9c"
PLAINTEXT_MARKER = b"PLAINTEXT-MARKER-the-general-signed-it-2b8e"


def _files_under(*roots: Path):
    for root in roots:
        for dirpath, _dirs, files in os.walk(root):
            for name in files:
                yield Path(dirpath) / name


def _data_dirs(tmp_path) -> list[Path]:
    return [Path(django_settings.DATA_DIR), tmp_path]


def _assert_absent(needles: list[bytes], roots: list[Path]) -> None:
    for path in _files_under(*roots):
        data = path.read_bytes()
        for needle in needles:
            assert needle not in data, f"{needle!r} found in {path}"
            assert needle not in str(path).encode()


def _identifying_request(client, url, data):
    return client.post(
        url,
        data,
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=UA_MARKER,
        HTTP_REFERER=REFERER_MARKER,
        HTTP_X_FORWARDED_FOR=ADDRESS,
    )


@pytest.mark.django_db(transaction=True)
def test_no_address_user_agent_or_referrer_is_kept_anywhere(client, caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    response = _identifying_request(
        client,
        "/tips/",
        {
            "message": "what I saw",
            "codename": "on",
            "files": [SimpleUploadedFile("a.txt", b"report")],
        },
    )
    assert response.status_code == 200
    # Failures log too: a 404 and a refused sign-in under the tip routes.
    client.get("/tips/no-such-page/", REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=UA_MARKER)
    _identifying_request(client, "/tips/return/", {"codename": "wrong words"})

    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    for marker in (UA_MARKER, ADDRESS, "referrer-marker"):
        assert marker not in dump.getvalue()
        for record in caplog.records:
            assert marker not in record.getMessage()
            assert marker not in str(record.__dict__)
            request = getattr(record, "request", None)
            if request is not None:
                assert marker not in str(getattr(request, "META", ""))
        assert marker not in caplog.text
    _assert_absent(
        [UA_MARKER.encode(), ADDRESS.encode(), b"referrer-marker"],
        _data_dirs(tmp_path),
    )


@pytest.mark.django_db(transaction=True)
def test_a_plaintext_marker_in_a_file_reaches_no_file_on_disk(client, tmp_path):
    body = b"x" * 300_000 + PLAINTEXT_MARKER + b"y" * 300_000
    response = client.post(
        "/tips/",
        {
            "message": "see attached " + PLAINTEXT_MARKER.decode(),
            "files": [
                SimpleUploadedFile(f"{PLAINTEXT_MARKER.decode()}.bin", body),
                SimpleUploadedFile("small.txt", PLAINTEXT_MARKER),
            ],
        },
    )
    assert response.status_code == 200
    assert Tip.objects.count() == 1
    files = list(_files_under(*_data_dirs(tmp_path)))
    assert any(p.suffix == ".age" for p in files)
    assert (
        any("sqlite3" in p.name for p in files)
        or "postgres" in (django_settings.DATABASES["default"]["ENGINE"])
    )
    _assert_absent([PLAINTEXT_MARKER], _data_dirs(tmp_path))


@pytest.mark.django_db
def test_stored_times_and_file_times_are_kept_to_the_hour(client, tmp_path):
    client.post("/tips/", {"message": "m", "codename": "on"})
    tip = Tip.objects.get()
    source = Source.objects.get()
    for value in (tip.received_hour, source.created_hour, source.last_seen_hour):
        assert (value.minute, value.second, value.microsecond) == (0, 0, 0)
    for path in (tmp_path / "tips").iterdir():
        assert int(path.stat().st_mtime) % 3600 == 0


def test_the_log_filter_drops_the_request_of_tip_routes():
    request = RequestFactory().get(
        "/tips/", REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=UA_MARKER
    )
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s",
        ("/tips/",),
        None,
    )
    record.request = request
    assert TipsLogFilter().filter(record)
    assert record.request is None
    assert UA_MARKER not in str(request.META)

    server = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("POST /tips/ HTTP/1.1", "200", "123"),
        None,
    )
    server.request = object()  # the client socket
    assert TipsLogFilter().filter(server)
    assert server.request is None


def test_other_routes_keep_their_log_records():
    request = RequestFactory().get("/admin/", REMOTE_ADDR=ADDRESS)
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "x", (), None
    )
    record.request = request
    TipsLogFilter().filter(record)
    assert record.request is request


@pytest.mark.django_db
def test_the_custody_log_dates_a_tip_only_to_the_hour(client):
    from chain_of_custody.models import CustodyEvent

    client.post("/tips/", {"message": "the convoy left at dawn"})

    accession = CustodyEvent.objects.get(event_type="acc")
    assert (
        accession.occurred_at.minute,
        accession.occurred_at.second,
        accession.occurred_at.microsecond,
    ) == (0, 0, 0)
