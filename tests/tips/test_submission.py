"""A source sends a tip: encrypted on arrival, accessioned, with strict headers and
no cookie."""

import hashlib
import io

import pyrage
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chain_of_custody.models import CustodyEvent
from tips.models import Source, Tip, TipPart
from tips.store import tips_store

pytestmark = pytest.mark.django_db


def send(client, message="", files=(), **extra):
    data = {"message": message}
    if files:
        data["files"] = [SimpleUploadedFile(name, body) for name, body in files]
    return client.post("/tips/", data, **extra)


def test_the_form_works_without_javascript_and_sets_no_cookie(client):
    response = client.get("/tips/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form method="post" enctype="multipart/form-data"' in html
    assert "<script" not in html
    assert "http://" not in html
    assert "https://" not in html
    assert not response.cookies
    assert "Set-Cookie" not in str(response.headers)


def test_tip_routes_send_strict_headers(client):
    for url in ("/tips/", "/tips/return/", "/tips/style.css"):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "default-src 'none'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "form-action 'self'" in csp
        assert "script-src" not in csp
        assert response["Cache-Control"] == "no-store"
        assert response["Referrer-Policy"] == "no-referrer"


def test_a_message_and_files_are_stored_encrypted_and_accessioned(client, org_identity):
    photo = b"\x89PNG fake photo bytes " * 1000
    response = send(
        client,
        message="Soldiers at the school",
        files=[("IMG_0001.png", photo), ("notes.txt", b"list of names")],
    )
    assert response.status_code == 200
    assert b"Your tip was received" in response.content
    assert not response.cookies

    tip = Tip.objects.get()
    assert tip.received_hour.minute == tip.received_hour.second == 0
    parts = list(tip.parts.order_by("index"))
    assert [p.kind for p in parts] == ["message", "file", "file"]
    expected = [b"Soldiers at the school", photo, b"list of names"]
    store = tips_store()
    for part, plaintext in zip(parts, expected, strict=True):
        ciphertext = store.read(part.ciphertext_name)
        assert ciphertext.startswith(b"age-encryption.org/v1")
        assert plaintext not in ciphertext
        assert pyrage.decrypt(ciphertext, [org_identity]) == plaintext
        assert part.sha256 == hashlib.sha256(plaintext).hexdigest()
        assert part.size == len(plaintext)

    events = list(CustodyEvent.objects.filter(event_type="acc").order_by("seq"))
    assert [e.item_sha256 for e in events] == [p.sha256 for p in parts]
    assert [e.details_commitment for e in events] == [
        p.accession_commitment for p in parts
    ]
    for event in events:
        assert event.item_id is None
        assert event.actor_pid == "system"
        assert set(event.detail.details) == {"sha256", "size", "kind"}


def test_file_names_are_kept_only_inside_the_encrypted_manifest(client, org_identity):
    send(client, files=[("Colonel-Ivanov-orders.pdf", b"%PDF-1.4 orders")])
    tip = Tip.objects.get()
    manifest = pyrage.decrypt(tips_store().read(tip.manifest_name), [org_identity])
    assert b"Colonel-Ivanov-orders.pdf" in manifest
    assert hashlib.sha256(b"%PDF-1.4 orders").hexdigest().encode() in manifest
    for model in (Tip, TipPart, Source):
        for row in model.objects.values():
            assert "Colonel-Ivanov" not in str(row)


def test_an_empty_submission_is_refused_and_nothing_is_kept(client):
    response = send(client, message="   ")
    assert response.status_code == 400
    assert b"Write a message or attach at least one file." in response.content
    assert not Tip.objects.exists()


def test_a_file_over_the_limit_is_refused_and_no_ciphertext_remains(client, settings):
    settings.INDISPUTABLE_TIPS_MAX_FILE_BYTES = 1000
    response = send(client, files=[("big.bin", b"x" * 5000)])
    assert response.status_code == 400
    assert b"each file can be at most 1,000 bytes" in response.content
    assert not Tip.objects.exists()
    assert tips_store().names() == []
    assert not CustodyEvent.objects.exists()


def test_too_many_files_are_refused(client, settings):
    settings.INDISPUTABLE_TIPS_MAX_FILES = 2
    response = send(client, files=[(f"{i}.txt", b"abc") for i in range(3)])
    assert response.status_code == 400
    assert b"at most 2 files can be sent at once" in response.content
    assert not Tip.objects.exists()
    assert tips_store().names() == []


def test_a_body_larger_than_allowed_is_refused_before_it_is_read(client, settings):
    settings.INDISPUTABLE_TIPS_MAX_FILES = 1
    settings.INDISPUTABLE_TIPS_MAX_FILE_BYTES = 10
    response = send(client, files=[("a.bin", b"x" * 400_000)])
    assert response.status_code == 413
    assert response["Cache-Control"] == "no-store"
    assert tips_store().names() == []


def test_the_hourly_submission_limit_holds_without_any_address(client, settings):
    settings.INDISPUTABLE_TIPS_MAX_SUBMISSIONS_PER_HOUR = 2
    for n in range(2):
        assert send(client, message=f"tip {n}").status_code == 200
    response = send(client, message="one too many")
    assert response.status_code == 429
    assert b"too many submissions right now" in response.content
    assert Tip.objects.count() == 2


def test_the_hourly_byte_quota_stops_an_upload_midway(client, settings):
    settings.INDISPUTABLE_TIPS_MAX_BYTES_PER_HOUR = 100_000
    assert send(client, files=[("a.bin", b"a" * 60_000)]).status_code == 200
    response = send(client, files=[("b.bin", b"b" * 60_000)])
    assert response.status_code in (400, 429)
    assert Tip.objects.count() == 1
    assert len(tips_store().names()) == 2  # the first tip's manifest and file


def test_a_post_from_another_site_is_refused(client):
    response = send(
        client,
        message="forged",
        HTTP_ORIGIN="https://evil.example",
        HTTP_SEC_FETCH_SITE="cross-site",
    )
    assert response.status_code == 403
    assert not Tip.objects.exists()


def test_a_request_to_the_onion_host_serves_only_the_tip_pages(client, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "tipsxyz.onion"]
    settings.INDISPUTABLE_TIPS_HOSTS = ["tipsxyz.onion"]
    response = client.get("/admin/", HTTP_HOST="tipsxyz.onion")
    assert response.status_code == 301
    assert response["Location"] == "/tips/"
    assert response["Referrer-Policy"] == "no-referrer"


def test_large_files_stream_through_encryption(client, org_identity):
    body = io.BytesIO()
    chunk = bytes(range(256)) * 4096  # 1 MiB
    for _ in range(6):
        body.write(chunk)
    data = body.getvalue()
    send(client, files=[("video.mp4", data)])
    part = TipPart.objects.get()
    assert part.size == len(data)
    assert part.sha256 == hashlib.sha256(data).hexdigest()
    assert (
        pyrage.decrypt(tips_store().read(part.ciphertext_name), [org_identity]) == data
    )
